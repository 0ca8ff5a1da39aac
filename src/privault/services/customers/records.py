"""Customer use cases: register, find, show masked, update, reveal one value for a purpose."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from privault.db.customers import CustomerRow
from privault.db.duplicate_merges import MERGED
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, general_identity
from privault.domain.consents import (
    Channel,
    Guardian,
    parse_channel,
    parse_evidence,
    parse_relation,
)
from privault.domain.control_characters import refuse_control_characters
from privault.domain.entry_review import phone_evidence
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.identifiers import new_customer_id
from privault.domain.masking import mask
from privault.domain.policy import RESTRICTED, Action, Actor, store_scope, visible_fields
from privault.domain.purpose_use import parse_stated_purpose
from privault.domain.registration import (
    prepare_customer,
)
from privault.services import access_watch
from privault.services.customers.changes import apply_changes
from privault.services.customers.enrolment import (
    ConsentContext,
    NewCustomer,
    consent_ages,
    resolve_notice,
    screen,
    seal,
    store,
)
from privault.services.customers.lookups import search_digest, surname_narrowing
from privault.services.customers.sealing import (
    open_fields,
    open_sealed,
)
from privault.services.free_text.rule import on_found
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class RegistrationForm:
    values: Mapping[str, str]
    purposes: tuple[str, ...]
    channel: str
    notice_version: str
    guardian_name: str | None = None
    guardian_relation: str | None = None
    evidence: str | None = None
    store: str | None = None
    script_version: str | None = None  # the phone script read to the customer (channel phone)


@dataclass(frozen=True)
class CustomerView:
    """What leaves a service: masked values only."""

    id: str
    store: str
    status: str
    is_minor: bool
    created_at: datetime
    fields: dict[str, str]
    purposes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    total: int
    customers: list[CustomerView]
    page: int = 1  # of `limit` customers each (a mobile tail is shared by many in a big shop)
    limit: int = SEARCH_LIMIT

    @property
    def first_row(self) -> int:
        return (self.page - 1) * self.limit + 1 if self.customers else 0

    @property
    def last_row(self) -> int:
        return (self.page - 1) * self.limit + len(self.customers)


def register_customer(vault: Vault, actor: Actor, form: RegistrationForm) -> str:
    with use_case(vault, actor) as uc:
        customer_id = register_in(uc, form)
        uc.commit()
        return customer_id


def register_in(uc: UseCase, form: RegistrationForm) -> str:
    """Registration inside the caller's use case (the public page spends its form token in the
    same transaction); the caller commits."""
    store_name = form.store or uc.vault.settings.default_store
    uc.require(Action.REGISTER, fields=form.values, store=store_name)
    guardian = parse_guardian(form.guardian_name, form.guardian_relation)
    prepared = prepare_customer(
        uc.catalog,
        form.values,
        form.purposes,
        guardian,
        today=uc.now.date(),
        ages=consent_ages(uc),
        on_found=on_found(uc.vault),
    )
    channel = parse_channel(form.channel)
    consent = ConsentContext(
        resolve_notice(uc.uow, form.notice_version),
        channel,
        uc.actor.name,
        consent_evidence(channel, form),
    )
    new = NewCustomer(
        new_customer_id(), prepared, store_name, guardian if prepared.is_minor else None
    )
    sealed = seal(uc.vault.sealer, uc.catalog, new, consent.channel, uc.now)
    scope = store_scope(uc.actor, uc.roles, Action.REGISTER)
    duplicate = screen(uc.uow, [sealed], scope).get(new.id)
    if duplicate:
        raise duplicate
    store(uc, Action.REGISTER, [sealed], consent)
    return new.id


def consent_evidence(channel: Channel, form: RegistrationForm) -> str | None:
    """On the phone the consent is verbal: the script version read is required evidence."""
    reference = parse_evidence(form.evidence)
    if channel is Channel.PHONE:
        return phone_evidence(form.script_version, reference)
    return reference


def parse_guardian(name: str | None, relation: str | None) -> Guardian | None:
    if not (name or relation):
        return None
    if not (name and name.strip()):
        raise InvalidInputError("give the guardian's name with the relation", field="guardian_name")
    refuse_control_characters(name, field="guardian_name")
    if not relation:
        raise InvalidInputError(
            "give the guardian's relation (father, mother, grandparent, legal_guardian)",
            field="guardian_relation",
        )
    return Guardian(" ".join(name.split()), parse_relation(relation))


def find_customers(
    vault: Vault,
    actor: Actor,
    by: str,
    value: str,
    *,
    limit: int = SEARCH_LIMIT,
    show: Collection[str] | None = None,
    page: int = 1,
    surname: str | None = None,
    oldest_first: bool = False,
) -> SearchResult:
    """`show` names the fields the caller displays (a result list needs a few to tell customers
    apart): only those are opened and recorded as seen. None shows every field the role sees.
    `surname` (what the desk asks, "姓?") narrows the matches to the customers holding it. The
    list runs newest registered first (or oldest): values are sealed, so no order by them."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SEARCH, fields=[by])
        only = _shown_fields(uc.catalog, show)
        digest = search_digest(uc, by, value)
        also = surname_narrowing(uc, surname)
        # A staff member limited to some stores finds only the customers of those stores.
        stores = store_scope(actor, uc.roles, Action.SEARCH)
        offset = (page - 1) * limit
        ids = uc.uow.customers.find(
            by,
            digest,
            limit=limit,
            offset=offset,
            stores=stores,
            also=also,
            newest_first=not oldest_first,
        )
        total = offset + len(ids)
        if len(ids) >= limit or (page > 1 and not ids):
            total = uc.uow.customers.count_matches(by, digest, stores=stores, also=also)
        views = _views(uc, ids, blank_restricted=True, only=only)
        _record_search(uc, [by, *(name for name, _ in also)], views)
        uc.commit()
        return SearchResult(total, views, page, limit)


