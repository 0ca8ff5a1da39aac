"""A member's level moved inside the caller's use case: by the rules after a visit (the check-out
use case below calls it in its own transaction) or by the members area's job and manager.

It sits with the customer record because the check-out lives here and areas depend downwards:
the members area (above) uses it, never the other way round."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from privault.domain.members import (
    DEFAULT_RULES,
    SETTING,
    ChangeKind,
    LevelChange,
    LevelRules,
    Membership,
    MemberStatus,
    Standing,
    level_move,
    parse_level_rules,
    window_start,
)
from privault.domain.policy import Action
from privault.services.use_case import UseCase


def level_rules(uc: UseCase) -> LevelRules:
    stored = uc.uow.installation.get(SETTING)
    return DEFAULT_RULES if stored is None else parse_level_rules(stored)


def standing_of(uc: UseCase, customer_id: str, rules: LevelRules) -> Standing:
    """Spend and visits since the same day `window_months` ago, from midnight in the shop's zone."""
    hours = uc.vault.opening_hours(uc.uow)
    today = datetime.fromisoformat(hours.local_date(uc.now)).date()
    start = window_start(today, rules.window_months)
    since = datetime.combine(start, time.min, ZoneInfo(hours.zone))
    spend, visits = uc.uow.members.standing(customer_id, since)
    return Standing(spend, visits, rules.window_months)


def reevaluate_member(uc: UseCase, customer_id: str) -> LevelChange | None:
    """After a visit: an active member's level follows the rules (up; down only if allowed)."""
    membership = uc.uow.members.of_customer(customer_id)
    if membership is None or membership.status is not MemberStatus.ACTIVE:
        return None
    return reevaluate(uc, membership, level_rules(uc))


def reevaluate(uc: UseCase, membership: Membership, rules: LevelRules) -> LevelChange | None:
    if membership.customer_id is None:
        return None
    standing = standing_of(uc, membership.customer_id, rules)
    move = level_move(rules, membership.level, standing)
    if move is None:
        return None
    return change_level(uc, membership, move.to.key, ChangeKind.RULE, standing=standing)


def change_level(
    uc: UseCase,
    membership: Membership,
    to: str,
    kind: ChangeKind,
    *,
    reason: str | None = None,
    standing: Standing | None = None,
) -> LevelChange:
    """Written with its why, and audited without values: the rule's figures and a manager's
    words stay in the level history, which erasure deletes."""
    change = LevelChange(
        membership.id,
        None if kind is ChangeKind.ENROLLED else membership.level,
        to,
        kind,
        uc.now,
        uc.actor.name,
        reason=reason,
        spend_cents=standing.spend_cents if standing else None,
        visits=standing.visits if standing else None,
        window_months=standing.window_months if standing else None,
    )
    uc.uow.members.set_level(membership.id, to)
    uc.uow.members.add_change(change, membership.customer_id)
    why = f"member level {change.from_level or '-'} -> {to} ({kind.value})"
    uc.record(Action.MEMBER_LEVEL_CHANGE, customer_id=membership.customer_id, reason=why)
    return change
