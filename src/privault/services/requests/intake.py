"""Taking in a new request, by staff or through the portal alike: the note given at opening,
the due dates under the customer's regimes, the row it is stored as and its opening audit step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from privault.db.requests import SubjectRequest
from privault.db.unit_of_work import UnitOfWork
from privault.domain.deadlines import Deadlines, due_dates
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action
from privault.domain.requests import MAX_NOTE, Regime, RequestChannel, RequestStatus, RequestType
from privault.services.free_text.rule import screen_note
from privault.services.requests.records import cn_clock, deadlines_json, record_step
from privault.services.use_case import UseCase
from privault.services.vault import Vault


def check_note(note: str | None, staff_vault: Vault | None = None) -> str | None:
    """At a staff door (`staff_vault` given) the installation's free-text rule applies: staff type
    the proof they saw here, and an ID number belongs in the verification, not in the note. The
    portal gives none: a customer may write their own old number into their own correction."""
    cleaned = " ".join((note or "").split())
    if len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field="note", params={"limit": MAX_NOTE}
        )
    if cleaned and staff_vault is not None:
        return screen_note(staff_vault, cleaned, field="note")
    return cleaned or None


def due_dates_for(
    uow: UnitOfWork, received: date, regimes: tuple[Regime, ...], request_type: RequestType
) -> Deadlines:
    cn_days, cn_working_days = cn_clock(uow)
    return due_dates(
        received, regimes, request_type, cn_days=cn_days, cn_working_days=cn_working_days
    )


@dataclass(frozen=True)
class Opening:
    """Who opened a request, when, for which customer of which store."""

    by: str
    at: datetime
    customer_id: str
    store: str


def request_row(
    opened: Opening,
    request_type: RequestType,
    channel: RequestChannel,
    deadlines: Deadlines,
    note: str | None = None,
) -> SubjectRequest:
    """`note` is a cleaned one (see `check_note`); it opens the request's outcome record."""
    regimes = tuple(d.regime for d in deadlines.per_regime)
    return SubjectRequest(
        id=str(uuid.uuid4()),
        customer_id=opened.customer_id,
        type=request_type.value,
        channel=channel.value,
        status=RequestStatus.RECEIVED.value,
        regimes=" ".join(r.value for r in regimes),
        received_on=deadlines.received_on,
        deadlines=deadlines_json(deadlines),
        due_on=deadlines.due_on,
        acknowledge_by=deadlines.acknowledge_by,
        acknowledged_on=None,
        extended_on=None,
        extension_reason=None,
        opened_at=opened.at,
        opened_by=opened.by,
        store=opened.store,
        outcome=f"note at opening: {note}" if note else None,
    )


def file_request(uc: UseCase, row: SubjectRequest) -> None:
    """In the caller's transaction: the request and the audit step that opened it."""
    uc.uow.requests.add(row)
    step = (
        f"opened {row.type} via {row.channel}, received "
        f"{row.received_on.isoformat()}, due {row.due_on.isoformat()}"
    )
    record_step(uc, Action.REQUEST_OPEN.value, row, step)
