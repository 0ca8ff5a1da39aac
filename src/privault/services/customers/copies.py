"""Copies of a customer's data outside their record: the export files that held them, the
messages sent to them, and the recipients told when their data is corrected or erased (GDPR
Art. 19, CCPA §1798.105(c), GB/T 35273-2020 §8.3)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from privault.db.copies import Holding, RecipientNotice
from privault.domain.alerts import copy_changed
from privault.domain.catalog import ValueKind
from privault.domain.partners import DeletionNotice
from privault.infra.sms import KeptMessages
from privault.services.customers.sealing import open_fields
from privault.services.use_case import UseCase

RECIPIENT_TOLD = "copy.recipient_told"
PARTNER_ASKED = "copy.partner_asked"
FILE_REMOVED = "copy.file_removed"
MESSAGES_DROPPED = "copy.messages_dropped"
CORRECTED, ERASED = "corrected", "erased"


def tell_of_correction(
    uc: UseCase, customer_id: str, changed: Iterable[str], *, request_id: str | None
) -> list[RecipientNotice]:
    """The requesters of exports that held one of the changed fields; other exports hold
    nothing that changed."""
    fields = set(changed)
    held = [h for h in uc.uow.copies.holdings([customer_id]) if fields & set(h.fields)]
    return _tell(uc, held, CORRECTED, request_id, fields)


def clear_copies(uc: UseCase, ids: Sequence[str], *, request_id: str | None) -> None:
    """Before the data keys go (the outbox is matched on the mobiles, opened once more). Files
    go before the commit: a failed erasure that lost an export copy loses nothing the records
    need, while the other order could leave a clear copy of an erased person after a crash."""
    held = uc.uow.copies.holdings(ids)
    _tell(uc, held, ERASED, request_id, None)
    _ask_partners(uc, ids, request_id)
    _remove_files(uc, held)
    _forget_messages(uc, ids)
    uc.uow.copies.release(ids)


def notices_on(uc: UseCase, request_id: str) -> list[RecipientNotice]:
    return uc.uow.copies.notices(request_id)


def told_summary(notices: Sequence[RecipientNotice]) -> str:
    """For the request's file: who was told of which export; names of staff, never values."""
    if not notices:
        return "no recipient on record"
    told = ", ".join(f"{n.recipient} (export {n.export_id})" for n in notices)
    return f"recipients told: {told}"


def _tell(
    uc: UseCase,
    held: Sequence[Holding],
    change: str,
    request_id: str | None,
    changed: set[str] | None,
) -> list[RecipientNotice]:
    notices = [
        RecipientNotice(
            uc.now,
            h.customer_id,
            request_id,
            h.export_id,
            h.requested_by,
            change,
            tuple(sorted(changed & set(h.fields))) if changed is not None else h.fields,
        )
        for h in held
    ]
    for n in notices:
        erased = change == ERASED
        uc.alert(
            copy_changed(
                n.recipient, n.export_id, n.customer_id, erased=erased, fields=n.fields, at=uc.now
            )
        )
        why = f"export {n.export_id}: {n.recipient} told the customer was {change}"
        uc.record(RECIPIENT_TOLD, customer_id=n.customer_id, fields=n.fields, reason=why)
    uc.uow.copies.note(notices)
    return notices


def _ask_partners(uc: UseCase, ids: Sequence[str], request_id: str | None) -> None:
    """Each partner that received an erased customer's data is asked to delete its copy (PIPL
    Art. 47, GDPR Art. 17(2)): one notice per partner and customer, naming the fields disclosed;
    the officer records the partner's confirmation, and the daily watch alerts while it lacks."""
    disclosed = uc.uow.partner_deletions.disclosed(ids)
    notices = [
        DeletionNotice(
            str(uuid.uuid4()), partner_id, customer_id, request_id, tuple(sorted(fields)), uc.now
        )
        for (partner_id, customer_id), fields in sorted(disclosed.items())
    ]
    uc.uow.partner_deletions.add(notices)
    for n in notices:
        why = f"deletion notice {n.id} to partner {n.partner_id}"
        uc.record(PARTNER_ASKED, customer_id=n.customer_id, fields=n.fields, reason=why)


def _remove_files(uc: UseCase, held: Sequence[Holding]) -> None:
    """Removed, not rebuilt without the row: a rebuilt file would disclose everyone else in it
    once more, outside the audited download; the requester can ask for a new export."""
    home = uc.vault.settings.home.resolve()
    files = {h.export_id: Path(h.path) for h in held if h.path and not h.is_removed}
    for export_id, path in sorted(files.items()):
        if not path.resolve().is_relative_to(home):
            continue  # outside the installation: its requester was told to delete it
        path.unlink(missing_ok=True)
        uc.uow.copies.file_removed(export_id, uc.now)
        uc.record(FILE_REMOVED, reason=f"export {export_id}: file under PRIVAULT_HOME removed")


def _forget_messages(uc: UseCase, ids: Sequence[str]) -> None:
    outbox = uc.vault.sms
    if not isinstance(outbox, KeptMessages) or outbox.is_empty():
        return
    mobiles = [k for k, spec in uc.catalog.fields.items() if spec.kind is ValueKind.MOBILE]
    opened = open_fields(uc.vault, uc.uow, list(ids), only=mobiles)
    dropped = outbox.forget({v for values in opened.values() for v in values.values()})
    if dropped:
        uc.record(MESSAGES_DROPPED, reason=f"{dropped} kept messages to erased customers dropped")
