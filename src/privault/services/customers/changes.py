"""Changing a customer's values under the rules of registration, in the caller's transaction
(updates by staff, and correction and supplement requests)."""

from __future__ import annotations

from collections.abc import Mapping

from privault.db.customers import CustomerRow, IndexEntry
from privault.domain.contact_freshness import ConfirmedBy, touches_contact
from privault.domain.duplicates import kinds_fed_by, variant_fields
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, store_scope
from privault.domain.registration import (
    ConsentAges,
    check_collection,
    is_under_consent_age,
    normalise_values,
)
from privault.services.customers.contact import mark_confirmed
from privault.services.customers.copies import tell_of_correction
from privault.services.customers.enrolment import duplicates_named, flag_likely_duplicates
from privault.services.customers.sealing import (
    duplicate_entries,
    index_entries,
    open_fields,
    seal_for,
)
from privault.services.free_text.rule import on_found
from privault.services.use_case import UseCase


def apply_changes(
    uc: UseCase,
    row: CustomerRow,
    changes: Mapping[str, str],
    *,
    reason: str | None = None,
    request_id: str | None = None,
) -> list[str]:
    """In the caller's transaction, after its policy check: validation, minimum collection,
    the age rule and uniqueness as at registration; an empty value removes the field.
    Returns the field keys changed; nothing is written when one value fails. Whoever holds
    a changed field in an export is told, whoever changed it (GDPR Art. 19)."""
    customer_id, uow, catalog = row.id, uc.uow, uc.catalog
    today = uc.now.date()
    given = {k: v for k, v in changes.items() if v.strip()}
    values, _ = normalise_values(catalog, given, today=today, on_found=on_found(uc.vault))
    removed = [catalog.field(k).key for k, v in changes.items() if not v.strip()]
    active = uow.consents.active_for(customer_id)
    check_collection(catalog, values, active)
    _check_age(uc, row, values, active)
    entries = index_entries(uc.vault.indexer, catalog, values, shares_mobile=row.is_minor)
    _refuse_duplicates(uc, customer_id, entries)
    _write_changes(uc, customer_id, values, removed, entries)
    changed = sorted([*values, *removed])
    uc.record(Action.UPDATE, customer_id=customer_id, fields=changed, reason=reason)
    tell_of_correction(uc, customer_id, changed, request_id=request_id)
    return changed


def customer_consent_ages(uc: UseCase, row: CustomerRow) -> ConsentAges:
    """The guardian ages of registration (enrolment.consent_ages), under this customer's own
    regimes rather than the installation's default for new customers."""
    return ConsentAges(frozenset(row.regimes.split()), uc.vault.settings.eu_consent_age)


def _check_age(uc: UseCase, row: CustomerRow, values: dict[str, str], active: set[str]) -> None:
    """A new birth date or ID number that makes an adult a child needs a guardian's consent
    first, at the age the customer's regimes and active purposes set."""
    ages = customer_consent_ages(uc, row)
    age = ages.guardian_below(uc.catalog.purposes[p] for p in active if p in uc.catalog.purposes)
    if not row.is_minor and is_under_consent_age(uc.catalog, values, today=uc.now.date(), age=age):
        raise InvalidInputError(
            "this makes the customer under {age}: record a guardian's "
            "consent first (privault consents grant)",
            field="birth_date",
            params={"age": age},
        )


def _refuse_duplicates(uc: UseCase, customer_id: str, entries: list[IndexEntry]) -> None:
    """The same uniqueness rule as registration: the index entries say which values claim it."""
    for entry in entries:
        if not entry.is_unique:
            continue
        owner = uc.uow.customers.claimed_by(entry.index_name, [entry.digest]).get(entry.digest)
        if owner is not None and owner != customer_id:
            scope = store_scope(uc.actor, uc.roles, Action.UPDATE)
            raise duplicates_named(uc.uow, {"": (entry.index_name, owner)}, scope)[""]


def _write_changes(
    uc: UseCase,
    customer_id: str,
    values: dict[str, str],
    removed: list[str],
    entries: list[IndexEntry],
) -> None:
    uow, now = uc.uow, uc.now
    if values:
        uow.customers.put_fields(customer_id, seal_for(uc.vault, uow, customer_id, values), now)
    if removed:
        uow.customers.delete_fields(customer_id, removed, now)
    names = [n for key in [*values, *removed] for n in uc.catalog.fields[key].index_names()]
    if names:
        uow.customers.replace_indexes(customer_id, names, entries)
    refresh_duplicate_digests(uc, customer_id, [*values, *removed])
    if touches_contact(uc.catalog, [*values, *removed]):
        mark_confirmed(uc, [customer_id], ConfirmedBy.UPDATE)


def refresh_duplicate_digests(uc: UseCase, customer_id: str, changed: list[str]) -> None:
    """Variants combine fields, so they are computed again from the whole record, which this
    use case may open: it is writing it. A new match becomes a candidate pair."""
    if not kinds_fed_by(variant_fields(uc.catalog), changed):
        return
    values = open_fields(uc.vault, uc.uow, [customer_id]).get(customer_id, {})
    uc.uow.duplicates.replace(customer_id, duplicate_entries(uc.vault.indexer, uc.catalog, values))
    flag_likely_duplicates(uc, [customer_id])
