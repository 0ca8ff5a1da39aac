"""The facts segments by class, member level and balance band read (issue 16): looked up in
bulk for the candidates of one audience, inside its use case; only counts leave it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from privault.domain.errors import InvalidInputError
from privault.domain.ledger import Ledger
from privault.domain.members import parse_level_key
from privault.domain.segments import Segment
from privault.services.customers.member_levels import level_rules
from privault.services.use_case import UseCase

BALANCES = {"points": Ledger.POINTS, "wallet": Ledger.WALLET}


def account_facts(
    uc: UseCase, ids: Sequence[str], segment: Segment
) -> dict[str, dict[str, object]]:
    """Per customer: `class` (the newest quarter's), `level` and `levels` (the rules' order),
    `points` and `wallet` (kept balances, fen for stored value), as the segment needs them."""
    needs = segment.needs
    more: dict[str, dict[str, object]] = {cid: {} for cid in ids}
    if "class" in needs:
        _put(more, "class", uc.uow.campaigns.classes_of(ids))
    if "level" in needs:
        levels = _levels(uc, segment)
        _put(more, "level", uc.uow.campaigns.levels_of(ids))
        for facts in more.values():
            facts["levels"] = levels
    for fact, ledger in BALANCES.items():
        if fact in needs:
            _put(more, fact, uc.uow.campaigns.balances_of(ledger.value, ids))
    return more


def _put(more: dict[str, dict[str, object]], fact: str, found: Mapping[str, object]) -> None:
    for cid, value in found.items():
        if cid in more:
            more[cid][fact] = value


def _levels(uc: UseCase, segment: Segment) -> tuple[frozenset[str], ...]:
    """The business's levels from the base up; a level the rules do not name is refused."""
    rules = level_rules(uc)
    for name, value in segment.criteria:
        if name == "level_at_least":
            try:
                parse_level_key(rules, str(value))
            except InvalidInputError as error:
                raise InvalidInputError(
                    error.template, field="level_at_least", params=error.params
                ) from None
    return tuple(frozenset({lv.key.casefold(), lv.name.casefold()}) for lv in rules.levels)
