"""Membership (会员): enrol a customer, read a member by customer or by number (the POS), list a
store's members with masked names, count them per level, and close a membership.

Enrolment needs the customer's consent to the catalog's `membership` purpose (a contract
basis, PIPL Art. 13(2), recorded in the consent ledger like any other). Every read of a member
is audited with the customer named. The number is the customer's `member_no` field (sealed,
blind-indexed, masked by default): the trail and the membership rows never hold it, so
erasure leaves it nowhere."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date

from privault.db.customers import CustomerRow
from privault.domain.errors import (
    ConflictError,
    ConsentRequiredError,
    InvalidInputError,
    NotFoundError,
)
from privault.domain.members import (
    ChangeKind,
    Level,
    LevelChange,
    LevelRules,
    Membership,
    MemberStatus,
    member_number,
    parse_level_key,
    parse_member_number,
    parse_reason,
)
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.transactions import format_cents, parse_store
from privault.services.customers.changes import apply_changes
from privault.services.customers.lookups import holder_of
from privault.services.customers.member_levels import change_level, level_rules
from privault.services.customers.records import existing_customer, masked_identities
from privault.services.customers.sealing import open_fields
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

PURPOSE = "membership"
NUMBER = "member_no"  # the catalog field the member number lives in, sealed and blind-indexed
PAGE = 50


@dataclass(frozen=True)
class MemberView:
    """A member with their level's name and why they hold it (the newest level change). The
    number is masked, except in the answer to the enrolment that gave it (for the card)."""

    membership: Membership
    level: Level
    why: LevelChange | None
    number: str | None
    # Points and stored-value balance are the ledgers' (issue 16, areas points and wallet):
    # the member pages leave their place for them.
    identity: dict[str, str] = field(default_factory=dict)

    def as_record(self) -> dict[str, object]:
        """The member as the CLI's JSON and the API show them (points and balance: the
        ledgers' to add)."""
        m, why = self.membership, self.why
        return {
            "customer_id": m.customer_id,
            "number": self.number,
            "store": m.store,
            "status": m.status.value,
            "level": self.level.key,
            "level_name": self.level.name,
            "joined_on": m.joined_on.isoformat(),
            "why": None if why is None else why_record(why),
            "identity": self.identity,
        }


def why_record(change: LevelChange) -> dict[str, object]:
    return {
        "kind": change.kind.value,
        "from": change.from_level,
        "to": change.to_level,
        "at": change.at.isoformat(),
        "reason": change.reason,
        "spend": None if change.spend_cents is None else format_cents(change.spend_cents),
        "visits": change.visits,
        "window_months": change.window_months,
    }


def enrol_member(
    vault: Vault, actor: Actor, customer_id: str, store: str | None = None
) -> MemberView:
    """One open membership per customer. The number goes into the customer's `member_no`
    field; a customer who holds one already (a card from before, or an earlier membership)
    keeps it."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        where = parse_store(store) or row.store
        for place in dict.fromkeys((row.store, where)):
            uc.require(
                Action.MEMBERS_ENROL, customer_id=row.id, store=place, customer_status=row.status
            )
        _check_enrolable(uc, row.id)
        number = _number_for(uc, row)
        membership = _new_membership(uc, row.id, where)
        uc.uow.members.add(membership, uc.now)
        change_level(uc, membership, membership.level, ChangeKind.ENROLLED)
        reason = f"enrolled in {where}"
        uc.record(Action.MEMBERS_ENROL, customer_id=row.id, fields=[NUMBER], reason=reason)
        view = replace(_view(uc, _existing(uc, row.id)), number=number)
        uc.commit()
    return view


def _check_enrolable(uc: UseCase, customer_id: str) -> None:
    if NUMBER not in uc.catalog.fields:
        error = InvalidInputError(
            "the field catalog has no member_no field to hold member numbers; add it "
            "(identity, purpose membership) to the catalog first",
            field="member_no",
        )
        uc.refuse(Action.MEMBERS_ENROL, error, customer_id=customer_id)
    if PURPOSE in uc.catalog.purposes and PURPOSE not in uc.uow.consents.active_for(customer_id):
        error = ConsentRequiredError(
            "the customer has not agreed to the membership purpose (会员服务); record their "
            "consent to membership first, then enrol",
            field="customer_id",
        )
        uc.refuse(Action.MEMBERS_ENROL, error, customer_id=customer_id)
    held = uc.uow.members.of_customer(customer_id)
    if held is not None and held.status is not MemberStatus.CLOSED:
        taken = ConflictError(
            "the customer is a member already (joined {joined})",
            params={"joined": held.joined_on.isoformat()},
        )
        uc.refuse(Action.MEMBERS_ENROL, taken, customer_id=customer_id)


def _number_for(uc: UseCase, row: CustomerRow) -> str:
    """The number the customer holds, else the next of the sequence, written to the record
    under the registration rules (apply_changes audits it as an update of member_no)."""
    held = open_fields(uc.vault, uc.uow, [row.id], only=[NUMBER]).get(row.id, {})
    if NUMBER in held:
        return held[NUMBER]
    number = member_number(uc.uow.members.next_sequence())
    apply_changes(uc, row, {NUMBER: number}, reason="member number given at enrolment")
    return number


def _new_membership(uc: UseCase, customer_id: str, store: str) -> Membership:
    hours = uc.vault.opening_hours(uc.uow)
    return Membership(
        id=str(uuid.uuid4()),
        customer_id=customer_id,
        store=store,
        status=MemberStatus.ACTIVE,
        level=level_rules(uc).base.key,
        joined_on=_date(hours.local_date(uc.now)),
        enrolled_by=uc.actor.name,
    )


def get_membership(vault: Vault, actor: Actor, customer_id: str) -> MemberView:
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(
            Action.MEMBERS_READ, customer_id=row.id, store=row.store, customer_status=row.status
        )
        view = _read(uc, _existing(uc, row.id), row.status)
        uc.commit()
    return view


def find_member(vault: Vault, actor: Actor, number: str) -> MemberView:
    """The POS's lookup by the number on the card, through the member_no blind index; an
    unknown number is not found (and the text names no number)."""
    wanted = parse_member_number(number)
    with use_case(vault, actor) as uc:
        uc.require(Action.MEMBERS_READ)
        holder = holder_of(uc, NUMBER, wanted) if NUMBER in uc.catalog.fields else None
        found = None if holder is None else uc.uow.members.of_customer(holder)
        if holder is None or found is None:
            raise NotFoundError("no member holds this number")
        row = existing_customer(uc.uow, holder)
        view = _read(uc, found, row.status)
        uc.commit()
    return view


def _read(uc: UseCase, membership: Membership, status: str) -> MemberView:
    cid = membership.customer_id
    uc.require(Action.MEMBERS_READ, customer_id=cid, store=membership.store, customer_status=status)
    uc.record(Action.MEMBERS_READ, customer_id=cid, fields=[NUMBER], reason="membership read")
    return _view(uc, membership)


def close_membership(vault: Vault, actor: Actor, customer_id: str, reason: str) -> MemberView:
    """Closing ends the data's use, so it stays possible for a restricted customer."""
    why = parse_reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.MEMBERS_MANAGE, customer_id=row.id, store=row.store)
        membership = _existing(uc, row.id, lock=True)
        uc.require(Action.MEMBERS_MANAGE, customer_id=row.id, store=membership.store)
        if membership.status is MemberStatus.CLOSED:
            error = ConflictError("the membership is closed already")
            uc.refuse(Action.MEMBERS_MANAGE, error, customer_id=row.id)
        uc.uow.members.close(membership.id, uc.now, uc.actor.name, why)
        reason = "membership closed"
        uc.record(Action.MEMBERS_MANAGE, customer_id=row.id, fields=[NUMBER], reason=reason)
        view = _view(uc, _existing(uc, row.id))
        uc.commit()
    return view