def _record_search(uc: UseCase, used: list[str], views: list[CustomerView]) -> None:
    """The reason names the indexes searched, never the value typed."""
    if not views:
        uc.record(Action.SEARCH, fields=used, reason="no match")
        return
    by, *narrowed = used
    reason = f"found by {by} and surname" if narrowed else f"found by {by}"
    uc.record_all(Entry(Action.SEARCH, v.id, v.fields, reason=reason) for v in views)
    access_watch.watch_bulk(uc)


def _shown_fields(catalog: Catalog, show: Collection[str] | None) -> frozenset[str] | None:
    if show is None:
        return None
    unknown = sorted(set(show) - set(catalog.fields))
    if unknown:
        known = ", ".join(catalog.fields)
        raise InvalidInputError(
            "no field {unknown} in the catalog; show some of: {known}",
            field="fields",
            params={"unknown": ", ".join(unknown), "known": known},
        )
    return frozenset(show)


def get_customer(vault: Vault, actor: Actor, customer_id: str) -> CustomerView:
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.VIEW_MASKED, customer_id=row.id, store=row.store, customer_status=row.status
        )
        view = _views(uc, [row.id])[0]
        uc.record(Action.VIEW_MASKED, customer_id=row.id, fields=view.fields)
        uc.commit()
        return view


def update_customer(
    vault: Vault, actor: Actor, customer_id: str, changes: Mapping[str, str]
) -> CustomerView:
    """An empty value removes the field; new values meet the rules of registration."""
    if not changes:
        raise InvalidInputError("give at least one KEY=VALUE to change", field="fields")
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.UPDATE,
            customer_id=customer_id,
            fields=changes,
            store=row.store,
            customer_status=row.status,
        )
        apply_changes(uc, row, changes)
        view = _views(uc, [customer_id])[0]
        uc.commit()
        return view


def reveal_field(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    field_key: str,
    purpose: str,
    note: str | None = None,
) -> str:
    """One clear value, for a purpose of the catalog the field serves and the customer's basis
    holds for now (refused and audited otherwise); the note goes into the audit event."""
    with use_case(vault, actor) as uc:
        stated = parse_stated_purpose(uc.catalog, purpose, note) if purpose.strip() else None
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.REVEAL,
            customer_id=customer_id,
            fields=[field_key],
            field=uc.catalog.field(field_key),
            purpose=stated.key if stated else None,
            use=stated,
            store=row.store,
            customer_purposes=uc.uow.consents.active_for(customer_id),
            customer_status=row.status,
        )
        value = open_fields(vault, uc.uow, [customer_id], only=[field_key]).get(customer_id, {})
        if field_key not in value:
            raise NotFoundError(
                "customer {id} has no {field} on record",
                params={"id": customer_id, "field": field_key},
            )
        uc.record(
            Action.REVEAL,
            customer_id=customer_id,
            fields=[field_key],
            purpose=stated.key if stated else None,
            reason=stated.note if stated else None,
        )
        uc.commit()
        return value[field_key]


