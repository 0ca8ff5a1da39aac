"""Limits on guessable things (sign-in, one-time codes) per client, shared by every worker."""

from __future__ import annotations

from datetime import timedelta

from privault.domain.errors import RateLimitedError
from privault.services.vault import Vault


def check_rate(vault: Vault, key: str, *, limit: int, window: timedelta) -> None:
    """Counted in a transaction of its own, so a refused attempt still counts."""
    with vault.unit_of_work() as uow:
        hits = uow.rate_limits.hit(key, vault.clock(), window)
        uow.commit()
    if hits > limit:
        minutes = max(1, int(window.total_seconds() // 60))
        raise RateLimitedError(
            "too many attempts; try again in {minutes} minutes", params={"minutes": minutes}
        )
