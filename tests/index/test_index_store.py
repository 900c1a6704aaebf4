"""Building, staleness and crash safety of the on-disk index."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import storage, store
from index.analysis import Analyzer
from index.corpus import corpus_checksum

ROOT = Path(__file__).resolve().parents[2]
NEW_PARAGRAPH = "\n\nThe quokka census of Rottnest counted 4,321 quokkas in the survey year.\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of the corpus that a test may edit."""
    return Path(shutil.copytree(ROOT / "corpus", tmp_path / "corpus"))


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "build" / "index"


@pytest.fixture
def article_file(corpus, article) -> Path:
    """The article's file in the private corpus."""
    return corpus / Path(article.path).name


def payload_identity(index_dir: Path) -> tuple[int, int]:
    stat = (index_dir / storage.RECORDS).stat()
    return stat.st_ino, stat.st_mtime_ns


def test_build_writes_a_manifest(corpus, index_dir):
    bundle = store.build(corpus, index_dir, k1=1.4, b=0.6)
    manifest = json.loads((index_dir / store.MANIFEST).read_text(encoding="utf-8"))
    assert manifest == bundle.manifest
    assert manifest["corpus_checksum"] == corpus_checksum(corpus)
    assert manifest["analyzer_version"] == Analyzer.version
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert manifest["bm25"] == {"k1": 1.4, "b": 0.6}
    assert manifest["counts"] == {"documents": 2, "chunks": len(bundle.chunks), "tables": 8, "facts": 15}
    assert set(manifest["files"]) == set(storage.FILES)
    assert all((index_dir / name).stat().st_size > 0 for name in storage.FILES)
    assert store.stale_reason(corpus, index_dir) is None


def test_the_loaded_index_is_the_built_one(corpus, index_dir):
    built = store.build(corpus, index_dir)
    loaded = store.load(index_dir)
    assert loaded.chunks == built.chunks
    assert [t.id for t in loaded.tables] == [t.id for t in built.tables]
    assert loaded.facts == built.facts
    assert (loaded.bm25.scores(["sendero"]) == built.bm25.scores(["sendero"])).all()
    assert loaded.manifest == built.manifest


def test_no_index_is_stale(corpus, index_dir):
    assert store.stale_reason(corpus, index_dir) == "no index"


@pytest.mark.parametrize("edit", ["append", "add file", "remove file", "rename file"])
def test_a_changed_corpus_makes_the_index_stale(corpus, index_dir, article_file, article, edit):
    store.build(corpus, index_dir)
    if edit == "append":
        with open(article_file, "a", encoding="utf-8") as f:
            f.write(".")
    elif edit == "add file":
        text = article_file.read_text(encoding="utf-8")
        (corpus / "another.md").write_text(text.replace(f"id: {article.id}", "id: another"), encoding="utf-8")
    elif edit == "remove file":
        article_file.unlink()
    else:
        article_file.rename(corpus / "renamed.md")
    assert store.stale_reason(corpus, index_dir) == "corpus changed"


@pytest.mark.parametrize("field, reason", [("analyzer_version", "analyzer changed"),
                                           ("format_version", "index format changed"),
                                           ("code_checksum", "index code or data changed")])
def test_a_manifest_from_other_code_is_stale(corpus, index_dir, field, reason):
    store.build(corpus, index_dir)
    manifest_path = index_dir / store.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest[field] = "0-old"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert store.stale_reason(corpus, index_dir) == reason


@pytest.mark.parametrize("name", storage.FILES)
def test_a_missing_index_file_is_stale(corpus, index_dir, name):
    store.build(corpus, index_dir)
    (index_dir / name).unlink()
    assert store.stale_reason(corpus, index_dir) == "no index"
    with pytest.raises(store.DamagedIndex, match="cannot be read"):
        store.load(index_dir)


def test_load_or_build_rebuilds_when_stale(corpus, index_dir, article_file):
    store.build(corpus, index_dir)
    with open(article_file, "a", encoding="utf-8") as f:
        f.write(NEW_PARAGRAPH)
    assert store.stale_reason(corpus, index_dir) == "corpus changed"
    bundle = store.load_or_build(corpus, index_dir)
    assert any("quokka census" in c.text for c in bundle.chunks)
    assert store.stale_reason(corpus, index_dir) is None
    assert any("quokka census" in c.text for c in store.load(index_dir).chunks)


