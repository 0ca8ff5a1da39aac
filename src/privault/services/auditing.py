"""Policy checks and audit events, written in the transaction of the action they record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import NoReturn

from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import (
    BULK_CUSTOMERS,
    BULK_WINDOW,
    Alert,
    bulk_access,
    bulk_access_key,
    off_hours,
    reveal_rate,
)
from privault.domain.audit import AuditEvent, Outcome, field_list
from privault.domain.catalog import FieldSpec
from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor, Request, authorize, reveal_limit
from privault.services.use_case import request_origin
from privault.services.vault import Vault


def current_request_id() -> str:
    origin = request_origin.get()
    return origin.request_id if origin else str(uuid.uuid4())


def event(
    vault: Vault,
    actor: Actor,
    action: Action | str,
    *,
    customer_id: str | None = None,
    fields: Iterable[str] = (),
    purpose: str | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    reason: str | None = None,
    request: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=at or vault.clock(),
        actor=_plain(actor.name) or "",
        role=actor.role,
        store=_plain(actor.store),
        action=str(action),
        outcome=outcome,
        request_id=request or current_request_id(),
        customer_id=customer_id,
        fields=field_list(_plain(f) or "" for f in fields),
        purpose=_plain(purpose),
        reason=_plain(reason),
    )


def _plain(text: str | None) -> str | None:
    """Control characters out: the chain payload separates columns with \\x1f, so a typed
    purpose must not be able to move a column boundary (or break a log line)."""
    if text is None or text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def require(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    *,
    customer_id: str | None = None,
    fields: Iterable[str] = (),
    field: FieldSpec | None = None,
    purpose: str | None = None,
    store: str | None = None,
    customer_purposes: Iterable[str] | None = None,
    owner: str | None = None,
    customer_status: str | None = None,
) -> None:
    """Decide with the one policy function. Refusals are audited and committed on their own,
    then raised; nothing else changes. Allowed access feeds the alert rules."""
    matrix = vault.roles(uow)
    now = vault.clock()
    reveals = 0
    if action is Action.REVEAL:
        reveals = uow.activity.count(actor.name, Action.REVEAL.value, now - BULK_WINDOW)
    decision = authorize(
        actor,
        Request(
            action,
            field=field,
            purpose=purpose,
            store=store,
            customer_purposes=None if customer_purposes is None else frozenset(customer_purposes),
            owner=owner,
            reveals_last_hour=reveals,
            customer_status=customer_status,
        ),
        matrix,
    )
    if decision.allowed:
        watch(vault, uow, actor, action, now, customer_id=customer_id)
        return
    alert = None
    # A role with no reveals at all is refused by the matrix, not by the rate: no alert.
    if action is Action.REVEAL and 0 < reveal_limit(actor, matrix) <= reveals:
        alert = reveal_rate(actor.name, reveal_limit(actor, matrix), now)
    deny(
        vault,
        uow,
        actor,
        action,
        decision.reason,
        customer_id=customer_id,
        fields=fields,
        purpose=purpose,
        alert=alert,
    )


def deny(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    reason: str,
    *,
    customer_id: str | None = None,
    fields: Iterable[str] = (),
    purpose: str | None = None,
    alert: Alert | None = None,
) -> NoReturn:
    """Undo the use case, record the refusal (and its alert) on its own, and raise."""
    uow.rollback()
    uow.audit.append(
        [
            event(
                vault,
                actor,
                action,
                customer_id=customer_id,
                fields=fields,
                purpose=purpose,
                outcome=Outcome.DENIED,
                reason=reason,
            )
        ]
    )
    if alert is not None:
        raise_alert(vault, uow, alert)
    uow.commit()
    raise PolicyDeniedError(reason)


# Opening a customer's record counts towards the bulk-access rule.
_OPENS = (Action.SEARCH.value, Action.VIEW_MASKED.value, Action.REVEAL.value)


def watch(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    now: datetime,
    *,
    customer_id: str | None = None,
) -> None:
    """The access alert rules, in the transaction of the access. The customer opened now
    counts towards bulk access: its own event is written after this check."""
    alert = off_hours(actor.name, now, vault.opening_hours(uow))
    if alert is not None:
        raise_alert(vault, uow, alert)
    # A search learns its customers later: it calls watch_bulk after writing their events.
    if action.value in _OPENS and action is not Action.SEARCH:
        watch_bulk(vault, uow, actor, now, including=customer_id)


def watch_bulk(
    vault: Vault, uow: UnitOfWork, actor: Actor, now: datetime, *, including: str | None = None
) -> None:
    if uow.alerts.exists(bulk_access_key(actor.name, now)):
        return  # raised already this hour: no need to count again
    touched = uow.activity.customers_touched(
        actor.name, _OPENS, now - BULK_WINDOW, cap=BULK_CUSTOMERS + 1, including=including
    )
    alert = bulk_access(actor.name, touched, now)
    if alert is not None:
        raise_alert(vault, uow, alert)


def raise_alert(vault: Vault, uow: UnitOfWork, alert: Alert) -> bool:
    """True when the alert is new (not raised before under its dedupe key)."""
    return uow.alerts.raise_once(
        vault.clock(), alert.kind.value, alert.staff_name, alert.detail, alert.key
    )
