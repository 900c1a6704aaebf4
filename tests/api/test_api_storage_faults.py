"""The data directory full, or read-only, under load: no 500, /healthz degraded at once, full
service back without a restart, and nothing acknowledged lost. The directory is a small tmpfs of the
test's own, so this needs the right to mount (root, as in CI); elsewhere it is skipped unless
REQUIRE_MOUNT=1 says it must run."""
from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.slow

QUESTIONS = ("¿Quién lidera en Lima?", "¿Y en el Sur?", "How many people were surveyed?", "¿Y en el Norte?")
ASKS_PER_PHASE = 120


@pytest.fixture
def small_disk(tmp_path):
    mount_point = tmp_path / "data"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        if os.environ.get("REQUIRE_MOUNT") == "1":
            pytest.fail(f"cannot mount a tmpfs: {mounted.stderr}")
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(directory: Path) -> Path:
    """Fills the file system until it has no byte left; returns the filler to delete."""
    filler = directory / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def ask_under_load(server, conversations: list[str]) -> tuple[list[int], list[dict]]:
    """ASKS_PER_PHASE asks from 8 clients, new conversations and follow-ups of acknowledged ones."""
    def one(i: int) -> requests.Response:
        body = {"question": QUESTIONS[i % len(QUESTIONS)]}
        if i % 2:
            body["conversation_id"] = conversations[i % len(conversations)]
        return requests.post(server.url + "/api/ask", json=body, timeout=60)

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(one, range(ASKS_PER_PHASE)))
    return [r.status_code for r in responses], [r.json() for r in responses]


def saved_turns(answers: list[dict]) -> list[tuple[str, int]]:
    return [(a["conversation_id"], a["turn"]) for a in answers if a.get("saved")]


def health(server) -> dict:
    return requests.get(server.url + "/healthz", timeout=30).json()


def test_a_full_data_directory_under_load_degrades_and_recovers_losing_nothing(server_factory, small_disk):
    server = server_factory(small_disk, log_dir=small_disk.parent)
    _, answers = ask_under_load(server, [""])   # "" is no conversation: all new ones
    acknowledged = saved_turns(answers)
    assert len(acknowledged) == ASKS_PER_PHASE and health(server)["status"] == "ok"
    filler = fill(small_disk)
    statuses, answers = ask_under_load(server, [c for c, _ in acknowledged][:8])
    report = health(server)
    filler.unlink()
    assert_degraded_then_recovered(server, statuses, answers, report, acknowledged)


def test_a_server_started_on_a_read_only_data_directory_recovers_when_it_is_writable(server_factory, small_disk):
    first = server_factory(small_disk, log_dir=small_disk.parent)
    _, answers = ask_under_load(first, [""])
    acknowledged = saved_turns(answers)
    first.stop()
    remount(small_disk, "ro")
    try:
        server = server_factory(small_disk, log_dir=small_disk.parent)
        statuses, answers = ask_under_load(server, [c for c, _ in acknowledged][:8])
        report = health(server)
    finally:
        remount(small_disk, "rw")
    assert_degraded_then_recovered(server, statuses, answers, report, acknowledged)


def assert_degraded_then_recovered(server, statuses: list[int], answers: list[dict], report: dict,
                                   acknowledged: list[tuple[str, int]]) -> None:
    assert 500 not in statuses and set(statuses) <= {200, 503}, statuses
    assert all(a["turn"] is None for a in answers if a.get("saved") is False)
    assert report["status"] == "degraded" and report["problems"], report
    # Back without a restart: the next ask is kept, and health says so.
    again = requests.post(server.url + "/api/ask", json={"question": QUESTIONS[0]}, timeout=30).json()
    assert again["saved"] is True
    assert health(server)["status"] == "ok"
    for conversation, turn in acknowledged + saved_turns(answers):
        history = requests.get(f"{server.url}/api/conversations/{conversation}", timeout=30).json()
        assert turn in [t["turn"] for t in history["turns"]], (conversation, turn)
    assert "Traceback" not in server.log_path.read_text()


def remount(mount_point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True)
