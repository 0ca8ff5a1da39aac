"""Security incidents: their grades, statuses, and the part of the audit trail that finds who
was affected (staff member, token, store, time window, fields, actions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from privault.domain.errors import InvalidInputError

TEXT_MAX = 2000
SHORT_MAX = 200


class Severity(StrEnum):
    """The CAC's four grades (国家网络安全事件报告管理办法): 一般, 较大, 重大, 特别重大."""

    GENERAL = "general"  # 一般
    LARGER = "larger"  # 较大
    MAJOR = "major"  # 重大
    ESPECIALLY_MAJOR = "especially_major"  # 特别重大

    @property
    def is_reportable_to_cac(self) -> bool:
        """较大 or above goes to the provincial CAC within four hours."""
        return self is not Severity.GENERAL


class IncidentStatus(StrEnum):
    OPEN = "open"
    CONTAINED = "contained"
    CLOSED = "closed"


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    description: str
    severity: Severity
    status: IncidentStatus
    detected_at: datetime
    reported_by: str
    recorded_at: datetime
    recorded_by: str
    data_fields: tuple[str, ...] = ()  # which data the incident touched
    measures: str = ""  # what was done
    advice: str = ""  # what the people affected can do
    contact: str = ""  # whom they contact
    lessons: str = ""
    closed_at: datetime | None = None
    closed_by: str | None = None


@dataclass(frozen=True)
class IncidentAction:
    """One step the privacy officer took, in order."""

    incident_id: str
    at: datetime
    by: str
    note: str


@dataclass(frozen=True)
class TrailScope:
    """Which audit events count as the incident's: all the given filters hold (none: any)."""

    since: datetime
    until: datetime
    staff: str | None = None
    token: str | None = None
    store: str | None = None
    fields: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{self.since.isoformat()} to {self.until.isoformat()}"]
        named = (("staff", self.staff), ("token", self.token), ("store", self.store))
        parts += [f"{k} {v}" for k, v in named if v]
        if self.fields:
            parts.append("fields " + ",".join(self.fields))
        if self.actions:
            parts.append("actions " + ",".join(self.actions))
        return "; ".join(parts)


def parse_severity(raw: str) -> Severity:
    chinese = {"一般": "general", "较大": "larger", "重大": "major", "特别重大": "especially_major"}
    value = chinese.get(raw.strip(), raw.strip().lower())
    try:
        return Severity(value)
    except ValueError:
        raise InvalidInputError(
            "choose general (一般), larger (较大), major (重大) or especially_major (特别重大)",
            field="severity",
        ) from None


def parse_text(raw: str, field: str, *, limit: int = TEXT_MAX, required: bool = True) -> str:
    clean = " ".join(raw.split())
    if required and not clean:
        raise InvalidInputError("fill in {field}", field=field, params={"field": field})
    if len(clean) > limit or not clean.isprintable():
        raise InvalidInputError(
            "at most {limit} printable characters", field=field, params={"limit": limit}
        )
    return clean


def parse_names(raw: Iterable[str], field: str) -> tuple[str, ...]:
    """Field or action names, comma- or space-separated, each a short printable word."""
    names: list[str] = []
    for item in raw:
        names += [n for n in item.replace(",", " ").split() if n]
    for name in names:
        if len(name) > 64 or not name.isprintable():
            raise InvalidInputError("at most 64 printable characters each", field=field)
    return tuple(dict.fromkeys(names))


def trail_scope(
    since: datetime,
    until: datetime,
    now: datetime,
    *,
    staff: str | None = None,
    token: str | None = None,
    store: str | None = None,
    fields: Iterable[str] = (),
    actions: Iterable[str] = (),
) -> TrailScope:
    """A window that ends in the future cannot have happened yet: refused, not cut short."""
    if since.tzinfo is None or until.tzinfo is None:
        raise InvalidInputError("give the time zone of the window", field="since")
    if until <= since:
        raise InvalidInputError("the window must end after it starts", field="until")
    if since > now or until > now:
        raise InvalidInputError(
            "the window {since} to {until} lies in the future; an incident's window ends at "
            "the latest now",
            field="until",
            params={"since": since.isoformat(), "until": until.isoformat()},
        )
    return TrailScope(
        since,
        until,
        _short(staff, "staff"),
        _short(token, "token"),
        _short(store, "store"),
        parse_names(fields, "fields"),
        parse_names(actions, "actions"),
    )


def _short(raw: str | None, field: str) -> str | None:
    clean = (raw or "").strip()
    if not clean:
        return None
    return parse_text(clean, field, limit=64)
