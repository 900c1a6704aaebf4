"""HTTP throughput of ``POST /api/ask`` against a trivial Flask endpoint, same gunicorn settings.

    python -m scripts.bench_http [--workers 2] [--threads 4] [--connections 1,4,16] [--seconds 10]

Two gunicorn servers run side by side on loopback: the service (``wsgi:app``, the built index, a data
directory of its own, no rate limit) and ``scripts.trivial_app:app``, which answers a constant JSON
object. wrk (Debian's ``wrk``; ``apt-get install wrk``) loads each in turn at each number of
connections; the service's requests rotate over 50 realistic questions of the evaluation set. The
table gives requests per second, the ratio of the two, and the service's median and 99th-percentile
latency.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from scripts.eval_questions import load_questions
from scripts.evaluate import SET_FILES

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = 50
LATENCY_RE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: str, workers: int, threads: int, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urlopen(url + ("/healthz" if app == "wsgi:app" else "/"), timeout=5):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app} did not start within 60 s")


def lua_for_questions(path: Path) -> None:
    """A wrk script that posts the questions in turn."""
    questions = [q.turns[-1] for q in load_questions("ours", SET_FILES["ours"])][:QUESTIONS]
    bodies = ",\n".join(json.dumps(json.dumps({"question": q}, ensure_ascii=False), ensure_ascii=False)
                        for q in questions)
    path.write_text(f"""bodies = {{
{bodies}
}}
n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n % #bodies + 1
  return wrk.format(nil, "/api/ask", nil, bodies[n])
end
""", encoding="utf-8")


def run_wrk(url: str, connections: int, seconds: int, script: Path | None) -> tuple[float, float, float]:
    """Requests per second, median and 99th-percentile latency in milliseconds."""
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    command += ["-s", str(script)] if script else []
    out = subprocess.run([*command, url + ("/" if script is None else "")], capture_output=True, text=True,
                         check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in LATENCY_RE.findall(out)}
    if re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        raise SystemExit(f"errors under load:\n{out}")
    return rate, latency["50"], latency["99"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", default="1,4,16")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        script = Path(folder) / "ask.lua"
        lua_for_questions(script)
        env = {"DATA_DIR": str(Path(folder) / "data"), "ASKS_PER_MINUTE": "0"}
        servers = [start("scripts.trivial_app:app", args.workers, args.threads, env),
                   start("wsgi:app", args.workers, args.threads, env)]
        try:
            print(f"gunicorn {args.workers} workers x {args.threads} threads, wrk {args.seconds} s per cell, "
                  f"{QUESTIONS} rotating questions")
            print("| connections | trivial req/s | /api/ask req/s | ratio | ask p50 | ask p99 |")
            print("|---:|---:|---:|---:|---:|---:|")
            for connections in (int(c) for c in args.connections.split(",")):
                trivial, _, _ = run_wrk(servers[0][1], connections, args.seconds, None)
                ask, p50, p99 = run_wrk(servers[1][1], connections, args.seconds, script)
                print(f"| {connections} | {trivial:,.0f} | {ask:,.0f} | {ask / trivial:.1%} | {p50:.1f} ms "
                      f"| {p99:.1f} ms |", flush=True)
        finally:
            for process, _ in servers:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
