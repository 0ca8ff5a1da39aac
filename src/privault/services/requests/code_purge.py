"""Expired one-time codes leave the database: a hash nobody can use is data kept without need."""

from __future__ import annotations

from datetime import timedelta

from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault

# Longer than the one-hour sending limit, which counts the codes sent in the last hour.
KEEP_EXPIRED = timedelta(days=1)


def purge_expired_codes(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        purged = uc.uow.codes.purge_expired(uc.now - KEEP_EXPIRED)
        uc.record(Action.HOUSEKEEPING, reason=f"purged {purged} expired one-time codes")
        uc.commit()
    return {"codes_purged": purged}
