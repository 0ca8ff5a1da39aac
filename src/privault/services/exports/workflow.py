"""Exports: a request, an approval by another privacy officer above a few rows, one audited
download by the requester. No other path writes customer data to a file. The approver is a
person: never a token, nor whoever created the token that asked."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import export_requested
from privault.domain.catalog import Catalog, FieldSpec
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.exports import (
    AUTO_APPROVER,
    SMALL_EXPORT_ROWS,
    ExportFormat,
    ExportRequest,
    ExportStatus,
    parse_format,
    parse_purpose,
)
from privault.domain.policy import RESTRICTED, Action, Actor, Request
from privault.services.customers.sealing import open_sealed
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
    format: str = "csv",
    stores: Iterable[str] = (),
) -> ExportRequest:
    """Up to SMALL_EXPORT_ROWS customers the rule approves; above, a privacy officer must."""
    fmt, why = parse_format(format), parse_purpose(purpose)
    wanted_stores = tuple(sorted({s.strip() for s in stores if s.strip()} or actor.stores))
    with use_case(vault, actor) as uc:
        specs = _specs(uc.catalog, fields)
        keys = tuple(s.key for s in specs)
        uc.require(
            Action.EXPORT_REQUEST, fields=keys, field_specs=specs, stores=wanted_stores, purpose=why
        )
        request = _new_request(uc, fmt, keys, wanted_stores, why)
        uc.uow.exports.add(request)
        uc.alert(export_requested(actor.name, request.id, request.row_count, len(keys)))
        reason = f"export {request.id}: {request.row_count} customers"
        uc.record(Action.EXPORT_REQUEST, fields=keys, purpose=why, reason=reason)
        uc.commit()
        return request


def _specs(catalog: Catalog, fields: Iterable[str]) -> list[FieldSpec]:
    specs = [catalog.field(f) for f in dict.fromkeys(f.strip() for f in fields if f.strip())]
    if not specs:
        raise InvalidInputError("name the fields to export", field="fields")
    return specs


def _new_request(
    uc: UseCase, fmt: ExportFormat, keys: tuple[str, ...], stores: tuple[str, ...], why: str
) -> ExportRequest:
    """Approved by the rule when small enough; otherwise pending a privacy officer."""
    rows = uc.uow.scan.count(stores)
    small = rows <= SMALL_EXPORT_ROWS
    return ExportRequest(
        id=str(uuid.uuid4()),
        requested_by=uc.actor.name,
        requested_at=uc.now,
        format=fmt,
        fields=keys,
        stores=stores,
        purpose=why,
        row_count=rows,
        status=ExportStatus.APPROVED if small else ExportStatus.PENDING,
        decided_by=AUTO_APPROVER if small else None,
        decided_at=uc.now if small else None,
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
    """Writes the file once, for the requester; every customer in it is audited."""
    with use_case(vault, actor) as uc:
        request = _existing(uc.uow, export_id, for_update=True)
        uc.require(Action.EXPORT_DOWNLOAD, fields=request.fields, purpose=request.purpose)
        refusal = request.download_refusal(actor.name, uc.now)
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


def _deliver(uc: UseCase, request: ExportRequest, export_id: str, out: Path) -> None:
    """The file, the export marked downloaded, and one event per customer in it."""
    written, restricted = _write(uc, request, out)
    uc.uow.exports.downloaded(export_id, uc.now)
    # Whom the file holds and where it is: erasure and correction reach it without a scan.
    uc.uow.copies.hold(export_id, written)
    uc.uow.copies.file_written(export_id, str(out.resolve()), uc.now)
    why, fields = request.purpose, request.fields
    reason = f"export {export_id}"
    entries = [Entry(Action.EXPORT_DOWNLOAD, c, shown, why, reason) for c, shown in written]
    if restricted:  # their data is stored, not processed: the file says nothing of them
        left_out = f"export {export_id}: {restricted} restricted customers left out"
        entries.append(Entry(Action.EXPORT_DOWNLOAD, None, fields, why, left_out))
    uc.record_all(entries)
    uc.commit()


Written = list[tuple[str, tuple[str, ...]]]  # per customer in the file, the fields it holds


def _write(uc: UseCase, request: ExportRequest, out: Path) -> tuple[Written, int]:
    """Only what the requester may see in clear: role reach, stores, and for sensitive
    fields the customer's consent. Restricted customers are left out and counted."""
    specs = [uc.catalog.field(f) for f in request.fields]
    labels = [f"{s.label_zh} {s.label_en}" for s in specs]
    writer = writer_for(out, request, labels)
    written: Written = []
    restricted = 0
    after = ""
    try:
        while ids := uc.uow.scan.page(request.stores, after=after, limit=PAGE):
            after = ids[-1]
            restricted += _write_page(uc, request, specs, ids, writer, written)
    finally:
        writer.close()
    return written, restricted


def _write_page(
    uc: UseCase,
    request: ExportRequest,
    specs: list[FieldSpec],
    ids: list[str],
    writer: ExportWriter,
    written: Written,
) -> int:
    """One page of customers into the file (and `written`); returns the restricted left out."""
    found = uc.uow.customers.get_sealed(ids)
    values = open_sealed(uc.vault, uc.uow, {c: sealed for c, (_, sealed) in found.items()})
    consents = uc.uow.consents.active(ids)
    restricted = 0
    for cid in ids:
        row = found[cid][0]
        if row.status == RESTRICTED:
            restricted += 1
            continue
        allowed = _in_clear(uc, request, specs, row, frozenset(consents.get(cid, set())))
        shown = {k: v for k, v in values.get(cid, {}).items() if k in allowed}
        writer.write(cid, shown)
        written.append((cid, tuple(sorted(shown))))
    return restricted


def _in_clear(
    uc: UseCase,
    request: ExportRequest,
    specs: list[FieldSpec],
    row: CustomerRow,
    consented: frozenset[str],
) -> set[str]:
    """The fields of this customer the requester may have in clear."""
    return {
        s.key
        for s in specs
        if uc.allows(
            Request(
                Action.EXPORT_DOWNLOAD,
                field=s,
                purpose=request.purpose,
                store=row.store,
                customer_purposes=consented,
            )
        )
    }


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
