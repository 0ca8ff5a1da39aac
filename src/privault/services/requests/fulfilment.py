"""Carrying out a verified data-subject request: one function per request type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.consents import Channel
from privault.domain.policy import Action
from privault.domain.requests import RequestType
from privault.services.consents.ledger import end_consents
from privault.services.consents.sharing import opt_out_of_sharing
from privault.services.customers.copies import notices_on, told_summary
from privault.services.customers.erasure import erase, refuse_held
from privault.services.customers.records import existing_customer
from privault.services.customers.restriction import restrict
from privault.services.requests.explanation import explanation_text, purpose_rules
from privault.services.requests.package import write_package
from privault.services.requests.portability import write_portable
from privault.services.requests.rectification import correct_fields, supplement_fields
from privault.services.requests.regime_masking import regime_masked
from privault.services.requests.subject_data import (
    answer_dir,
    evidence_sha256,
    gather,
    remove_written,
    write_private,
)
from privault.services.use_case import UseCase

DELETION_REASON = "deletion request"
# The consent ledger knows how consent was given; a request's channel maps onto it.
CONSENT_CHANNEL = {"portal": Channel.WEB, "phone": Channel.PHONE, "email": Channel.WEB}


@dataclass(frozen=True)
class FulfilmentInput:
    request_id: str
    customer_id: str
    type: RequestType
    changes: Mapping[str, str] = field(default_factory=dict)  # correction, supplement
    purposes: tuple[str, ...] = ()  # withdraw_consent; empty: every consent-based purpose
    out_dir: Path | None = None  # access, copy, portability: where the package goes


@dataclass(frozen=True)
class Fulfilment:
    summary: str  # what was done, in words for the reply; never a personal value
    files: tuple[Path, ...] = ()
    fields: tuple[str, ...] = ()  # field keys disclosed or changed, for the audit event
    evidence_sha256: str | None = None  # of the package or record handed over


Handler = Callable[[UseCase, CustomerRow, FulfilmentInput], Fulfilment]


def fulfil(uc: UseCase, job: FulfilmentInput) -> Fulfilment:
    """In the caller's transaction. The caller (requests.fulfil_request) has checked the
    policy, the request's status and the identity verification, and records the outcome."""
    row = existing_customer(uc.uow, job.customer_id)
    return _HANDLERS[job.type](uc, row, job)


def _package(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    """Access, copy and portability hand the person their own data, in clear."""
    data, withheld = regime_masked(gather(uc.vault, uc.uow, row), uc.vault.masking)
    directory = answer_dir(uc.vault, job.request_id, job.out_dir)
    writer = write_portable if job.type is RequestType.PORTABILITY else write_package
    files = writer(data, directory, uc.now)
    fields = tuple(data.values)
    _disclosed(uc, job, fields, files)
    return Fulfilment(
        f"{job.type.value}: {len(fields)} fields, {len(data.history)} consent events and "
        f"{len(data.transactions)} transactions written to {directory}"
        + (f"; masked (CCPA regs §7024(d)): {', '.join(withheld)}" if withheld else ""),
        files,
        fields,
        evidence_sha256(files),
    )


def _disclosed(
    uc: UseCase, job: FulfilmentInput, fields: tuple[str, ...], files: tuple[Path, ...]
) -> None:
    reason = f"{job.type.value} answer for the customer (request {job.request_id})"
    try:
        uc.record(Action.REQUEST_FULFIL, customer_id=job.customer_id, fields=fields, reason=reason)
    except BaseException:
        remove_written(files)  # no unaudited disclosure stays on disk
        raise


def _explain(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    data = gather(uc.vault, uc.uow, row)
    text = explanation_text(data, purpose_rules(data, uc.roles))
    path = write_private(answer_dir(uc.vault, job.request_id, job.out_dir), "explanation.txt", text)
    _disclosed(uc, job, (), (path,))
    return Fulfilment(text, (path,), (), evidence_sha256([path]))


def _correct(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    fix = correct_fields if job.type is RequestType.CORRECTION else supplement_fields
    changed = tuple(fix(uc, row, job.changes, request_id=job.request_id))
    verb = "corrected" if job.type is RequestType.CORRECTION else "added"
    told = told_summary(notices_on(uc, job.request_id))
    return Fulfilment(f"{verb}: {', '.join(changed)}; {told}", fields=changed)


def _delete(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    """A legal hold refuses it (LegalHoldError, audited); restriction is the fallback."""
    refuse_held(uc, [row.id])
    erase(uc, [row.id], reason=DELETION_REASON, request_id=job.request_id)
    told = told_summary(notices_on(uc, job.request_id))
    return Fulfilment(f"erased by crypto-shredding; tombstone kept for {row.id}; {told}")


def _close_account(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    """注销账户 (GB/T 35273-2020 §8.5): closing the account deletes the personal information as
    a deletion request does, legal holds included."""
    done = _delete(uc, row, job)
    return replace(done, summary=f"account closed; {done.summary}")


def _withdraw(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    """No purposes named: every active purpose that rests on consent."""
    wanted = job.purposes or _consented(uc, row)
    if not wanted:
        return Fulfilment("no consent-based purpose was active; nothing to withdraw")
    done = end_consents(
        uc,
        row.id,
        wanted,
        channel=_consent_channel(uc.uow, job.request_id),
        evidence=f"data-subject request {job.request_id}",
    )
    deleted = ", ".join(done.deleted_fields) or "none"
    return Fulfilment(
        f"withdrawn: {', '.join(done.withdrawn)}; fields deleted: {deleted}",
        fields=tuple(done.deleted_fields),
    )


def _consented(uc: UseCase, row: CustomerRow) -> tuple[str, ...]:
    """The customer's active purposes that rest on consent."""
    purposes = uc.catalog.purposes
    active = uc.uow.consents.active_for(row.id)
    return tuple(sorted(p for p in active if p in purposes and purposes[p].needs_consent))


def _restrict(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    restrict(uc, row, reason=f"restriction request {job.request_id}")
    return Fulfilment("processing restricted: the data is stored and nothing else")


def _opt_out(uc: UseCase, row: CustomerRow, job: FulfilmentInput) -> Fulfilment:
    channel = _consent_channel(uc.uow, job.request_id)
    withdrawn = opt_out_of_sharing(uc, row, channel=channel, request_id=job.request_id)
    ended = f"; consents withdrawn: {', '.join(withdrawn)}" if withdrawn else ""
    return Fulfilment(f"opted out of sale or sharing{ended}")


def _consent_channel(uow: UnitOfWork, request_id: str) -> Channel:
    """Letters and requests at the counter are recorded as given in store."""
    return CONSENT_CHANNEL.get(uow.subject_data.request_channel(request_id) or "", Channel.STORE)


_HANDLERS: Mapping[RequestType, Handler] = {
    RequestType.ACCESS: _package,
    RequestType.COPY: _package,
    RequestType.PORTABILITY: _package,
    RequestType.CORRECTION: _correct,
    RequestType.SUPPLEMENT: _correct,
    RequestType.DELETION: _delete,
    RequestType.WITHDRAW_CONSENT: _withdraw,
    RequestType.EXPLANATION: _explain,
    RequestType.RESTRICTION: _restrict,
    RequestType.OPT_OUT_SALE_SHARING: _opt_out,
    RequestType.ACCOUNT_CLOSURE: _close_account,
}
