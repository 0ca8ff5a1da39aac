"""Points moved at the desk: redeemed (refused above the points held), adjusted by hand with a
reason (the manager's), and the business's rules for earning and expiry."""

from __future__ import annotations

from privault.domain.ledger import EntryKind, Ledger, LedgerEntry, parse_points, parse_reason
from privault.domain.points import RULES_KEY, PointsRules, parse_rules, rules_from_json
from privault.domain.policy import Action, Actor
from privault.services.ledgers.accounts import Movement, move
from privault.services.use_case import use_case
from privault.services.vault import Vault


def redeem_points(
    vault: Vault, actor: Actor, customer_id: str, points: str | None, reason: str | None = None
) -> LedgerEntry:
    taken = Movement(Ledger.POINTS, EntryKind.REDEEM, -parse_points(points), reason)
    return move(vault, actor, customer_id, Action.POINTS_MOVE, taken)


def adjust_points(
    vault: Vault, actor: Actor, customer_id: str, points: str | None, reason: str | None
) -> LedgerEntry:
    """Points added by hand last as long as earned ones; taken away, refused below 0."""
    amount = parse_points(points, signed=True)
    why = parse_reason(reason, "say why the points are adjusted")
    adjusted = Movement(Ledger.POINTS, EntryKind.ADJUST, amount, why)
    return move(vault, actor, customer_id, Action.LEDGER_CORRECT, adjusted)


def points_rules(vault: Vault, actor: Actor) -> PointsRules:
    with use_case(vault, actor) as uc:
        uc.require(Action.POINTS_READ)
        return rules_from_json(uc.uow.installation.get(RULES_KEY))


def set_points_rules(
    vault: Vault,
    actor: Actor,
    *,
    points_per_yuan: str | None = None,
    expiry_months: str | None = None,
) -> PointsRules:
    """New rules apply to purchases from now on; points earned keep the expiry they got."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        current = rules_from_json(uc.uow.installation.get(RULES_KEY))
        rules = parse_rules(points_per_yuan, expiry_months, current)
        uc.uow.installation.put(RULES_KEY, rules.to_json())
        what = f"{rules.points_per_yuan} a yuan, {rules.expiry_months} months"
        uc.record(Action.SHOP_SETTINGS, reason=f"points rules: {what}")
        uc.commit()
    return rules
