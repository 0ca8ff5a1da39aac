"""Portability: writing one customer in the documented format (docs/portability.md), and
registering a customer from such a file through the rules of any registration."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from privault.domain.consents import Channel, parse_evidence
from privault.domain.errors import InvalidInputError
from privault.domain.identifiers import new_customer_id
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.portability import (
    PortableConsent,
    PortableCustomer,
    PortableTransaction,
    build_document,
    is_portability_document,
    parse_document,
)
from privault.domain.registration import PreparedCustomer, prepare_customer
from privault.domain.requests import parse_regimes
from privault.services.customers import enrolment
from privault.services.customers.enrolment import (
    ConsentContext,
    NewCustomer,
    resolve_notice,
    screen,
    seal,
)
from privault.services.customers.enrolment import store as store_new
from privault.services.requests.subject_data import SubjectData, write_sealed
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

FILE_NAME = "portability.json"
MAX_FILE_BYTES = 1_000_000  # one customer; a larger file is not one


def write_portable(data: SubjectData, directory: Path, at: datetime) -> tuple[Path, ...]:
    """`at`: when the file is exported."""
    text = json.dumps(portable_document(data, at), ensure_ascii=False, indent=2) + "\n"
    path = write_sealed(data, directory, FILE_NAME, text)
    return (path,)


def portable_document(data: SubjectData, exported_at: datetime) -> dict[str, object]:
    return build_document(
        customer_id=data.row.id,
        exported_at=exported_at,
        industry=data.catalog.industry,
        values=data.values,
        consents=[
            PortableConsent(
                purpose,
                e.event.action.value,
                e.event.at.isoformat(),
                e.event.notice_version,
                e.event.notice_sha256,
                e.event.channel.value,
                e.event.given_by.value,
            )
            for e in data.history
            for purpose in e.event.purposes
        ],
        regimes=data.regimes,
        is_sharing_opted_out=data.row.is_sharing_opted_out,
        transactions=[
            PortableTransaction(
                t.kind, t.amount_cents, t.currency, t.item, t.store, t.at.isoformat()
            )
            for t in data.transactions
        ],
    )


def read_portable(path: Path) -> PortableCustomer | None:
    """The file's customer, or None when the JSON file is not in the portability format."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInputError(
            "a portability file holds one customer; this one is too large", field="file"
        )
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(
            "not valid JSON: {problem}", field="file", params={"problem": error}
        ) from None
    return parse_document(document) if is_portability_document(document) else None


def register_portable(
    vault: Vault,
    actor: Actor,
    portable: PortableCustomer,
    *,
    notice_version: str | None,
    purposes: Sequence[str],
    evidence: str | None,
    store: str | None,
) -> str:
    """Consent given to another business does not carry over: the person agrees again here,
    to this installation's notice (--notice), to the purposes given (--consent) or, without
    them, to the purposes the file lists as granted."""
    if not notice_version:
        raise InvalidInputError(
            "say which privacy notice of this business the customer saw: give --notice VERSION",
            field="notice",
        )
    store_name = store or vault.settings.default_store
    with use_case(vault, actor) as uc:
        uc.require(Action.IMPORT, fields=["file:portability"], store=store_name)
        prepared = _prepared(uc, portable, purposes)
        consent = _consent(uc, notice_version, evidence)
        new = NewCustomer(new_customer_id(), prepared, store_name)
        sealed = seal(vault.sealer, uc.catalog, new, Channel.IMPORT, uc.now)
        scope = store_scope(actor, uc.roles, Action.IMPORT)  # another store's holder unnamed
        duplicate = screen(uc.uow, [sealed], scope).get(new.id)
        if duplicate:
            raise duplicate
        store_new(uc, Action.IMPORT, [sealed], consent)
        _carry_over(uc, new.id, portable)
        uc.commit()
        return new.id


def _prepared(uc: UseCase, portable: PortableCustomer, purposes: Sequence[str]) -> PreparedCustomer:
    agreed = tuple(purposes) or tuple(p for p in portable.granted if p in uc.catalog.purposes)
    # Guardians are not carried by the format: a child is registered at the counter.
    return prepare_customer(
        uc.catalog,
        portable.values,
        agreed,
        None,
        today=uc.now.date(),
        ages=enrolment.consent_ages(uc),
    )


def _consent(uc: UseCase, notice_version: str, evidence: str | None) -> ConsentContext:
    """Agreed again here, to this installation's notice, as an import."""
    notice = resolve_notice(uc.uow, notice_version)
    return ConsentContext(notice, Channel.IMPORT, uc.actor.name, parse_evidence(evidence))


def _carry_over(uc: UseCase, customer_id: str, portable: PortableCustomer) -> None:
    """The regimes and a sharing opt-out travel with the person."""
    if portable.regimes:
        regimes = " ".join(parse_regimes(portable.regimes))
        uc.uow.subject_data.set_regimes(customer_id, regimes, uc.now)
    if portable.is_sharing_opted_out:
        uc.uow.subject_data.set_sharing_opted_out(customer_id, True, uc.now)
