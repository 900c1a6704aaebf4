"""Documents added and removed while questions keep coming: does any request fail?

Starts the service (gunicorn, 2 workers × 4 threads, as ``make run``) over a copy of the corpus
with an admin key, keeps 16 connections asking questions, and meanwhile adds and removes a CSV
poll 20 times through the API. Prints the requests made, the failures (any non-200, any error),
the generations the answers came from, and the latency of questions during the churn.
Usage: ``python -m scripts.reload_under_load [--connections 16] [--rounds 20]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
KEY = "reload-check-key"
QUESTIONS = ["¿Quién lidera en Lima?", "What is the margin of error?", "Who is Abimael Guzman?",
             "¿Cuánto tiene Rosa Díaz en Regiones?", "When was Sendero founded?"]
POLL = "Intención de voto municipal\n\nCandidato,Total,Lima,Regiones\nRosa Díaz,30.5,35.0,27.0\nJuan Paz,25.0,20.0,28.0\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "corpus", folder / "corpus")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CORPUS_DIR": str(folder / "corpus"), "INDEX_DIR": str(folder / "index"),
           "DATA_DIR": str(folder / "data"), "ADMIN_API_KEY": KEY, "ASKS_PER_MINUTE": "0"}
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "4",
                               "--bind", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if requests.get(url + "/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        stop = threading.Event()
        latencies: list[float] = []
        failures: list[str] = []
        generations: set = set()

        def ask(n: int) -> None:
            session = requests.Session()
            i = n
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    response = session.post(url + "/api/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]},
                                            timeout=30)
                    latencies.append(time.perf_counter() - started)
                    if response.status_code != 200:
                        failures.append(f"{response.status_code}: {response.text[:120]}")
                except requests.RequestException as error:
                    failures.append(repr(error))
                i += 1

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(args.connections)]
        for thread in threads:
            thread.start()
        auth = {"Authorization": f"Bearer {KEY}"}
        started = time.perf_counter()
        for round_ in range(args.rounds):
            added = requests.post(url + "/api/documents", headers=auth, timeout=120,
                                  files={"file": ("sondeo.csv", POLL.encode())}, data={"id": f"ronda-{round_}"})
            removed = requests.delete(url + f"/api/documents/ronda-{round_}", headers=auth, timeout=120)
            if added.status_code != 201 or removed.status_code != 200:
                failures.append(f"round {round_}: add {added.status_code}, remove {removed.status_code}")
            generations.add(requests.get(url + "/healthz", timeout=10).json()["index"]["generation"])
        churn = time.perf_counter() - started
        stop.set()
        for thread in threads:
            thread.join()
        latencies.sort()
        print(f"{args.rounds} additions and {args.rounds} removals in {churn:.1f} s, "
              f"{args.connections} connections asking meanwhile")
        print(f"questions answered: {len(latencies)}, failed requests: {len(failures)}")
        print(f"latency during the churn: median {1000 * statistics.median(latencies):.1f} ms, "
              f"p95 {1000 * latencies[int(0.95 * len(latencies))]:.1f} ms, max {1000 * latencies[-1]:.0f} ms")
        print(f"index generations reached: {min(generations)}..{max(generations)}")
        for failure in failures[:10]:
            print("  ", failure)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
