"""Alerts for the privacy officer: listed, and acknowledged with a note of what was done."""

from __future__ import annotations

from privault.db.alerts import AlertRow
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.vault import Vault


def list_alerts(
    vault: Vault, actor: Actor, *, include_acked: bool = False, limit: int = 100
) -> list[AlertRow]:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.ALERT_READ)
        found = uow.alerts.recent(open_only=not include_acked, limit=limit)
        uow.audit.append([auditing.event(vault, actor, Action.ALERT_READ)])
        uow.commit()
        return found


def ack_alert(vault: Vault, actor: Actor, alert_id: int, note: str) -> AlertRow:
    clean = " ".join(note.split())
    if not clean:
        raise InvalidInputError("say what was checked or done", field="note")
    if len(clean) > 500:
        raise InvalidInputError("at most 500 characters", field="note")
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.ALERT_ACK)
        alert = uow.alerts.get(alert_id)
        if alert is None:
            raise NotFoundError("no alert {id}", params={"id": alert_id})
        if alert.acked_at is not None:
            raise InvalidInputError(
                "acknowledged already by {name} at {acked_at:%Y-%m-%d %H:%M}",
                field="alert",
                params={"name": alert.acked_by, "acked_at": alert.acked_at},
            )
        uow.alerts.ack(alert_id, actor.name, vault.clock(), clean)
        uow.audit.append(
            [auditing.event(vault, actor, Action.ALERT_ACK, reason=f"alert {alert_id}")]
        )
        uow.commit()
        return AlertRow(
            **{**vars(alert), "acked_by": actor.name, "acked_at": vault.clock(), "note": clean}
        )
