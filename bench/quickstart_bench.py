"""Benchmark of `make run` on a fresh home (issue 18, point 10): seconds from the start of
scripts/start.sh (dependencies already installed) to the console answering /api/v1/health
(target < 30 s). The guided tour is `make tour`, not part of this.

Run `make bench-quickstart` or `python bench/quickstart_bench.py`; the figure goes to
bench/out/quickstart.json and bench/README.md records it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PRIVAULT_HOME": home, "PRIVAULT_PORT": str(port)}
        started = time.perf_counter()
        server = subprocess.Popen(
            ["sh", "scripts/start.sh"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while not answers(port):
                if server.poll() is not None or time.perf_counter() - started > LIMIT_S:
                    print("the console did not answer", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            seconds = time.perf_counter() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    figure = {"seconds_to_console": round(seconds, 1), "target_s": 30}
    (out / "quickstart.json").write_text(json.dumps(figure))
    print(json.dumps(figure))
    return 0


if __name__ == "__main__":
    sys.exit(main())
