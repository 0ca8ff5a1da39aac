"""Who the CLI acts as and which installation it opens."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from privault.config import Settings
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.domain.policy import Actor
from privault.services.vault import Vault, open_vault


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigurationError("; ".join(str(e["msg"]) for e in exc.errors())) from None


def operator() -> Actor:
    """Until staff accounts exist, the CLI acts as the local operator (the shop owner)."""
    return Actor(name=f"operator:{getpass.getuser()}", roles=frozenset({"operator"}))


@contextmanager
def vault() -> Iterator[Vault]:
    opened = open_vault(settings())
    try:
        yield opened
    finally:
        opened.close()


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
