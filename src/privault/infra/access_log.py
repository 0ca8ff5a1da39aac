"""The server's access log without query values: a query string can carry what a person typed
(a mobile, an email), so each line keeps the path and the parameter names only."""

from __future__ import annotations

import logging
from copy import copy
from typing import Any
from urllib.parse import parse_qsl

from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter

REDACTED = "…"


def redact(full_path: str) -> str:
    """`/customers?by=mobile&value=138…` -> `/customers?by=…&value=…`."""
    path, mark, query = full_path.partition("?")
    if not mark:
        return path
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    return f"{path}?{'&'.join(f'{name[:40]}={REDACTED}' for name in names)}" if names else path


class RedactedAccessFormatter(AccessFormatter):
    """uvicorn's access line with the query values replaced before the line is formatted."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 -- logging's name
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            record = copy(record)
            client, method, full_path, version, status = args
            record.args = (client, method, redact(str(full_path)), version, status)
        return super().formatMessage(record)


def logging_config() -> dict[str, Any]:
    """uvicorn's own logging setup with the access formatter swapped for the redacting one."""
    config: dict[str, Any] = {**LOGGING_CONFIG, "formatters": dict(LOGGING_CONFIG["formatters"])}
    access = dict(config["formatters"]["access"])
    access["()"] = f"{__name__}.RedactedAccessFormatter"
    config["formatters"]["access"] = access
    return config
