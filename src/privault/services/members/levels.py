"""Member levels: the business's rules (shown, set and validated whole), a level set by hand
with a reason, and the scheduled re-evaluation of every active member."""

from __future__ import annotations

from privault.domain.members import (
    SETTING,
    ChangeKind,
    LevelRules,
    MemberStatus,
    parse_level_key,
    parse_level_rules,
    parse_reason,
)
from privault.domain.policy import Action, Actor
from privault.services.customers.member_levels import change_level, level_rules, reevaluate
from privault.services.customers.records import existing_customer
from privault.services.members.membership import MemberView, existing_membership, view_of
from privault.services.use_case import use_case
from privault.services.vault import Vault

BATCH = 500  # memberships per use case in the scheduled run


def show_level_rules(vault: Vault, actor: Actor) -> LevelRules:
    with use_case(vault, actor) as uc:
        uc.require(Action.MEMBER_LEVELS_READ)
        return level_rules(uc)


def set_level_rules(vault: Vault, actor: Actor, text: str) -> LevelRules:
    """Validated whole before anything is kept; members move at their next visit or at the
    next scheduled run, never silently down unless the new rules say `downgrade = true`."""
    rules = parse_level_rules(text)
    with use_case(vault, actor) as uc:
        uc.require(Action.MEMBER_LEVELS_CONFIGURE)
        uc.uow.installation.put(SETTING, rules.as_text())
        # The shop's own names of its levels, lowest first: a key like `standard` would read
        # raw in a Chinese trail, a name is the shop's data in any language.
        names = " < ".join(lv.name for lv in rules.levels)
        uc.record(Action.MEMBER_LEVELS_CONFIGURE, reason=f"member levels set: {names}")
        uc.commit()
    return rules


def set_member_level(
    vault: Vault, actor: Actor, customer_id: str, level: str, reason: str | None
) -> MemberView:
    """A manager's choice needs a reason, kept in the level history. The rules lift the member
    later when met; they move them down only where the rules allow downgrades."""
    why = parse_reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.MEMBERS_MANAGE, customer_id=row.id, store=row.store)
        membership = existing_membership(uc, row.id, lock=True)
        target = parse_level_key(level_rules(uc), level)
        uc.require(
            Action.MEMBERS_MANAGE,
            customer_id=row.id,
            store=membership.store,
            customer_status=row.status,
        )
        if membership.status is MemberStatus.ACTIVE and target.key != membership.level:
            change_level(uc, membership, target.key, ChangeKind.MANUAL, reason=why)
        view = view_of(uc, existing_membership(uc, row.id))
        uc.commit()
    return view


def reevaluate_levels(vault: Vault, actor: Actor) -> dict[str, int]:
    """The scheduled job: every active member against the rules, in batches of its own use
    case; counts only in the summary."""
    after, seen, moved = "", 0, 0
    while True:
        with use_case(vault, actor) as uc:
            uc.require(Action.HOUSEKEEPING)
            rules = level_rules(uc)
            batch = uc.uow.members.open_after(after, BATCH)
            active = [m for m in batch if m.status is MemberStatus.ACTIVE]
            moved += sum(reevaluate(uc, m, rules) is not None for m in active)
            uc.commit()
        seen += len(active)
        if len(batch) < BATCH:
            return {"members": seen, "moved": moved}
        after = batch[-1].id
