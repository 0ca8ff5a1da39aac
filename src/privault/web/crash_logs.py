"""Crashes logged without their messages: an exception's text may quote a personal value
(openpyxl's error for a NUL quoted the whole cell), so the server's log keeps each exception's
type and the frames it passed through, never its message."""

from __future__ import annotations

import logging
import traceback

# The loggers uvicorn writes a request's unhandled exception to.
SERVER_LOGGERS = ("uvicorn.error", "uvicorn.asgi")
WITHHELD = "(message withheld: it may quote a personal value)"
_CAUSE = "\n\nThe above exception led to the following exception:\n\n"


class ValueFreeTracebacks(logging.Filter):
    """Replaces a record's exception with its value-free text before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = value_free_traceback(record.exc_info[1])
            record.exc_info = None  # a handler with its own formatter would print the message
        return True


def value_free_traceback(error: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        context = None if current.__suppress_context__ else current.__context__
        current = current.__cause__ or context
    return _CAUSE.join(_one(e) for e in reversed(chain))


def _one(error: BaseException) -> str:
    frames = "".join(traceback.format_tb(error.__traceback__))
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    return f"Traceback (most recent call last):\n{frames}{kind}: {WITHHELD}"


def keep_values_out_of_crash_logs() -> None:
    """Idempotent: `create_app` runs once per worker, and tests build many apps."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ValueFreeTracebacks) for f in logger.filters):
            logger.addFilter(ValueFreeTracebacks())
