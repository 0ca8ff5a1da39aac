"""The meals' card cutoffs and the closing time by which cards are back: installation settings
in the shop's local time (defaults 11:30, 17:00 and 22:00)."""

from __future__ import annotations

from privault.domain.cards import DEFAULT_CARD_TIMES, CardTimes, parse_card_times
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

SETTING = "card_times"


def card_times(uc: UseCase) -> CardTimes:
    return parse_card_times(uc.uow.installation.get(SETTING) or DEFAULT_CARD_TIMES)


def set_card_times(vault: Vault, actor: Actor, text: str) -> CardTimes:
    """Set like the opening hours, by whoever may edit the policy."""
    times = parse_card_times(text)
    with use_case(vault, actor) as uc:
        uc.require(Action.POLICY_EDIT)
        uc.uow.installation.put(SETTING, times.as_text())
        uc.record(Action.POLICY_EDIT, reason=f"card times {times.as_text()}")
        uc.commit()
    return times


def show_card_times(vault: Vault, actor: Actor) -> CardTimes:
    with use_case(vault, actor, read_only=True) as uc:
        return card_times(uc)
