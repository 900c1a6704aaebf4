"""Fuzzing as a habit: Schemathesis against the running API, and atheris on the upload parsers.

    python -m scripts.fuzz            # a bounded run, as `make test` does after the tests
    python -m scripts.fuzz --long     # `make fuzz`: more examples, a minute per parser

The API is fuzzed on a server of its own, over a copy of the corpus and an index, data folder and
admin key of its own: Schemathesis adds and deletes documents with that key, and must not touch
the project's corpus. Every check Schemathesis has is run (schemathesis.toml says which refusals
count). Exit status 1 when either fuzzer found a failure.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = ("analyzer", "front_matter", "tables")
# The quick run (every `make test`) starts atheris from a fixed seed, so that CI repeats itself;
# the long one explores from a new seed each time.
BUDGETS = {"quick": {"examples": 15, "seconds": 15, "seed": ["-seed=20261127"]},
           "long": {"examples": 200, "seconds": 60, "seed": []}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder: Path, admin_key: str) -> tuple[subprocess.Popen, str]:
    shutil.copytree(ROOT / "corpus", folder / "corpus")
    port = free_port()
    env = {**os.environ, "CORPUS_DIR": str(folder / "corpus"), "INDEX_DIR": str(folder / "index"),
           "DATA_DIR": str(folder / "data"), "ADMIN_API_KEY": admin_key, "ASKS_PER_MINUTE": "0"}
    server = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--threads", "4", "--bind",
                               f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=open(folder / "server.log", "wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urlopen(url + "/healthz", timeout=2):
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the fuzzed server did not start: {(folder / 'server.log').read_text()[-2000:]}")


def fuzz_api(examples: int, seed: int) -> int:
    admin_key = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="fuzz-api-") as folder:
        server, url = serve(Path(folder), admin_key)
        try:
            return subprocess.call([str(BIN / "schemathesis"), "run", f"{url}/api/openapi.json", "--checks", "all",
                                    "--max-examples", str(examples), "--seed", str(seed),
                                    "-H", f"Authorization: Bearer {admin_key}"], cwd=ROOT)
        finally:
            server.terminate()
            server.wait(timeout=30)


def fuzz_parsers(seconds: int, seed: list[str]) -> int:
    failed = 0
    with tempfile.TemporaryDirectory(prefix="fuzz-corpus-") as artifacts:
        for target in TARGETS:
            print(f"atheris: {target} for {seconds} s", flush=True)
            result = subprocess.run([sys.executable, "-m", "scripts.fuzz_targets", target,
                                     f"-max_total_time={seconds}", f"-artifact_prefix={artifacts}/", *seed],
                                    cwd=ROOT, capture_output=True, text=True)
            print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "", flush=True)
            if result.returncode:
                print(result.stderr[-4000:], flush=True)
                failed += 1
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--long", action="store_true", help="the longer budget of `make fuzz`")
    parser.add_argument("--seed", type=int, default=20261127, help="Schemathesis seed (repeatable runs)")
    args = parser.parse_args(argv)
    budget = BUDGETS["long" if args.long else "quick"]
    api = fuzz_api(budget["examples"], args.seed)
    parsers = fuzz_parsers(budget["seconds"], budget["seed"])
    print(f"fuzzing: API {'passed' if api == 0 else 'FAILED'}, parsers {len(TARGETS) - parsers}/{len(TARGETS)} "
          "passed", flush=True)
    return 1 if api or parsers else 0


if __name__ == "__main__":
    sys.exit(main())
