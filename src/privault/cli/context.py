"""Which installation the CLI opens and which signed-in staff member it acts as."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from pydantic import ValidationError

from privault.cli.output import show_times_in
from privault.config import Settings
from privault.domain.audit import Channel
from privault.domain.errors import AuthenticationError, ConfigurationError, InvalidInputError
from privault.domain.policy import Actor
from privault.services.installation.shop_zone import shop_zone
from privault.services.staff.sessions import NOT_SIGNED_IN, Session, resume
from privault.services.use_case import Origin, request_origin
from privault.services.vault import Vault, open_vault

_actor: ContextVar[Actor | None] = ContextVar("cli_actor", default=None)


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError("; ".join(str(e["msg"]) for e in exc.errors())) from None


def session_file(current: Settings) -> Path:
    """The local operator's session: one per PRIVAULT_HOME, readable by this OS user only."""
    return current.home / "session"


def save_session(current: Settings, session: Session) -> None:
    path = session_file(current)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "token": session.token,
                "name": session.staff_name,
                "expires_at": session.expires_at.isoformat(),
            },
            handle,
        )


def saved_token(current: Settings) -> str | None:
    path = session_file(current)
    if not path.exists():
        return None
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["token"])
    except (ValueError, KeyError):
        return None


@contextmanager
def vault(*, signed_in: bool = True, channel: Channel | None = Channel.CLI) -> Iterator[Vault]:
    """Opens the installation and, unless told otherwise, resolves the signed-in staff member
    (available through `actor()` for the command's lifetime). Its audit events name the CLI as
    their channel (none: scheduled jobs), with no address: the command runs on the server."""
    current = settings()
    opened = open_vault(current)
    show_times_in(shop_zone(opened))
    origin = request_origin.set(Origin(channel=channel))
    try:
        token = None
        if signed_in:
            token = saved_token(current)
            if token is None:
                raise AuthenticationError(NOT_SIGNED_IN)
            reset = _actor.set(resume(opened, token))
        try:
            yield opened
        finally:
            if token is not None:
                _actor.reset(reset)
    finally:
        request_origin.reset(origin)
        opened.close()


def actor() -> Actor:
    signed = _actor.get()
    if signed is None:
        raise AuthenticationError(NOT_SIGNED_IN)
    return signed


def key_values(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for position, pair in enumerate(pairs, start=1):
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            # Name the position, not the text: a forgotten KEY= leaves a personal value here.
            raise InvalidInputError(
                "write each field as KEY=VALUE, e.g. mobile=13812345678",
                field=f"field argument {position}",
            )
        values[key.strip()] = value
    return values
