"""How long the app takes to find a request's route: the top-level routers tried in turn, as
Starlette's router does, for the service day's busiest requests. No request is served: an
embedded SQLite installation is set up only to build the app.

Run `python bench/route_match.py [--rounds N]`; prints microseconds per match.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from starlette.routing import Match

sys.path.insert(0, str(Path(__file__).parent))

from privault.config import Settings
from privault.services.installation.setup import init_installation
from privault.web.app import create_app
from vault_bench import SHOP_IDENTITY

REQUESTS = (
    ("GET", "/today"),
    ("GET", "/api/v1/bookings"),
    ("POST", "/api/v1/customers/00000000-0000-0000-0000-000000000000/wallet/spend"),
    ("GET", "/customers"),
)


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def microseconds_per_match(routes: list[Any], method: str, path: str, rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        scope = _scope(method, path)
        for route in routes:
            if route.matches(scope)[0] == Match.FULL:
                break
    return (time.perf_counter() - started) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2_000)
    args = parser.parse_args()
    settings = Settings(home=Path(tempfile.mkdtemp(prefix="privault-routes-")))
    init_installation(settings, "salon", officer="owner", identity=SHOP_IDENTITY)
    routes = create_app(settings).router.routes
    for method, path in REQUESTS:
        spent = microseconds_per_match(routes, method, path, args.rounds)
        print(f"{method} {path}: {spent:.0f} us per match", flush=True)


if __name__ == "__main__":
    main()
