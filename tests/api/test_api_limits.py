"""Ask limits shared through a real Redis server, across server processes; a Redis that is down
lets questions through."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
import redis
import requests

from tests.conftest import free_port

QUESTION = {"question": "¿Quién lidera en Lima?"}


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of the test's own on a free loopback port (Debian's package)."""
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server is missing: install it (apt-get install redis-server) to run the limit tests"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_two_servers_count_one_client_once_through_redis(server_factory, tmp_path, redis_url):
    limits = {"ASKS_PER_MINUTE": "4", "ASK_BURST": "4", "REDIS_URL": redis_url}
    first = server_factory(tmp_path / "a", env=limits)
    second = server_factory(tmp_path / "b", env=limits)
    statuses = [requests.post(server.url + "/api/ask", json=QUESTION, timeout=30).status_code
                for server in (first, second, first, second, first, second)]
    # Four questions in all, wherever they were asked; each server alone would have taken four.
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert redis.Redis.from_url(redis_url).dbsize() > 0


def test_a_redis_that_is_down_lets_questions_through_and_says_so_once(server_factory, tmp_path):
    server = server_factory(tmp_path / "data", env={"ASKS_PER_MINUTE": "1", "ASK_BURST": "1",
                                                    "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    statuses = [requests.post(server.url + "/api/ask", json=QUESTION, timeout=30).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    log = server.log_path.read_text()
    assert log.count("rate limit storage unavailable") <= 2 and "Traceback" not in log   # once per worker
