"""One settings stamp per web request.

Each worker caches settings (the role matrix, the catalog, opening hours) against the stamp
every settings write moves (`db/installation.py`). Read per unit of work, a console page paid
the stamp's round trip twice, once for its use case and once for its frame. Within one
request every unit of work now takes the stamp its first one read, so a page and its frame
agree on one version of the settings, and the credential's read (an API token, a console
session) carries it as a column, so a request pays no statement of its own for it; a use case
that changes settings forgets it on commit,
so what the same request shows next is read afresh. Outside a web request (CLI, jobs) each
unit of work reads its own, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from privault.db.unit_of_work import UnitOfWork


@dataclass
class _Seen:
    """Shared by the request's threads (each runs in a copy of the request's context, which
    holds this same object), so a stamp one thread read serves the others."""

    stamp: int | None = None


_seen: ContextVar[_Seen | None] = ContextVar("settings_seen", default=None)


@contextmanager
def one_stamp_per_request() -> Iterator[None]:
    token = _seen.set(_Seen())
    try:
        yield
    finally:
        _seen.reset(token)


def settings_stamp(uow: UnitOfWork) -> int:
    seen = _seen.get()
    if seen is None:
        return uow.installation.settings_version()
    if seen.stamp is None:
        seen.stamp = uow.installation.settings_version()
    return seen.stamp


def carried(stamp: int) -> None:
    """A stamp read along with the request's credential (the token or session read carries
    it as a column): the request's, unless one was read already."""
    seen = _seen.get()
    if seen is not None and seen.stamp is None:
        seen.stamp = stamp


def settings_moved() -> None:
    """After a commit that changed settings: the request's next unit of work reads again."""
    seen = _seen.get()
    if seen is not None:
        seen.stamp = None
