"""`privault serve`: the console, the portal and the REST API over HTTP (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from privault.cli import context
from privault.infra.access_log import logging_config


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (sessions live in the database).")
    ] = 1,
    threads: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Requests each worker handles at once (PRIVAULT_WEB_THREADS)."
        ),
    ] = None,
    jobs: Annotated[
        bool,
        typer.Option(
            help="Run the scheduled jobs here (--no-jobs: a `privault worker` runs them)."
        ),
    ] = True,
) -> None:
    """Serve this installation; several workers share it through the database."""
    if not jobs:
        os.environ["PRIVAULT_RUN_JOBS"] = "false"
    if threads is not None:
        os.environ["PRIVAULT_WEB_THREADS"] = str(threads)  # the workers read their settings
    context.settings()  # refuse a missing installation before starting workers
    uvicorn.run(
        "privault.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # The app itself believes forwarded headers, and only from PRIVAULT_TRUSTED_PROXIES
        # (web/security.py): uvicorn's own default trusts any proxy on 127.0.0.1.
        proxy_headers=False,
        log_config=logging_config(),  # no query value in the access log
        log_level="info",
    )
