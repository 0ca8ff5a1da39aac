"""Customer use cases: register, find, show masked, update, reveal one value for a purpose."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, SearchIndex
from privault.domain.consents import Guardian, parse_channel, parse_evidence, parse_relation
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.identifiers import new_customer_id
from privault.domain.masking import mask
from privault.domain.policy import RESTRICTED, Action, Actor, store_scope, visible_fields
from privault.domain.registration import (
    prepare_customer,
)
from privault.domain.values import normalise
from privault.services import auditing
from privault.services.customer_changes import apply_changes
from privault.services.enrolment import (
    ConsentContext,
    NewCustomer,
    resolve_notice,
    screen,
    seal,
    store,
)
from privault.services.sealing import (
    index_material,
    open_fields,
    open_sealed,
)
from privault.services.vault import Vault

SEARCH_LIMIT = 20
MAX_PURPOSE = 200  # the audit column


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


def register_customer(vault: Vault, actor: Actor, form: RegistrationForm) -> str:
    store_name = form.store or vault.settings.default_store
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.REGISTER, fields=form.values, store=store_name)
        catalog = vault.catalog(uow)
        guardian = parse_guardian(form.guardian_name, form.guardian_relation)
        prepared = prepare_customer(
            catalog, form.values, form.purposes, guardian, today=vault.clock().date()
        )
        consent = ConsentContext(
            resolve_notice(uow, form.notice_version),
            parse_channel(form.channel),
            actor.name,
            parse_evidence(form.evidence),
        )
        new = NewCustomer(
            new_customer_id(), prepared, store_name, guardian if prepared.is_minor else None
        )
        sealed = seal(vault.sealer, catalog, new, consent.channel, vault.clock())
        duplicate = screen(uow, [sealed]).get(new.id)
        if duplicate:
            raise duplicate
        store(vault, uow, actor, Action.REGISTER, [sealed], consent)
        uow.commit()
        return new.id


def parse_guardian(name: str | None, relation: str | None) -> Guardian | None:
    if not (name or relation):
        return None
    if not (name and name.strip()):
        raise InvalidInputError("give the guardian's name with the relation", field="guardian_name")
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
) -> SearchResult:
    """`show` names the fields the caller displays (a result list needs a few to tell customers
    apart): only those are opened and recorded as seen. None shows every field the role sees."""
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.SEARCH, fields=[by])
        catalog = vault.catalog(uow)
        only = _shown_fields(catalog, show)
        digest = _search_digest(vault, catalog, by, value)
        # A staff member limited to some stores finds only the customers of those stores.
        stores = store_scope(actor, vault.roles(uow), Action.SEARCH)
        ids = uow.customers.find(by, digest, limit=limit, stores=stores)
        total = (
            len(ids) if len(ids) < limit else uow.customers.count_matches(by, digest, stores=stores)
        )
        views = _views(vault, uow, catalog, ids, actor, blank_restricted=True, only=only)
        events = [
            auditing.event(
                vault,
                actor,
                Action.SEARCH,
                customer_id=v.id,
                fields=v.fields,
                reason=f"found by {by}",
            )
            for v in views
        ]
        uow.audit.append(
            events or [auditing.event(vault, actor, Action.SEARCH, fields=[by], reason="no match")]
        )
        if events:
            auditing.watch_bulk(vault, uow, actor, vault.clock())
        uow.commit()
        return SearchResult(total, views)


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


def _search_digest(vault: Vault, catalog: Catalog, by: str, value: str) -> bytes:
    spec = catalog.searchable().get(by)
    if spec is None:
        known = ", ".join(catalog.searchable())
        raise InvalidInputError(
            "cannot search by it; search by one of: {known}", field=by, params={"known": known}
        )
    kind = SearchIndex.TAIL if by.endswith("_tail") else SearchIndex.EXACT
    if kind is SearchIndex.TAIL:
        cleaned = value.strip()
        if not (len(cleaned) == 4 and cleaned.isascii() and cleaned.isdigit()):
            raise InvalidInputError("give exactly the last four digits", field=by)
        return vault.indexer.digest(by, cleaned)
    normalised = normalise(spec, value, today=vault.clock().date()).value
    return vault.indexer.digest(by, index_material(kind, normalised))


def get_customer(vault: Vault, actor: Actor, customer_id: str) -> CustomerView:
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(
            vault,
            uow,
            actor,
            Action.VIEW_MASKED,
            customer_id=customer_id,
            store=row.store,
            customer_status=row.status,
        )
        view = _views(vault, uow, vault.catalog(uow), [customer_id], actor)[0]
        uow.audit.append(
            [
                auditing.event(
                    vault, actor, Action.VIEW_MASKED, customer_id=customer_id, fields=view.fields
                )
            ]
        )
        uow.commit()
        return view


def update_customer(
    vault: Vault, actor: Actor, customer_id: str, changes: Mapping[str, str]
) -> CustomerView:
    """An empty value removes the field; new values meet the rules of registration."""
    if not changes:
        raise InvalidInputError("give at least one KEY=VALUE to change", field="fields")
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(
            vault,
            uow,
            actor,
            Action.UPDATE,
            customer_id=customer_id,
            fields=changes,
            store=row.store,
            customer_status=row.status,
        )
        apply_changes(vault, uow, actor, row, changes)
        view = _views(vault, uow, vault.catalog(uow), [customer_id], actor)[0]
        uow.commit()
        return view


def reveal_field(vault: Vault, actor: Actor, customer_id: str, field_key: str, purpose: str) -> str:
    """One clear value, for a stated purpose, audited with that purpose."""
    purpose = " ".join(purpose.split())
    if len(purpose) > MAX_PURPOSE:
        raise InvalidInputError(
            "at most {limit} characters", field="purpose", params={"limit": MAX_PURPOSE}
        )
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        spec = vault.catalog(uow).field(field_key)
        auditing.require(
            vault,
            uow,
            actor,
            Action.REVEAL,
            customer_id=customer_id,
            fields=[field_key],
            field=spec,
            purpose=purpose,
            store=row.store,
            customer_purposes=uow.consents.active_for(customer_id),
            customer_status=row.status,
        )
        value = open_fields(vault, uow, [customer_id], only=[field_key]).get(customer_id, {})
        if field_key not in value:
            raise NotFoundError(
                "customer {id} has no {field} on record",
                params={"id": customer_id, "field": field_key},
            )
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.REVEAL,
                    customer_id=customer_id,
                    fields=[field_key],
                    purpose=purpose,
                )
            ]
        )
        uow.commit()
        return value[field_key]


def existing_customer(uow: UnitOfWork, customer_id: str) -> CustomerRow:
    row = uow.customers.get(customer_id)
    if row is None:
        raise gone_error(uow, customer_id)
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
    vault: Vault,
    uow: UnitOfWork,
    catalog: Catalog,
    ids: list[str],
    actor: Actor,
    *,
    blank_restricted: bool = False,
    only: frozenset[str] | None = None,
) -> list[CustomerView]:
    """Masked values of the fields the actor's roles reach (of `only`, when given); the others
    are left out and stay sealed. A search shows a restricted customer's status and no value
    (stored, not processed)."""
    found = uow.customers.get_sealed(ids)
    rows = {cid: row for cid, (row, _) in found.items()}
    values = open_sealed(vault, uow, {cid: sealed for cid, (_, sealed) in found.items()}, only)
    purposes = uow.consents.active(ids)
    matrix = vault.roles(uow)
    views = []
    seen: dict[tuple[str, frozenset[str]], frozenset[str]] = {}
    for cid in ids:
        if cid not in rows:
            continue
        consented = frozenset(purposes.get(cid, set()))
        scope = (rows[cid].store, consented)
        if scope not in seen:  # a page of results shares few (store, consents) pairs
            seen[scope] = visible_fields(
                actor, matrix, catalog.fields, store=scope[0], customer_purposes=consented
            )
        visible = seen[scope]
        if blank_restricted and rows[cid].status == RESTRICTED:
            visible = frozenset()
        views.append(
            CustomerView(
                id=cid,
                store=rows[cid].store,
                status=rows[cid].status,
                is_minor=rows[cid].is_minor,
                created_at=rows[cid].created_at,
                fields={
                    k: mask(catalog.fields[k].mask, v, vault.masking)
                    for k, v in sorted(values.get(cid, {}).items())
                    if k in visible
                },
                purposes=sorted(consented),
            )
        )
    return views
