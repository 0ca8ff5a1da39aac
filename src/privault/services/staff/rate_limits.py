"""Limits on guessable things (sign-in, one-time codes) per client, shared by every worker."""

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
        minutes = max(1, int(window.total_seconds() // 60))
        raise RateLimitedError(
            "too many attempts; try again in {minutes} minutes", params={"minutes": minutes}
        )
