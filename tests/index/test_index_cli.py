"""``python -m index`` as a user runs it, in a subprocess, on an index folder of the test's own."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from index import store

ROOT = Path(__file__).resolve().parents[2]
SEARCH_LINE_RE = re.compile(r"^1\. (\S+) \[(\w+)\] score=")
TABLE_LINE_RE = re.compile(r"^(\S+)  (\d+)x(\d+)  line (\d+)  (.+)$")


def run_cli(index_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "index", "--corpus", str(ROOT / "corpus"), "--index", str(index_dir), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    result = run_cli(index_dir, "build")
    assert result.returncode == 0, result.stderr
    return index_dir


def test_build_then_build_again_says_current(tmp_path):
    index_dir = tmp_path / "index"
    first = run_cli(index_dir, "build")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"built {index_dir} (no index)")
    assert "8 tables" in first.stdout and "2 documents" in first.stdout
    second = run_cli(index_dir, "build")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == f"index is current: {index_dir}"
    forced = run_cli(index_dir, "build", "--force")
    assert forced.stdout.startswith(f"built {index_dir} (forced)")


def test_status(tmp_path, index_dir):
    assert run_cli(index_dir, "status").stdout.strip() == "current"
    missing = run_cli(tmp_path / "nothing", "status")
    assert missing.returncode == 1 and missing.stdout.strip() == "stale: no index"


def test_search_puts_the_death_toll_passage_first(index_dir):
    result = run_cli(index_dir, "search", "deaths Shining Path")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    match = SEARCH_LINE_RE.match(lines[0])
    assert match, result.stdout
    chunk = next(c for c in store.load(index_dir).chunks if c.id == match.group(1))
    assert "approximately 24,000 deaths" in chunk.text
    assert match.group(2) == chunk.kind == "body"
    # The line under the hit quotes the start of that same passage.
    assert " ".join(chunk.text.split()).startswith(lines[1].strip().rstrip("…"))


def test_search_honours_k(index_dir):
    result = run_cli(index_dir, "search", "Sendero Luminoso", "-k", "3")
    ranks = [line.split(".")[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert ranks == ["1", "2", "3"]


def test_tables_lists_eight_tables_with_their_shapes(index_dir, source_tables):
    result = run_cli(index_dir, "tables")
    assert result.returncode == 0, result.stderr
    rows = [TABLE_LINE_RE.match(line) for line in result.stdout.splitlines()]
    listed = [m for m in rows if m]
    assert len(listed) == 8
    for match, source in zip(listed, source_tables):
        assert (int(match.group(2)), int(match.group(3))) == (len(source.row_labels), len(source.columns))
        assert int(match.group(4)) == source.first_line
        assert match.group(5).startswith(source.title)
    assert result.stdout.splitlines()[-1] == "fact sheet: 15 facts"
