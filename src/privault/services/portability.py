"""Portability: writing one customer in the documented format (docs/portability.md), and
registering a customer from such a file through the rules of any registration."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from privault.db.unit_of_work import UnitOfWork
from privault.domain.consents import Channel, parse_evidence
from privault.domain.errors import InvalidInputError
from privault.domain.identifiers import new_customer_id
from privault.domain.policy import Action, Actor
from privault.domain.portability import (
    PortableConsent,
    PortableCustomer,
    PortableTransaction,
    build_document,
    is_portability_document,
    parse_document,
)
from privault.domain.registration import prepare_customer
from privault.domain.requests import parse_regimes
from privault.services import auditing
from privault.services.enrolment import ConsentContext, NewCustomer, resolve_notice, screen, seal
from privault.services.enrolment import store as store_new
from privault.services.subject_data import SubjectData, write_private
from privault.services.use_case import adopt
from privault.services.vault import Vault

FILE_NAME = "portability.json"
MAX_FILE_BYTES = 1_000_000  # one customer; a larger file is not one


def write_portable(vault: Vault, data: SubjectData, directory: Path) -> tuple[Path, ...]:
    text = json.dumps(portable_document(vault, data), ensure_ascii=False, indent=2) + "\n"
    path = write_private(directory, FILE_NAME, text)
    return (path,)


def portable_document(vault: Vault, data: SubjectData) -> dict[str, object]:
    return build_document(
        customer_id=data.row.id,
        exported_at=vault.clock(),
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
    with vault.unit_of_work() as uow:
        auditing.require(
            vault, uow, actor, Action.IMPORT, fields=["file:portability"], store=store_name
        )
        catalog = vault.catalog(uow)
        agreed = tuple(purposes) or tuple(p for p in portable.granted if p in catalog.purposes)
        # Guardians are not carried by the format: a child is registered at the counter.
        prepared = prepare_customer(
            catalog, portable.values, agreed, None, today=vault.clock().date()
        )
        consent = ConsentContext(
            resolve_notice(uow, notice_version),
            Channel.IMPORT,
            actor.name,
            parse_evidence(evidence),
        )
        new = NewCustomer(new_customer_id(), prepared, store_name)
        sealed = seal(vault.sealer, catalog, new, Channel.IMPORT, vault.clock())
        duplicate = screen(uow, [sealed]).get(new.id)
        if duplicate:
            raise duplicate
        store_new(adopt(vault, uow, actor), Action.IMPORT, [sealed], consent)
        _carry_over(vault, uow, new.id, portable)
        uow.commit()
        return new.id


def _carry_over(
    vault: Vault, uow: UnitOfWork, customer_id: str, portable: PortableCustomer
) -> None:
    """The regimes and a sharing opt-out travel with the person."""
    if portable.regimes:
        regimes = " ".join(parse_regimes(portable.regimes))
        uow.subject_data.set_regimes(customer_id, regimes, vault.clock())
    if portable.is_sharing_opted_out:
        uow.subject_data.set_sharing_opted_out(customer_id, True, vault.clock())
