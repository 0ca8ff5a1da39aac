"""The API benchmark's baseline: the same endpoint shape as POST /api/v1/customers/find, served
from a plaintext table with no token check, policy, encryption, blind index or audit.

`bench/api_bench.py` serves it with `uvicorn api_baseline:app --workers 2`; the database is
named by BASELINE_DATABASE_URL. Masking stays (a slice), so the JSON is the same size.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

import anyio.to_thread
from sqlalchemy import Column, Engine, MetaData, String, Table, create_engine, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

metadata = MetaData()
plain_customers = Table(
    "bench_plain_customers",
    metadata,
    Column("mobile", String(20), primary_key=True),
    Column("id", String(36), nullable=False),
    Column("store", String(64), nullable=False),
    Column("name", String(100), nullable=False),
    Column("email", String(200), nullable=False),
)


def _lookup(mobile: str) -> list[dict[str, Any]]:
    query = select(plain_customers).where(plain_customers.c.mobile == mobile)
    with _engine().connect() as connection:
        rows = connection.execute(query).all()
    return [
        {
            "id": r.id,
            "store": r.store,
            "status": "active",
            "is_minor": False,
            "created_at": "2026-11-23T09:30:00Z",
            "fields": {
                "name": r.name[:1] + "*" * (len(r.name) - 1),
                "mobile": f"{r.mobile[:3]}****{r.mobile[-4:]}",
                "email": r.email[:1] + "***" + r.email[r.email.index("@") :],
            },
            "purposes": ["membership", "service"],
        }
        for r in rows
    ]


async def find(request: Request) -> JSONResponse:
    # A blocking driver in the threadpool, as privault's sync routes run.
    value = request.query_params.get("value", "")  # the readiness probe's GET
    if request.method == "POST":
        value = str((await request.json()).get("value", ""))
    found = await run_in_threadpool(_lookup, value)
    return JSONResponse({"total": len(found), "customers": found})


# Tuned as privault's server is (PRIVAULT_WEB_THREADS): as many threads as pooled connections.
THREADS = int(os.environ.get("PRIVAULT_WEB_THREADS", "4"))


@cache
def _engine() -> Engine:
    url = os.environ["BASELINE_DATABASE_URL"]
    return create_engine(url, pool_pre_ping=True, pool_size=THREADS, max_overflow=THREADS)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


app = Starlette(
    routes=[Route("/api/v1/customers/find", find, methods=["GET", "POST"])], lifespan=lifespan
)