def masked_identities(uc: UseCase, ids: list[str]) -> dict[str, dict[str, str]]:
    """The general identity fields (a name, a member number; never an ID number) of each
    customer, masked, as far as the actor's roles reach; a restricted customer shows none. For
    lists that name customers (a day's bookings); the caller records what was shown."""
    if not ids:
        return {}
    views = _views(uc, ids, blank_restricted=True, only=general_identity(uc.catalog))
    return {view.id: view.fields for view in views}


def masked_views(uc: UseCase, ids: list[str]) -> list[CustomerView]:
    """Masked values of several customers, as far as the actor's roles reach (a restricted
    customer shows none), for lists that set them side by side; the caller records what was
    shown."""
    return _views(uc, ids, blank_restricted=True)


def existing_customer(uow: UnitOfWork, customer_id: str) -> CustomerRow:
    """A merged-away id is an alias: it resolves to the survivor (issue 17)."""
    row = uow.customers.get(customer_id)
    if row is None:
        raise gone_error(uow, customer_id)
    if row.status == MERGED:
        survivor = uow.merges.survivor_of(customer_id)
        return existing_customer(uow, survivor) if survivor else row
    return row


def gone_error(uow: UnitOfWork, customer_id: str) -> NotFoundError:
    stone = uow.erasure.tombstone(customer_id)
    if stone is None:
        return NotFoundError("no customer with id {id}", params={"id": customer_id})
    return NotFoundError(
        "customer {id} was erased on {erased_at:%Y-%m-%d} ({reason})",
        params={"id": customer_id, "erased_at": stone.erased_at, "reason": stone.reason},
    )


def _views(
    uc: UseCase,
    ids: list[str],
    *,
    blank_restricted: bool = False,
    only: frozenset[str] | None = None,
) -> list[CustomerView]:
    """Masked values of the fields the actor's roles reach (of `only`, when given); the others
    are left out and stay sealed. A search shows a restricted customer's status and no value
    (stored, not processed)."""
    found = uc.uow.customers.get_sealed(ids)
    rows = {cid: row for cid, (row, _) in found.items()}
    sealed = {cid: s for cid, (_, s) in found.items()}
    values = open_sealed(uc.vault, uc.uow, sealed, only)
    purposes = uc.uow.consents.active(ids)
    reach = _Reach(uc)
    views = []
    for cid in (c for c in ids if c in rows):
        row, consented = rows[cid], frozenset(purposes.get(cid, set()))
        visible = (
            frozenset()
            if blank_restricted and row.status == RESTRICTED
            else reach(row.store, consented)
        )
        shown = {k: v for k, v in sorted(values.get(cid, {}).items()) if k in visible}
        views.append(_view(uc, row, shown, consented))
    return views


class _Reach:
    """The fields the actor's roles reach, per (store, consents): a page of results shares
    few such pairs, so each is decided once."""

    def __init__(self, uc: UseCase) -> None:
        self._uc = uc
        self._seen: dict[tuple[str, frozenset[str]], frozenset[str]] = {}

    def __call__(self, store: str, consented: frozenset[str]) -> frozenset[str]:
        key = (store, consented)
        if key not in self._seen:
            uc = self._uc
            self._seen[key] = visible_fields(
                uc.actor, uc.roles, uc.catalog.fields, store=store, customer_purposes=consented
            )
        return self._seen[key]


def _view(
    uc: UseCase, row: CustomerRow, values: dict[str, str], consented: frozenset[str]
) -> CustomerView:
    fields = uc.catalog.fields
    return CustomerView(
        id=row.id,
        store=row.store,
        status=row.status,
        is_minor=row.is_minor,
        created_at=row.created_at,
        fields={k: mask(fields[k].mask, v, uc.vault.masking) for k, v in values.items()},
        purposes=sorted(consented),
    )
