"""The audit trail view's filters: by customer, staff member, action and outcome."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.audit import AuditEvent, Outcome
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault

# The view filters the latest events; older ones are for `privault audit` and the exports.
SCANNED = 2000
SHOWN = 200


@dataclass(frozen=True)
class AuditFilter:
    customer_id: str | None = None
    actor: str | None = None
    action: str | None = None  # a prefix: "request" finds request.open, request.fulfil, ...
    outcome: str | None = None

    def matches(self, event: AuditEvent) -> bool:
        return (
            (not self.actor or event.actor == self.actor)
            and (not self.action or event.action.startswith(self.action))
            and (not self.outcome or event.outcome.value == self.outcome)
        )


def audit_filter(
    customer_id: str | None, actor: str | None, action: str | None, outcome: str | None
) -> AuditFilter:
    """Blank means any; an unknown outcome is named as the bad field."""
    cleaned = [(v or "").strip() or None for v in (customer_id, actor, action, outcome)]
    if cleaned[3] is not None and cleaned[3] not in {o.value for o in Outcome}:
        raise InvalidInputError("choose allowed or denied", field="outcome")
    for value, name in zip(cleaned, ("customer_id", "actor", "action", "outcome"), strict=True):
        if value is not None and (len(value) > 64 or not value.isprintable()):
            raise InvalidInputError("at most 64 printable characters", field=name)
    return AuditFilter(*cleaned)


def search_audit_events(vault: Vault, actor: Actor, wanted: AuditFilter) -> list[AuditEvent]:
    """Newest first; the search itself is audited with the filters it used."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_READ, customer_id=wanted.customer_id)
        events = uc.uow.audit.list(customer_id=wanted.customer_id, limit=SCANNED)
        found = [e for e in events if wanted.matches(e)][:SHOWN]
        uc.record(Action.AUDIT_READ, customer_id=wanted.customer_id, reason=_reason(wanted, found))
        uc.commit()
        return found


def _reason(wanted: AuditFilter, found: list[AuditEvent]) -> str:
    """The search's audit reason: how many events it showed and the filters it used."""
    used = ", ".join(
        f"{k}={v}"
        for k, v in (
            ("actor", wanted.actor),
            ("action", wanted.action),
            ("outcome", wanted.outcome),
        )
        if v
    )
    return f"audit view: {len(found)} events" + (f" ({used})" if used else "")