def test_load_or_build_builds_a_missing_index(corpus, index_dir):
    bundle = store.load_or_build(corpus, index_dir)
    assert len(bundle.tables) == 8
    assert store.stale_reason(corpus, index_dir) is None


def test_load_or_build_loads_a_current_index_without_rebuilding(corpus, index_dir):
    store.build(corpus, index_dir)
    before = payload_identity(index_dir)
    bundle = store.load_or_build(corpus, index_dir)
    assert payload_identity(index_dir) == before
    assert len(bundle.chunks) == bundle.manifest["counts"]["chunks"]


def leftovers(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.parent.iterdir() if p.name != index_dir.name)


def test_a_build_that_fails_half_way_keeps_the_previous_index(corpus, index_dir, article_file, monkeypatch):
    previous = store.build(corpus, index_dir)
    identity = payload_identity(index_dir)
    with open(article_file, "a", encoding="utf-8") as f:
        f.write(NEW_PARAGRAPH)

    def write_half_then_fail(folder, *parts):
        (folder / storage.RECORDS).write_text('{"documents": [', encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(store, "write_files", write_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        store.build(corpus, index_dir)
    monkeypatch.undo()

    assert payload_identity(index_dir) == identity
    loaded = store.load(index_dir)
    assert loaded.chunks == previous.chunks
    assert store.read_manifest(index_dir) == previous.manifest
    assert leftovers(index_dir) == [], "the staging folder is cleaned up"
    # The old index is still recognised as out of date, so the next start rebuilds it.
    assert store.stale_reason(corpus, index_dir) == "corpus changed"
    assert any("quokka census" in c.text for c in store.load_or_build(corpus, index_dir).chunks)


KILLED_BUILD = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from index import storage, store

    def write_half_then_die(folder, *parts):
        with open(folder / storage.RECORDS, "w") as file:
            file.write('{{"documents": [')
            file.flush()
        os.kill(os.getpid(), signal.SIGKILL)   # no finally, no cleanup: a real crash

    store.write_files = write_half_then_die
    store.build(Path({corpus!r}), Path({index!r}))
""")


def test_a_build_killed_half_way_keeps_the_previous_index(corpus, index_dir, article_file):
    previous = store.build(corpus, index_dir)
    identity = payload_identity(index_dir)
    with open(article_file, "a", encoding="utf-8") as f:
        f.write(NEW_PARAGRAPH)
    script = KILLED_BUILD.format(root=str(ROOT), corpus=str(corpus), index=str(index_dir))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr.decode()

    assert payload_identity(index_dir) == identity
    assert sorted(os.listdir(index_dir)) == sorted([store.MANIFEST, *storage.FILES])
    assert store.load(index_dir).chunks == previous.chunks
    assert store.stale_reason(corpus, index_dir) == "corpus changed"
    # Whatever the dead build left beside the index does not stop the next one.
    bundle = store.load_or_build(corpus, index_dir)
    assert any("quokka census" in c.text for c in bundle.chunks)
    assert store.stale_reason(corpus, index_dir) is None


def test_a_first_build_that_fails_leaves_no_index(corpus, index_dir, monkeypatch):
    def fail(folder, *parts):
        raise OSError("disk full")

    monkeypatch.setattr(store, "write_files", fail)
    with pytest.raises(OSError):
        store.build(corpus, index_dir)
    assert not index_dir.exists()
    assert leftovers(index_dir) == []
    monkeypatch.undo()
    assert store.stale_reason(corpus, index_dir) == "no index"


DAMAGES = {
    "truncated": lambda data: data[:len(data) // 2],
    "a byte flipped": lambda data: data[:100] + bytes([data[100] ^ 0x01]) + data[101:],
    "emptied": lambda data: b"",
    "replaced by a pickle": lambda data: pickle.dumps({"runs": "code"}),
}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("name", storage.FILES)
def test_a_damaged_index_file_is_detected_and_rebuilt(tmp_path, name, damage):
    from tests.qa.conftest import ARTICLE, write_corpus
    corpus = write_corpus(tmp_path / "corpus", {"article": ARTICLE})
    index = tmp_path / "index"
    store.build(corpus, index)
    path = index / name
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    assert store.stale_reason(corpus, index) == "index file damaged"
    with pytest.raises(store.DamagedIndex, match=name):
        store.load(index)
    assert store.load_or_build(corpus, index).document("puerto-alto-history") is not None
    assert store.stale_reason(corpus, index) is None

