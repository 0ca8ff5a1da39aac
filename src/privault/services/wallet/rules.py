"""The business's top-up bonus tiers ("pay 1000.00, get 100.00")."""

from __future__ import annotations

from collections.abc import Sequence

from privault.domain.policy import Action, Actor
from privault.domain.wallet import (
    RULES_KEY,
    WalletRules,
    describe_tiers,
    parse_tiers,
    rules_from_json,
)
from privault.services.use_case import use_case
from privault.services.vault import Vault


def wallet_rules(vault: Vault, actor: Actor) -> WalletRules:
    with use_case(vault, actor) as uc:
        uc.require(Action.WALLET_READ)
        return rules_from_json(uc.uow.installation.get(RULES_KEY))


def set_bonus_tiers(vault: Vault, actor: Actor, tiers: Sequence[str]) -> WalletRules:
    """Applies to top-ups from now on; none clears them (no bonus)."""
    rules = parse_tiers(tiers)
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        uc.uow.installation.put(RULES_KEY, rules.to_json())
        uc.record(
            Action.SHOP_SETTINGS,
            reason="top-up bonus tiers: " + (", ".join(describe_tiers(rules)) or "none"),
        )
        uc.commit()
    return rules
