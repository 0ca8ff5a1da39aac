"""Exports: a request, an approval by another privacy officer above a few rows, one audited
download by the requester. No other path writes customer data to a file."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path

from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import export_requested
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.exports import (
    AUTO_APPROVER,
    SMALL_EXPORT_ROWS,
    ExportRequest,
    ExportStatus,
    parse_format,
    parse_purpose,
)
from privault.domain.policy import RESTRICTED, Action, Actor, Request, authorize
from privault.services import auditing
from privault.services.export_files import writer_for
from privault.services.sealing import open_sealed
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
    with vault.unit_of_work() as uow:
        catalog = vault.catalog(uow)
        specs = [catalog.field(f) for f in dict.fromkeys(f.strip() for f in fields if f.strip())]
        if not specs:
            raise InvalidInputError("name the fields to export", field="fields")
        keys = tuple(s.key for s in specs)
        auditing.require(vault, uow, actor, Action.EXPORT_REQUEST, fields=keys, purpose=why)
        outside = set(wanted_stores) - actor.stores if actor.stores else set()
        for spec in specs:
            decision = authorize(
                actor, Request(Action.EXPORT_REQUEST, field=spec, purpose=why), vault.roles(uow)
            )
            if not decision.allowed:
                auditing.deny(
                    vault, uow, actor, Action.EXPORT_REQUEST, decision.reason, fields=keys
                )
        if outside:
            auditing.deny(
                vault,
                uow,
                actor,
                Action.EXPORT_REQUEST,
                f"store {', '.join(sorted(outside))} is outside {actor.name}'s stores",
                fields=keys,
            )
        now = vault.clock()
        rows = uow.scan.count(wanted_stores)
        small = rows <= SMALL_EXPORT_ROWS
        request = ExportRequest(
            id=str(uuid.uuid4()),
            requested_by=actor.name,
            requested_at=now,
            format=fmt,
            fields=keys,
            stores=wanted_stores,
            purpose=why,
            row_count=rows,
            status=ExportStatus.APPROVED if small else ExportStatus.PENDING,
            decided_by=AUTO_APPROVER if small else None,
            decided_at=now if small else None,
        )
        uow.exports.add(request)
        auditing.raise_alert(vault, uow, export_requested(actor.name, request.id, rows, len(keys)))
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.EXPORT_REQUEST,
                    fields=keys,
                    purpose=why,
                    reason=f"export {request.id}: {rows} customers",
                )
            ]
        )
        uow.commit()
        return request


def decide_export(
    vault: Vault, actor: Actor, export_id: str, *, approve: bool, note: str | None = None
) -> ExportRequest:
    """A privacy officer other than the requester approves or rejects (a reason is needed)."""
    clean = " ".join((note or "").split()) or None
    if not approve and not clean:
        raise InvalidInputError("say why the export is rejected", field="note")
    with vault.unit_of_work() as uow:
        request = _existing(uow, export_id)
        auditing.require(
            vault,
            uow,
            actor,
            Action.EXPORT_APPROVE,
            fields=request.fields,
            purpose=request.purpose,
            owner=request.requested_by,
        )
        if request.status is not ExportStatus.PENDING:
            raise InvalidInputError(
                "export {id} is {status}, not waiting for a decision",
                field="export",
                params={"id": export_id, "status": request.status.value},
            )
        status = ExportStatus.APPROVED if approve else ExportStatus.REJECTED
        uow.exports.decide(export_id, status, actor.name, vault.clock(), clean)
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.EXPORT_APPROVE,
                    fields=request.fields,
                    purpose=request.purpose,
                    reason=f"export {export_id} {status.value}",
                )
            ]
        )
        uow.commit()
        return _existing_now(vault, export_id)


def download_export(vault: Vault, actor: Actor, export_id: str, out: Path) -> ExportRequest:
    """Writes the file once, for the requester; every customer in it is audited."""
    with vault.unit_of_work() as uow:
        request = _existing(uow, export_id, for_update=True)
        auditing.require(
            vault,
            uow,
            actor,
            Action.EXPORT_DOWNLOAD,
            fields=request.fields,
            purpose=request.purpose,
        )
        refusal = request.download_refusal(actor.name, vault.clock())
        if refusal:
            auditing.deny(vault, uow, actor, Action.EXPORT_DOWNLOAD, refusal, fields=request.fields)
        if out.exists():
            raise InvalidInputError(
                "{path} exists already; choose a new file name", field="out", params={"path": out}
            )
        try:
            written, restricted = _write(vault, uow, actor, request, out)
            uow.exports.downloaded(export_id, vault.clock())
            events = [
                auditing.event(
                    vault,
                    actor,
                    Action.EXPORT_DOWNLOAD,
                    customer_id=customer_id,
                    fields=fields,
                    purpose=request.purpose,
                    reason=f"export {export_id}",
                )
                for customer_id, fields in written
            ]
            if restricted:  # their data is stored, not processed: the file says nothing of them
                events.append(
                    auditing.event(
                        vault,
                        actor,
                        Action.EXPORT_DOWNLOAD,
                        fields=request.fields,
                        purpose=request.purpose,
                        reason=f"export {export_id}: {restricted} restricted customers left out",
                    )
                )
            uow.audit.append(events)
            uow.commit()
        except BaseException:
            out.unlink(missing_ok=True)  # nothing half-written survives a failed download
            raise
    return _existing_now(vault, export_id)


def _write(
    vault: Vault, uow: UnitOfWork, actor: Actor, request: ExportRequest, out: Path
) -> tuple[list[tuple[str, tuple[str, ...]]], int]:
    """Only what the requester may see in clear: role reach, stores, and for sensitive
    fields the customer's consent. Restricted customers are left out and counted."""
    catalog, matrix = vault.catalog(uow), vault.roles(uow)
    specs = [catalog.field(f) for f in request.fields]
    labels = [f"{s.label_zh} {s.label_en}" for s in specs]
    writer = writer_for(out, request, labels)
    written: list[tuple[str, tuple[str, ...]]] = []
    restricted = 0
    after = ""
    try:
        while ids := uow.scan.page(request.stores, after=after, limit=PAGE):
            after = ids[-1]
            found = uow.customers.get_sealed(ids)
            values = open_sealed(vault, uow, {c: sealed for c, (_, sealed) in found.items()})
            consents = uow.consents.active(ids)
            for cid in ids:
                row, purposes = found[cid][0], frozenset(consents.get(cid, set()))
                if row.status == RESTRICTED:
                    restricted += 1
                    continue
                allowed = {
                    s.key
                    for s in specs
                    if authorize(
                        actor,
                        Request(
                            Action.EXPORT_DOWNLOAD,
                            field=s,
                            purpose=request.purpose,
                            store=row.store,
                            customer_purposes=purposes,
                        ),
                        matrix,
                    ).allowed
                }
                shown = {k: v for k, v in values.get(cid, {}).items() if k in allowed}
                writer.write(cid, shown)
                written.append((cid, tuple(sorted(shown))))
    finally:
        writer.close()
    return written, restricted


def list_exports(vault: Vault, actor: Actor, *, limit: int = 50) -> list[ExportRequest]:
    """Requesters and approvers see the queue; it holds ids, fields and counts, no values."""
    with vault.unit_of_work() as uow:
        matrix = vault.roles(uow)
        may = [
            authorize(actor, Request(a, owner=""), matrix).allowed
            for a in (Action.EXPORT_REQUEST, Action.EXPORT_APPROVE)
        ]
        if not any(may):
            auditing.require(vault, uow, actor, Action.EXPORT_APPROVE)
        found = uow.exports.recent(limit=limit)
        if not may[1]:  # a requester sees their own
            found = [r for r in found if r.requested_by == actor.name]
        return found


def _existing(uow: UnitOfWork, export_id: str, *, for_update: bool = False) -> ExportRequest:
    found = uow.exports.get(export_id.strip(), for_update=for_update)
    if found is None:
        raise NotFoundError("no export {id}", params={"id": export_id})
    return found


def _existing_now(vault: Vault, export_id: str) -> ExportRequest:
    with vault.unit_of_work() as uow:
        return _existing(uow, export_id)
