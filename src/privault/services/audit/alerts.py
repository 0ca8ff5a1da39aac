"""Alerts for the privacy officer: listed, and acknowledged with a note of what was done."""

from __future__ import annotations

from privault.db.alerts import AlertRow
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


def list_alerts(
    vault: Vault, actor: Actor, *, include_acked: bool = False, limit: int = 100
) -> list[AlertRow]:
    with use_case(vault, actor) as uc:
        uc.require(Action.ALERT_READ)
        found = uc.uow.alerts.recent(open_only=not include_acked, limit=limit)
        uc.record(Action.ALERT_READ)
        uc.commit()
        return found


def ack_alert(vault: Vault, actor: Actor, alert_id: int, note: str) -> AlertRow:
    clean = _note(note)
    with use_case(vault, actor) as uc:
        uc.require(Action.ALERT_ACK)
        alert = _open_alert(uc.uow.alerts.get(alert_id), alert_id)
        uc.uow.alerts.ack(alert_id, actor.name, uc.now, clean)
        uc.record(Action.ALERT_ACK, reason=f"alert {alert_id}")
        uc.commit()
        return AlertRow(
            **{**vars(alert), "acked_by": actor.name, "acked_at": uc.now, "note": clean}
        )


def _note(note: str) -> str:
    clean = " ".join(note.split())
    if not clean:
        raise InvalidInputError("say what was checked or done", field="note")
    if len(clean) > 500:
        raise InvalidInputError("at most 500 characters", field="note")
    return clean


def _open_alert(alert: AlertRow | None, alert_id: int) -> AlertRow:
    if alert is None:
        raise NotFoundError("no alert {id}", params={"id": alert_id})
    if alert.acked_at is not None:
        raise InvalidInputError(
            "acknowledged already by {name} at {acked_at:%Y-%m-%d %H:%M}",
            field="alert",
            params={"name": alert.acked_by, "acked_at": alert.acked_at},
        )
    return alert
