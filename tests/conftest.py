"""Shared fixtures: the real corpus, a built index, an app, and live server processes."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import store  # noqa: E402
from service import create_app  # noqa: E402
from service.config import Config  # noqa: E402


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """The real corpus built into a fresh index folder."""
    return store.build(ROOT / "corpus", tmp_path_factory.mktemp("index") / "index")


@pytest.fixture
def config(tmp_path) -> Config:
    return Config(data_dir=tmp_path / "data", index_dir=ROOT / "build" / "index")


@pytest.fixture
def app(config):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A real gunicorn process serving ``wsgi:app`` on a free loopback port."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None, port: int | None = None,
                 log_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # No rate limit unless a test sets one: most tests ask fast from one address on purpose.
        self.env = {**os.environ, "DATA_DIR": str(data_dir), "PUBLIC_BASE_URL": self.url, "ASKS_PER_MINUTE": "0",
                    **(env or {})}
        self.process: subprocess.Popen | None = None
        self.log_path = (log_dir or data_dir) / f"server-{self.port}.log"

    def start(self) -> "ServerProcess":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "ab")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "5", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=5).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("server did not answer /healthz within 60 s")

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 9 if kill else 15)
            self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def server_factory(tmp_path):
    """Start (and restart) servers on a data folder of the test's own."""
    started: list[ServerProcess] = []

    def start(data_dir: Path | None = None, env: dict[str, str] | None = None, port: int | None = None,
              log_dir: Path | None = None):
        server = ServerProcess(data_dir or tmp_path / "data", env, port, log_dir).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


ADMIN_KEY = "test-admin-key"


@pytest.fixture
def admin_server(server_factory, tmp_path):
    """A server over a copy of the corpus (so that tests may add and remove documents), with an
    admin key."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    server = server_factory(env={"CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index"),
                                 "ADMIN_API_KEY": ADMIN_KEY})
    server.corpus = corpus
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """One real server for the whole session, for tests that only read."""
    server = ServerProcess(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()
