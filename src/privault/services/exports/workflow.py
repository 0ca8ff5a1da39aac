"""Exports: a request for a catalog purpose, an approval by a second person for contact, identity
or sensitive fields in clear or many rows, one audited download by the requester that leaves out
the customers whose lawful basis for the purpose fails then. No other path writes customer data
to a file. The approver is a person: never a token, nor whoever created the token that asked."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import export_requested
from privault.domain.catalog import Catalog, FieldSpec
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.exports import (
    AUTO_APPROVER,
    ExportFormat,
    ExportRequest,
    ExportStatus,
    needs_second_person,
    parse_format,
)
from privault.domain.masking import mask
from privault.domain.policy import RESTRICTED, Action, Actor, Request
from privault.domain.purpose_use import StatedPurpose, parse_stated_purpose
from privault.services.customers.sealing import open_sealed
from privault.services.exports.approvers import refuse_without_approver
from privault.services.exports.files import ExportWriter, writer_for
from privault.services.staff.four_eyes import check_approver
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

PAGE = 500


def request_export(
    vault: Vault,
    actor: Actor,
    fields: Iterable[str],
    *,
    purpose: str,
    note: str | None = None,
    format: str = "csv",
    stores: Iterable[str] = (),
    masked: bool = False,
) -> ExportRequest:
    """For a catalog purpose every field serves. Contact, identity or sensitive fields in clear,
    or more than SMALL_EXPORT_ROWS customers, wait for a second person; the rest the rule
    approves. Refused at once when nobody could approve it."""
    fmt = parse_format(format)
    wanted_stores = tuple(sorted({s.strip() for s in stores if s.strip()} or actor.stores))
    with use_case(vault, actor) as uc:
        stated = parse_stated_purpose(uc.catalog, purpose, note)
        specs = _specs(uc.catalog, fields)
        keys = tuple(s.key for s in specs)
        uc.require(
            Action.EXPORT_REQUEST,
            fields=keys,
            field_specs=specs,
            stores=wanted_stores,
            purpose=stated.key,
            use=stated,
        )
        request = _new_request(uc, fmt, specs, wanted_stores, stated, masked=masked)
        if request.status is ExportStatus.PENDING:
            refuse_without_approver(uc, keys, stated.key)
        uc.uow.exports.add(request)
        uc.alert(export_requested(actor.name, request.id, request.row_count, len(keys)))
        reason = f"export {request.id}: {request.row_count} customers"
        uc.record(Action.EXPORT_REQUEST, fields=keys, purpose=stated.key, reason=reason)
        uc.commit()
        return request


def _specs(catalog: Catalog, fields: Iterable[str]) -> list[FieldSpec]:
    specs = [catalog.field(f) for f in dict.fromkeys(f.strip() for f in fields if f.strip())]
    if not specs:
        raise InvalidInputError("name the fields to export", field="fields")
    return specs


def _new_request(
    uc: UseCase,
    fmt: ExportFormat,
    specs: list[FieldSpec],
    stores: tuple[str, ...],
    stated: StatedPurpose,
    *,
    masked: bool,
) -> ExportRequest:
    """Approved by the rule when it may be; otherwise pending a second person."""
    rows = uc.uow.scan.count(stores)
    by_rule = not needs_second_person(specs, rows, masked=masked)
    return ExportRequest(
        id=str(uuid.uuid4()),
        requested_by=uc.actor.name,
        requested_at=uc.now,
        format=fmt,
        fields=tuple(s.key for s in specs),
        stores=stores,
        purpose=stated.key,
        purpose_note=stated.note,
        masked=masked,
        row_count=rows,
        status=ExportStatus.APPROVED if by_rule else ExportStatus.PENDING,
        decided_by=AUTO_APPROVER if by_rule else None,
        decided_at=uc.now if by_rule else None,
    )


def decide_export(
    vault: Vault, actor: Actor, export_id: str, *, approve: bool, note: str | None = None
) -> ExportRequest:
    """A privacy officer other than the requester approves or rejects (a reason is needed).
    The approver is a person: never an integration token, nor the creator of the token that
    asked (a rejection only stops data leaving, so a token may still reject)."""
    clean = " ".join((note or "").split()) or None
    if not approve and not clean:
        raise InvalidInputError("say why the export is rejected", field="note")
    with use_case(vault, actor) as uc:
        request = _existing(uc.uow, export_id)
        fields, purpose = request.fields, request.purpose
        if approve:  # four eyes: a person, not a token, nor the one behind the token that asked
            check_approver(
                uc, Action.EXPORT_APPROVE, request.requested_by, fields=fields, purpose=purpose
            )
        uc.require(
            Action.EXPORT_APPROVE, fields=fields, purpose=purpose, owner=request.requested_by
        )
        if request.status is not ExportStatus.PENDING:
            raise InvalidInputError(
                "export {id} is {status}, not waiting for a decision",
                field="export",
                params={"id": export_id, "status": request.status.value},
            )
        status = ExportStatus.APPROVED if approve else ExportStatus.REJECTED
        uc.uow.exports.decide(export_id, status, actor.name, uc.now, clean)
        reason = f"export {export_id} {status.value}"
        uc.record(Action.EXPORT_APPROVE, fields=fields, purpose=purpose, reason=reason)
        uc.commit()
        return _existing_now(vault, actor, export_id)


def download_export(vault: Vault, actor: Actor, export_id: str, out: Path) -> ExportRequest:
    """Writes the file once, for the requester; every customer in it is audited, and those whose
    lawful basis for the purpose fails now are left out and counted."""
    with use_case(vault, actor) as uc:
        request = _existing(uc.uow, export_id, for_update=True)
        uc.require(Action.EXPORT_DOWNLOAD, fields=request.fields, purpose=request.purpose)
        refusal = request.download_refusal(actor.name, uc.now) or _legacy(uc, request)
        if refusal:
            uc.refuse(Action.EXPORT_DOWNLOAD, PolicyDeniedError(refusal), fields=request.fields)
        if out.exists():
            raise InvalidInputError(
                "{path} exists already; choose a new file name", field="out", params={"path": out}
            )
        try:
            _deliver(uc, request, export_id, out)
        except BaseException:
            out.unlink(missing_ok=True)  # nothing half-written survives a failed download
            raise
    return _existing_now(vault, actor, export_id)


def _legacy(uc: UseCase, request: ExportRequest) -> str | None:
    """An export asked for before purposes came from the catalog cannot be checked: ask again."""
    if request.purpose in uc.catalog.purposes:
        return None
    return f"export {request.id} names no purpose of the catalog; request it again"


@dataclass
class _Tally:
    """Per customer in the file, the fields it holds; and who was left out, by reason."""

    written: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    restricted: int = 0
    no_basis: int = 0


def _deliver(uc: UseCase, request: ExportRequest, export_id: str, out: Path) -> None:
    """The file, the export marked downloaded, and one event per customer in it."""
    tally = _write(uc, request, out)
    uc.uow.exports.downloaded(
        export_id, uc.now, no_basis=tally.no_basis, restricted=tally.restricted
    )
    # Whom the file holds and where it is: erasure and correction reach it without a scan.
    uc.uow.copies.hold(export_id, tally.written)
    uc.uow.copies.file_written(export_id, str(out.resolve()), uc.now)
    why, fields = request.purpose, request.fields
    reason = f"export {export_id}"
    entries = [Entry(Action.EXPORT_DOWNLOAD, c, shown, why, reason) for c, shown in tally.written]
    if tally.restricted:  # their data is stored, not processed: the file says nothing of them
        left_out = f"export {export_id}: {tally.restricted} restricted customers left out"
        entries.append(Entry(Action.EXPORT_DOWNLOAD, None, fields, why, left_out))
    if tally.no_basis:
        left_out = f"export {export_id}: {tally.no_basis} customers left out, no basis for {why}"
        entries.append(Entry(Action.EXPORT_DOWNLOAD, None, fields, why, left_out))
    uc.record_all(entries)
    uc.commit()


def _write(uc: UseCase, request: ExportRequest, out: Path) -> _Tally:
    """Only what the requester may see (in clear, or masked for a masked export): role reach,
    stores, and for sensitive fields the customer's consent. Restricted customers and those
    without a lawful basis for the purpose are left out and counted."""
    specs = [uc.catalog.field(f) for f in request.fields]
    labels = [f"{s.label_zh} {s.label_en}" for s in specs]
    writer = writer_for(out, request, labels)
    tally = _Tally()
    after = ""
    try:
        while ids := uc.uow.scan.page(request.stores, after=after, limit=PAGE):
            after = ids[-1]
            _write_page(uc, request, specs, ids, writer, tally)
    finally:
        writer.close()
    return tally


def _write_page(
    uc: UseCase,
    request: ExportRequest,
    specs: list[FieldSpec],
    ids: list[str],
    writer: ExportWriter,
    tally: _Tally,
) -> None:
    """One page of customers into the file, counted into `tally`."""
    found = uc.uow.customers.get_sealed(ids)
    values = open_sealed(uc.vault, uc.uow, {c: sealed for c, (_, sealed) in found.items()})
    consents = uc.uow.consents.active(ids)
    stated = StatedPurpose(uc.catalog.purpose(request.purpose), request.purpose_note)
    for cid in ids:
        row, consented = found[cid][0], frozenset(consents.get(cid, set()))
        if row.status == RESTRICTED:
            tally.restricted += 1
        elif stated.basis_missing(consented):
            tally.no_basis += 1
        else:
            shown = _shown(uc, request, specs, row, consented, values.get(cid, {}))
            writer.write(cid, shown)
            tally.written.append((cid, tuple(sorted(shown))))


def _shown(
    uc: UseCase,
    request: ExportRequest,
    specs: list[FieldSpec],
    row: CustomerRow,
    consented: frozenset[str],
    values: dict[str, str],
) -> dict[str, str]:
    """The fields of this customer the requester may have, in clear or masked."""
    action = Action.VIEW_MASKED if request.masked else Action.EXPORT_DOWNLOAD
    allowed = {
        s.key: s
        for s in specs
        if uc.allows(
            Request(
                action,
                field=s,
                purpose=request.purpose,
                store=row.store,
                customer_purposes=consented,
            )
        )
    }
    if not request.masked:
        return {k: v for k, v in values.items() if k in allowed}
    masking = uc.vault.masking
    return {k: mask(allowed[k].mask, v, masking) for k, v in values.items() if k in allowed}


def list_exports(vault: Vault, actor: Actor, *, limit: int = 50) -> list[ExportRequest]:
    """Requesters and approvers see the queue; it holds ids, fields and counts, no values."""
    with use_case(vault, actor) as uc:
        may_request = uc.allows(Request(Action.EXPORT_REQUEST, owner=""))
        may_approve = uc.allows(Request(Action.EXPORT_APPROVE, owner=""))
        if not (may_request or may_approve):
            uc.require(Action.EXPORT_APPROVE)
        found = uc.uow.exports.recent(limit=limit)
        if not may_approve:  # a requester sees their own
            found = [r for r in found if r.requested_by == actor.name]
        return found


def _existing(uow: UnitOfWork, export_id: str, *, for_update: bool = False) -> ExportRequest:
    found = uow.exports.get(export_id.strip(), for_update=for_update)
    if found is None:
        raise NotFoundError("no export {id}", params={"id": export_id})
    return found


def _existing_now(vault: Vault, actor: Actor, export_id: str) -> ExportRequest:
    """As the decision or download left it, read in a use case of its own."""
    with use_case(vault, actor) as uc:
        return _existing(uc.uow, export_id)
