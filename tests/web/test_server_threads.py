"""A server worker handles as many requests at once as it keeps database connections."""

from __future__ import annotations

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from privault.config import Settings
from privault.services.vault import open_vault
from privault.web.app import create_app


def test_the_worker_runs_as_many_requests_at_once_as_the_setting_says(
    settings: Settings,
) -> None:
    tuned = settings.model_copy(update={"web_threads": 3})
    vault = open_vault(tuned, long_running=True)
    app = create_app(vault=vault)

    @app.get("/_threads")
    async def threads() -> int:  # the limiter belongs to the worker's event loop
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    try:
        with TestClient(app) as client:
            assert client.get("/_threads").json() == 3
        engine = vault.database.data_engine
        if engine.dialect.name == "postgresql":  # SQLite keeps its own file connections
            assert engine.pool.size() == 3  # type: ignore[attr-defined]
            assert vault.database.keystore_engine.pool.size() == 3  # type: ignore[attr-defined]
    finally:
        vault.close()


@pytest.mark.parametrize("threads", ["0", "65"])
def test_a_thread_count_out_of_range_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, threads: str
) -> None:
    monkeypatch.setenv("PRIVAULT_WEB_THREADS", threads)
    with pytest.raises(ValidationError, match="PRIVAULT_WEB_THREADS must be between 1 and 64"):
        Settings()
