"""A pooled PostgreSQL connection its server ended is replaced before use, without a ping per
checkout (PostgreSQL only: SQLite has no server to end a connection)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from privault.db.engine import make_engine
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="a server-side disconnect needs PostgreSQL")


def test_a_connection_its_server_ended_is_replaced_on_checkout() -> None:
    engine = make_engine(PG_URL, connections=1)
    try:
        with engine.connect() as first:
            ended = first.execute(text("SELECT pg_backend_pid()")).scalar_one()
        admin = make_engine(PG_URL)
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": ended})
            connection.commit()
        admin.dispose()
        with engine.connect() as second:
            now = second.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert now != ended
    finally:
        engine.dispose()


def test_a_live_pooled_connection_is_reused() -> None:
    engine = make_engine(PG_URL, connections=1)
    try:
        with engine.connect() as first:
            pid = first.execute(text("SELECT pg_backend_pid()")).scalar_one()
        for _ in range(3):
            with engine.connect() as again:
                assert again.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
    finally:
        engine.dispose()