@dataclass(frozen=True)
class MemberList:
    store: str | None
    level: str | None
    rules: LevelRules
    members: list[MemberView]
    page: int
    has_more: bool
    zone: str  # the shop's time zone, whose calendar the joining dates are in


def list_members(
    vault: Vault, actor: Actor, store: str | None = None, level: str | None = None, page: int = 1
) -> MemberList:
    """Open members newest first, names masked; each member listed is audited as read."""
    where = parse_store(store)
    with use_case(vault, actor) as uc:
        uc.require(Action.MEMBERS_READ, store=where)
        rules = level_rules(uc)
        wanted = None if level is None or not level.strip() else _level_key(rules, level)
        stores = _stores(uc, where, Action.MEMBERS_READ)
        page = max(1, page)
        found = uc.uow.members.listing(stores, wanted, (page - 1) * PAGE, PAGE + 1)
        shown = found[:PAGE]
        ids = [m.customer_id for m in shown if m.customer_id]
        identities = masked_identities(uc, ids)
        reason = f"member list of {where or 'all stores'} ({len(shown)} members)"
        uc.record_all(
            Entry(Action.MEMBERS_READ, c, identities.get(c, {}), reason=reason) for c in ids
        )
        views = [_view(uc, m, identities.get(m.customer_id or "", {})) for m in shown]
        zone = uc.vault.opening_hours(uc.uow).zone
        uc.commit()
    return MemberList(where, wanted, rules, views, page, len(found) > PAGE, zone)


def member_counts(vault: Vault, actor: Actor) -> dict[str, dict[str, int]]:
    """Store -> level key -> open members: all marketing sees of members."""
    with use_case(vault, actor) as uc:
        uc.require(Action.MEMBERS_COUNT)
        counts = uc.uow.members.counts(_stores(uc, None, Action.MEMBERS_COUNT))
        uc.record(Action.MEMBERS_COUNT, reason=f"member counts ({sum(counts.values())} members)")
        uc.commit()
    table: dict[str, dict[str, int]] = {}
    for (store, level), n in sorted(counts.items()):
        table.setdefault(store, {})[level] = n
    return table


def _stores(uc: UseCase, where: str | None, action: Action) -> frozenset[str]:
    if where is not None:
        return frozenset({where})
    return store_scope(uc.actor, uc.roles, action)


def _level_key(rules: LevelRules, raw: str) -> str:
    return parse_level_key(rules, raw).key


def _view(
    uc: UseCase, membership: Membership, identity: dict[str, str] | None = None
) -> MemberView:
    """The number as the actor's roles see it, masked (the caller records the read)."""
    rules = level_rules(uc)
    level = rules.level(membership.level) or Level(membership.level, membership.level)
    changes = uc.uow.members.changes(membership.id)
    cid = membership.customer_id or ""
    shown = identity if identity is not None else masked_identities(uc, [cid]).get(cid, {})
    why = changes[-1] if changes else None
    return MemberView(membership, level, why, shown.get(NUMBER), identity or {})


def existing_membership(uc: UseCase, customer_id: str, *, lock: bool = False) -> Membership:
    """For the members area's other modules, inside their own policy check."""
    return _existing(uc, customer_id, lock=lock)


def view_of(uc: UseCase, membership: Membership) -> MemberView:
    return _view(uc, membership)


def _existing(uc: UseCase, customer_id: str, *, lock: bool = False) -> Membership:
    found = uc.uow.members.of_customer(customer_id, lock=lock)
    if found is None:
        raise NotFoundError("customer {id} is no member", params={"id": customer_id})
    return found


def _date(iso: str) -> date:
    return date.fromisoformat(iso)
