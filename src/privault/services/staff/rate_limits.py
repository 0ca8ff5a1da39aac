"""Limits on guessable things (sign-in, one-time codes) per client, shared by every worker.

Two kinds: `check_rate` counts every attempt (asking for a code sends a message, which costs
whether or not it is used); `refuse_if_limited` + `count_failure` count failures only, so
that a shop's tablet signing many people in from one address is never locked out.
"""

from __future__ import annotations

from datetime import timedelta

from privault.domain.errors import RateLimitedError
from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


def check_rate(vault: Vault, key: str, *, limit: int, window: timedelta) -> None:
    """Counted in a transaction of its own, so a refused attempt still counts. Asked before
    anyone is known (a sign-in attempt, a one-time code), so nobody in particular asks."""
    with use_case(vault, ANONYMOUS) as uc:
        hits = uc.uow.rate_limits.hit(key, uc.now, window)
        uc.commit()
    if hits > limit:
        raise _limited(window)


def refuse_if_limited(vault: Vault, key: str, *, limit: int, window: timedelta) -> None:
    """Refuses once `limit` failures were counted in the window; counts nothing itself."""
    with use_case(vault, ANONYMOUS) as uc:
        failures = uc.uow.rate_limits.count(key, uc.now, window)
    if failures >= limit:
        raise _limited(window)


def count_failure(vault: Vault, key: str, *, window: timedelta) -> None:
    """One more failure against `key`, committed on its own whatever the caller does next."""
    with use_case(vault, ANONYMOUS) as uc:
        uc.uow.rate_limits.hit(key, uc.now, window)
        uc.commit()


def _limited(window: timedelta) -> RateLimitedError:
    minutes = max(1, int(window.total_seconds() // 60))
    return RateLimitedError(
        "too many attempts; try again in {minutes} minutes", params={"minutes": minutes}
    )
