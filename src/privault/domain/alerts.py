"""The alert rules the seeds describe: bulk access, off-hours access, failed sign-ins, exports.

Each rule gives a dedupe key, so one incident raises one alert however often it repeats.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError

BULK_WINDOW = timedelta(hours=1)
BULK_CUSTOMERS = 50  # distinct customers opened by one person in an hour
FAILED_SIGN_INS_ALERT = 3  # before the lockout at 5, so the officer hears early


class AlertKind(StrEnum):
    BULK_ACCESS = "bulk_access"
    OFF_HOURS = "off_hours"
    FAILED_SIGN_INS = "failed_sign_ins"
    REVEAL_RATE = "reveal_rate"
    EXPORT_REQUEST = "export_request"
    REQUEST_OVERDUE = "request_overdue"
    REQUEST_NEARLY_DUE = "request_nearly_due"
    INTEGRATION_SEES_PERSONAL_DATA = "token_personal_data"
    TRAINING_EXPIRING = "training_expiring"
    RETENTION_PLANNED = "retention_planned"
    JOB_FAILED = "job_failed"
    RECIPIENT_COPY = "recipient_copy"
    CARD_UNRETURNED = "card_unreturned"
    FORM_REVIEW_OVERDUE = "form_review_overdue"
    CARD_ENTRY_LATE = "card_entry_late"
    LEDGER_MISMATCH = "ledger_mismatch"
    REPEATED_VIOLATION = "repeated_violation"  # issue 19: two violations in 12 months
    DRILL_OVERDUE = "drill_overdue"  # issue 19: no incident drill in 12 months


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    staff_name: str
    detail: str
    key: str


@dataclass(frozen=True)
class OpeningHours:
    opens: time
    closes: time
    zone: str

    def is_open(self, at: datetime) -> bool:
        if self.opens == self.closes:  # 00:00-24:00: open round the clock
            return True
        local = at.astimezone(ZoneInfo(self.zone)).time()
        if self.opens < self.closes:
            return self.opens <= local < self.closes
        return local >= self.opens or local < self.closes  # open past midnight

    def local_date(self, at: datetime) -> str:
        return at.astimezone(ZoneInfo(self.zone)).date().isoformat()


DEFAULT_HOURS = "08:00-22:00 Asia/Shanghai"
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2}) (\S+)$")


def parse_hours(text: str) -> OpeningHours:
    """e.g. "09:30-22:00 Asia/Shanghai"; a restaurant may close after midnight."""
    match = _HOURS.match(text.strip())
    if not match:
        raise InvalidInputError(
            "write opening hours as HH:MM-HH:MM ZONE, e.g. 09:30-22:00 Asia/Shanghai "
            "(00:00-24:00 for always open)",
            field="opening_hours",
        )
    h1, m1, h2, m2, zone = match.groups()
    if (h2, m2) == ("24", "00"):
        h2 = "00"  # the end of the day; equal open and close times mean always open
    try:
        ZoneInfo(zone)
        return OpeningHours(time(int(h1), int(m1)), time(int(h2), int(m2)), zone)
    except (ValueError, KeyError) as exc:
        raise InvalidInputError(
            "not a valid time or zone: {problem}", field="opening_hours", params={"problem": exc}
        ) from None


def off_hours(staff_name: str, at: datetime, hours: OpeningHours) -> Alert | None:
    if hours.is_open(at):
        return None
    day = hours.local_date(at)
    return Alert(
        AlertKind.OFF_HOURS,
        staff_name,
        f"accessed customer data outside opening hours ({hours.opens:%H:%M}-"
        f"{hours.closes:%H:%M}) on {day}",
        f"off_hours:{staff_name}:{day}",
    )


def bulk_access_key(staff_name: str, at: datetime) -> str:
    return f"bulk_access:{staff_name}:{at.strftime('%Y-%m-%dT%H')}"


def bulk_access(staff_name: str, customers: int, at: datetime) -> Alert | None:
    if customers <= BULK_CUSTOMERS:
        return None
    return Alert(
        AlertKind.BULK_ACCESS,
        staff_name,
        f"opened {customers} customers' records within an hour (threshold {BULK_CUSTOMERS})",
        bulk_access_key(staff_name, at),
    )


def reveal_rate(staff_name: str, limit: int, at: datetime) -> Alert:
    hour = at.strftime("%Y-%m-%dT%H")
    return Alert(
        AlertKind.REVEAL_RATE,
        staff_name,
        f"tried to reveal more than {limit} values within an hour; further reveals refused",
        f"reveal_rate:{staff_name}:{hour}",
    )


def failed_sign_ins(staff_name: str, failures: int, locked: bool, at: datetime) -> Alert | None:
    if failures < FAILED_SIGN_INS_ALERT:
        return None
    state = "account locked" if locked else "not locked yet"
    return Alert(
        AlertKind.FAILED_SIGN_INS,
        staff_name,
        f"{failures} failed sign-ins in a row ({state})",
        # One alert at the warning count and one at the lockout, per day.
        f"failed_sign_ins:{staff_name}:{at.date().isoformat()}:{'locked' if locked else 'warn'}",
    )


def export_requested(staff_name: str, export_id: str, rows: int, fields: int) -> Alert:
    return Alert(
        AlertKind.EXPORT_REQUEST,
        staff_name,
        f"requested export {export_id}: {rows} customers, {fields} fields",
        f"export_request:{export_id}",
    )


def token_sees_personal_data(created_by: str, token: str, role: str) -> Alert:
    """An integration that will see personal data: the officer countersigns it or not."""
    return Alert(
        AlertKind.INTEGRATION_SEES_PERSONAL_DATA,
        created_by,
        f"created API token {token} with role {role}, which sees personal data; "
        "it works once a privacy officer countersigns it",
        f"token_personal_data:{token}",
    )


def request_deadline(
    request_id: str, opened_by: str, what: str, due_on: date, today: date, nearly_due_days: int
) -> Alert | None:
    """A data-subject request past (or within a few days of) a legal date; once a day each.

    `what`: the date at stake, e.g. "reply" or "acknowledgement"."""
    left = (due_on - today).days
    if left > nearly_due_days:
        return None
    kind = AlertKind.REQUEST_OVERDUE if left < 0 else AlertKind.REQUEST_NEARLY_DUE
    state = f"{-left} days overdue" if left < 0 else f"{left} days left"
    return Alert(
        kind,
        opened_by,
        f"request {request_id}: {what} due {due_on.isoformat()} ({state})",
        f"{kind.value}:{request_id}:{what}:{today.isoformat()}",
    )


TRAINING_NOTICE_DAYS = 30


def training_expiring(staff_name: str, expires_on: date | None, today: date) -> Alert | None:
    """Within a month of a staff member's training lapsing (or after it): once per expiry date,
    so the reminder stops when a new course is recorded."""
    if expires_on is None or (expires_on - today).days > TRAINING_NOTICE_DAYS:
        return None
    state = "expired" if expires_on < today else "expires"
    return Alert(
        AlertKind.TRAINING_EXPIRING,
        staff_name,
        f"privacy training {state} {expires_on.isoformat()}: record a new course",
        f"training:{staff_name}:{expires_on.isoformat()}",
    )


def retention_planned(run_id: str, erase: int, fields: int, held: int) -> Alert:
    """The scheduled sweep tells the privacy officer a day ahead what its next run will do."""
    return Alert(
        AlertKind.RETENTION_PLANNED,
        "system",
        f"retention dry run {run_id}: the next scheduled run erases about {erase} customers and "
        f"removes about {fields} fields ({held} held); place a legal hold to keep anyone",
        f"retention-plan:{run_id}",
    )


def job_failed(job: str, problem: str, at: datetime) -> Alert:
    """A scheduled job that failed; the problem is an error class name, never a value."""
    return Alert(
        AlertKind.JOB_FAILED,
        "system",
        f"scheduled job {job} failed ({problem}); it runs again at its next turn",
        f"job-failed:{job}:{at.date().isoformat()}",
    )


def copy_changed(
    recipient: str,
    export_id: str,
    customer_id: str,
    *,
    erased: bool,
    fields: tuple[str, ...],
    at: datetime,
) -> Alert:
    """A recipient of an export is told that a customer it held was corrected or erased (GDPR
    Art. 19, CCPA §1798.105(c)): ids and field keys only, never a value."""
    if erased:
        what = f"customer {customer_id} was erased: delete their row from your copy"
    else:
        what = f"customer {customer_id} was corrected ({' '.join(fields)[:80]}): correct your copy"
    change = "erased" if erased else "corrected"
    digest = hashlib.sha256(f"{change}|{export_id}|{customer_id}|{at.isoformat()}".encode())
    return Alert(
        AlertKind.RECIPIENT_COPY,
        recipient,
        f"export {export_id}: {what}",
        f"recipient_copy:{digest.hexdigest()[:48]}",
    )


def form_review_overdue(form_id: str, store: str, submitted_at: datetime, hours: int) -> Alert:
    """A collection form waiting for its review longer than the business's rule; once a form."""
    return Alert(
        AlertKind.FORM_REVIEW_OVERDUE,
        "system",
        f"collection form {form_id} of {store} submitted {submitted_at:%Y-%m-%d %H:%M} UTC "
        f"awaits review beyond {hours} hours",
        f"form_review_overdue:{form_id}",
    )


def card_entry_late(form_id: str, store: str, reviewed_at: datetime) -> Alert:
    """Reviewed items not entered onto the card within 24 hours of the review; once a form."""
    return Alert(
        AlertKind.CARD_ENTRY_LATE,
        "system",
        f"collection form {form_id} of {store} reviewed {reviewed_at:%Y-%m-%d %H:%M} UTC: "
        "its items are not entered onto the card within 24 hours",
        f"card_entry_late:{form_id}",
    )


def ledger_mismatch(ledger: str, accounts: list[str], at: datetime) -> Alert:
    """Kept balances that differ from their entries' sums (a bug or a hand-edited row): the
    accounts by customer id or pseudonym, never an amount; once a ledger a day."""
    shown = ", ".join(accounts[:5]) + (" ..." if len(accounts) > 5 else "")
    return Alert(
        AlertKind.LEDGER_MISMATCH,
        "system",
        f"{ledger} ledger: {len(accounts)} kept balances differ from their entries ({shown})",
        f"ledger_mismatch:{ledger}:{at.date().isoformat()}",
    )
