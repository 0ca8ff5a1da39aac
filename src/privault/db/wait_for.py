"""Used by `make test`: exits non-zero with a clear message when the test database is down."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError


def main(url: str) -> int:
    try:
        with create_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        print(f"PostgreSQL at {url} does not answer: {exc.orig}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
