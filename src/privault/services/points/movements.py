"""Points moved at the desk: redeemed (refused above the points held), adjusted by hand with a
reason (the manager's), and the business's rules for earning and expiry."""

from __future__ import annotations

from privault.domain.ledger import (
    EntryKind,
    Ledger,
    LedgerEntry,
    NewEntry,
    parse_points,
    parse_reason,
)
from privault.domain.points import (
    RULES_KEY,
    PointsRules,
    months_later,
    parse_rules,
    rules_from_json,
)
from privault.domain.policy import Action, Actor
from privault.services.ledgers.accounts import customer_for, post
from privault.services.use_case import use_case
from privault.services.vault import Vault


def redeem_points(
    vault: Vault, actor: Actor, customer_id: str, points: str | None, reason: str | None = None
) -> LedgerEntry:
    amount = parse_points(points)
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, Action.POINTS_MOVE)
        entry = NewEntry(
            Ledger.POINTS,
            row.id,
            row.store,
            EntryKind.REDEEM,
            -amount,
            uc.now,
            uc.actor.name,
            reason=reason,
        )
        posted = post(uc, entry, Action.POINTS_MOVE)
        uc.commit()
    return posted


def adjust_points(
    vault: Vault, actor: Actor, customer_id: str, points: str | None, reason: str | None
) -> LedgerEntry:
    """Points added by hand last as long as earned ones; taken away, refused below 0."""
    amount = parse_points(points, signed=True)
    why = parse_reason(reason, "say why the points are adjusted")
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, Action.LEDGER_CORRECT)
        rules = rules_from_json(uc.uow.installation.get(RULES_KEY))
        expires = months_later(uc.now, rules.expiry_months) if amount > 0 else None
        entry = NewEntry(
            Ledger.POINTS,
            row.id,
            row.store,
            EntryKind.ADJUST,
            amount,
            uc.now,
            uc.actor.name,
            reason=why,
            expires_at=expires,
        )
        posted = post(uc, entry, Action.LEDGER_CORRECT)
        uc.commit()
    return posted


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
        rules = parse_rules(
            points_per_yuan, expiry_months, rules_from_json(uc.uow.installation.get(RULES_KEY))
        )
        uc.uow.installation.put(RULES_KEY, rules.to_json())
        uc.record(
            Action.SHOP_SETTINGS,
            reason=f"points rules: {rules.points_per_yuan} a yuan, {rules.expiry_months} months",
        )
        uc.commit()
    return rules
