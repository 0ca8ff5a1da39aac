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
    AGREEMENT_EXPIRING = "agreement_expiring"  # issue 19: a partner agreement ends soon
    DELETION_CERTIFICATE_MISSING = "deletion_certificate_missing"
    CROSS_BORDER_THRESHOLD = "cross_border_threshold"  # people sent abroad near the limit
    COMPLAINT_OVERDUE = "complaint_overdue"
    ASSESSMENT_DUE = "assessment_due"
    REPEATED_VIOLATION = "repeated_violation"  # issue 19: two violations in 12 months
    DRILL_OVERDUE = "drill_overdue"  # issue 19: no incident drill in 12 months
    ENTRY_REVIEW_OVERDUE = "entry_review_overdue"  # issue 17: a new record waits too long
    PARTNER_DELETION_UNCONFIRMED = "partner_deletion_unconfirmed"  # erased, partner not done


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


# Alert details are stored in English, filled in from these templates; a page shows them in
# its reader's language by matching the stored text back to its template (web/alert_text.py),
# which works for alerts raised before a translation existed too. Times in them are the
# shop's, zone named; values are ids, counts and keys, never a person's data.
OFF_HOURS_DETAIL = "accessed customer data outside opening hours ({opens}-{closes}) on {day}"
BULK_DETAIL = "opened {customers} customers' records within an hour (threshold {threshold})"
REVEAL_RATE_DETAIL = (
    "tried to reveal more than {limit} values within an hour; further reveals refused"
)
SIGN_INS_DETAIL = "{failures} failed sign-ins in a row (not locked yet)"
SIGN_INS_LOCKED_DETAIL = "{failures} failed sign-ins in a row (account locked)"
EXPORT_DETAIL = "requested export {export_id}: {rows} customers, {fields} fields"
INTEGRATION_DETAIL = (
    "created API token {token} with role {role}, which sees personal data; "
    "it works once a privacy officer countersigns it"
)
OVERDUE_DETAIL = "request {request_id}: {what} due {due_on} ({days} days overdue)"
NEARLY_DUE_DETAIL = "request {request_id}: {what} due {due_on} ({days} days left)"
TRAINING_EXPIRED_DETAIL = "privacy training expired {on}: record a new course"
TRAINING_EXPIRES_DETAIL = "privacy training expires {on}: record a new course"
RETENTION_DETAIL = (
    "retention dry run {run_id}: the next scheduled run erases about {erase} customers and "
    "removes about {fields} fields ({held} held); place a legal hold to keep anyone"
)
JOB_FAILED_DETAIL = "scheduled job {job} failed ({problem}); it runs again at its next turn"
COPY_ERASED_DETAIL = (
    "export {export_id}: customer {customer_id} was erased: delete their row from your copy"
)
COPY_CORRECTED_DETAIL = (
    "export {export_id}: customer {customer_id} was corrected ({fields}): correct your copy"
)
REVIEW_OVERDUE_DETAIL = (
    "collection form {form_id} of {store} submitted {at} awaits review beyond {hours} hours"
)
ENTRY_LATE_DETAIL = (
    "collection form {form_id} of {store} reviewed {at}: "
    "its items are not entered onto the card within 24 hours"
)
LEDGER_DETAIL = "{ledger} ledger: {count} kept balances differ from their entries ({accounts})"
CARD_DETAIL = (
    "store {store}: {kind} {card_no} (room {room}) issued to {issued_to} is {why} "
    "by closing {closing}"
)
AGREEMENT_EXPIRING_DETAIL = "agreement {agreement_id} expires on {on}; renew or end it"
CERTIFICATE_MISSING_DETAIL = (
    "agreement {agreement_id} ended on {on} and the partner's deletion certificate is not "
    "recorded; ask the partner for it"
)
CROSS_BORDER_DETAIL = (
    "{people} people sent abroad in {year}, of the {limit} the small-volume exemption allows; "
    "prepare a standard contract, certification or security assessment"
)
PARTNER_DELETION_DETAIL = (
    "partner {partner_id} was asked on {on} to delete the copy of an erased customer "
    "(notice {notice_id}) and has not confirmed; ask the partner and record its confirmation"
)
COMPLAINT_OVERDUE_DETAIL = "complaint {complaint_id}: answer due {due_on} ({days} days overdue)"
ASSESSMENT_DUE_DETAIL = (
    "purpose {purpose} ({triggers}) has no approved impact assessment (PIPL Art. 55); "
    "review and approve it under Assessments"
)
DRILL_OVERDUE_DETAIL = "no incident drill in 12 months (last: {held})"
REPEATED_VIOLATION_DETAIL = "{staff}: {count} violations, 2 or more within 12 months"
ENTRY_REVIEW_OVERDUE_DETAIL = (
    "store {store}: {count} new records have waited more than {days} days for entry review "
    "(the oldest since {since})"
)
DETAIL_TEMPLATES = (
    OFF_HOURS_DETAIL, BULK_DETAIL, REVEAL_RATE_DETAIL, SIGN_INS_DETAIL, SIGN_INS_LOCKED_DETAIL,
    EXPORT_DETAIL, INTEGRATION_DETAIL, OVERDUE_DETAIL, NEARLY_DUE_DETAIL, TRAINING_EXPIRED_DETAIL,
    TRAINING_EXPIRES_DETAIL, RETENTION_DETAIL, JOB_FAILED_DETAIL, COPY_ERASED_DETAIL,
    COPY_CORRECTED_DETAIL, REVIEW_OVERDUE_DETAIL, ENTRY_LATE_DETAIL, LEDGER_DETAIL, CARD_DETAIL,
    AGREEMENT_EXPIRING_DETAIL, CERTIFICATE_MISSING_DETAIL, CROSS_BORDER_DETAIL,
    COMPLAINT_OVERDUE_DETAIL, ASSESSMENT_DUE_DETAIL, DRILL_OVERDUE_DETAIL,
    REPEATED_VIOLATION_DETAIL, ENTRY_REVIEW_OVERDUE_DETAIL,
    PARTNER_DELETION_DETAIL,
)  # fmt: skip


def off_hours(staff_name: str, at: datetime, hours: OpeningHours) -> Alert | None:
    if hours.is_open(at):
        return None
    day = hours.local_date(at)
    return Alert(
        AlertKind.OFF_HOURS,
        staff_name,
        OFF_HOURS_DETAIL.format(
            opens=f"{hours.opens:%H:%M}", closes=f"{hours.closes:%H:%M}", day=day
        ),
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
        BULK_DETAIL.format(customers=customers, threshold=BULK_CUSTOMERS),
        bulk_access_key(staff_name, at),
    )


def reveal_rate(staff_name: str, limit: int, at: datetime) -> Alert:
    hour = at.strftime("%Y-%m-%dT%H")
    return Alert(
        AlertKind.REVEAL_RATE,
        staff_name,
        REVEAL_RATE_DETAIL.format(limit=limit),
        f"reveal_rate:{staff_name}:{hour}",
    )


def failed_sign_ins(staff_name: str, failures: int, locked: bool, at: datetime) -> Alert | None:
    if failures < FAILED_SIGN_INS_ALERT:
        return None
    template = SIGN_INS_LOCKED_DETAIL if locked else SIGN_INS_DETAIL
    return Alert(
        AlertKind.FAILED_SIGN_INS,
        staff_name,
        template.format(failures=failures),
        # One alert at the warning count and one at the lockout, per day.
        f"failed_sign_ins:{staff_name}:{at.date().isoformat()}:{'locked' if locked else 'warn'}",
    )


def export_requested(staff_name: str, export_id: str, rows: int, fields: int) -> Alert:
    return Alert(
        AlertKind.EXPORT_REQUEST,
        staff_name,
        EXPORT_DETAIL.format(export_id=export_id, rows=rows, fields=fields),
        f"export_request:{export_id}",
    )


def token_sees_personal_data(created_by: str, token: str, role: str) -> Alert:
    """An integration that will see personal data: the officer countersigns it or not."""
    return Alert(
        AlertKind.INTEGRATION_SEES_PERSONAL_DATA,
        created_by,
        INTEGRATION_DETAIL.format(token=token, role=role),
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
    template = OVERDUE_DETAIL if left < 0 else NEARLY_DUE_DETAIL
    return Alert(
        kind,
        opened_by,
        template.format(request_id=request_id, what=what, due_on=due_on, days=abs(left)),
        f"{kind.value}:{request_id}:{what}:{today.isoformat()}",
    )


TRAINING_NOTICE_DAYS = 30


def training_expiring(staff_name: str, expires_on: date | None, today: date) -> Alert | None:
    """Within a month of a staff member's training lapsing (or after it): once per expiry date,
    so the reminder stops when a new course is recorded."""
    if expires_on is None or (expires_on - today).days > TRAINING_NOTICE_DAYS:
        return None
    template = TRAINING_EXPIRED_DETAIL if expires_on < today else TRAINING_EXPIRES_DETAIL
    return Alert(
        AlertKind.TRAINING_EXPIRING,
        staff_name,
        template.format(on=expires_on.isoformat()),
        f"training:{staff_name}:{expires_on.isoformat()}",
    )


def retention_planned(run_id: str, erase: int, fields: int, held: int) -> Alert:
    """The scheduled sweep tells the privacy officer a day ahead what its next run will do."""
    return Alert(
        AlertKind.RETENTION_PLANNED,
        "system",
        RETENTION_DETAIL.format(run_id=run_id, erase=erase, fields=fields, held=held),
        f"retention-plan:{run_id}",
    )


def job_failed(job: str, problem: str, at: datetime) -> Alert:
    """A scheduled job that failed; the problem is an error class name, never a value."""
    return Alert(
        AlertKind.JOB_FAILED,
        "system",
        JOB_FAILED_DETAIL.format(job=job, problem=problem),
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
        detail = COPY_ERASED_DETAIL.format(export_id=export_id, customer_id=customer_id)
    else:
        detail = COPY_CORRECTED_DETAIL.format(
            export_id=export_id, customer_id=customer_id, fields=" ".join(fields)[:80]
        )
    change = "erased" if erased else "corrected"
    digest = hashlib.sha256(f"{change}|{export_id}|{customer_id}|{at.isoformat()}".encode())
    return Alert(
        AlertKind.RECIPIENT_COPY,
        recipient,
        detail,
        f"recipient_copy:{digest.hexdigest()[:48]}",
    )


def form_review_overdue(form_id: str, store: str, submitted_at: str, hours: int) -> Alert:
    """A collection form waiting for its review longer than the business's rule; once a form."""
    return Alert(
        AlertKind.FORM_REVIEW_OVERDUE,
        "system",
        REVIEW_OVERDUE_DETAIL.format(form_id=form_id, store=store, at=submitted_at, hours=hours),
        f"form_review_overdue:{form_id}",
    )


def card_entry_late(form_id: str, store: str, reviewed_at: str) -> Alert:
    """Reviewed items not entered onto the card within 24 hours of the review; once a form."""
    return Alert(
        AlertKind.CARD_ENTRY_LATE,
        "system",
        ENTRY_LATE_DETAIL.format(form_id=form_id, store=store, at=reviewed_at),
        f"card_entry_late:{form_id}",
    )


def ledger_mismatch(ledger: str, accounts: list[str], at: datetime) -> Alert:
    """Kept balances that differ from their entries' sums (a bug or a hand-edited row): the
    accounts by customer id or pseudonym, never an amount; once a ledger a day."""
    shown = ", ".join(accounts[:5]) + (" ..." if len(accounts) > 5 else "")
    return Alert(
        AlertKind.LEDGER_MISMATCH,
        "system",
        LEDGER_DETAIL.format(ledger=ledger, count=len(accounts), accounts=shown),
        f"ledger_mismatch:{ledger}:{at.date().isoformat()}",
    )


def complaint_overdue(complaint_id: str, received_by: str, due_on: date, today: date) -> Alert:
    """A privacy question or complaint not answered by its due date; once a day each."""
    return Alert(
        AlertKind.COMPLAINT_OVERDUE,
        received_by,
        COMPLAINT_OVERDUE_DETAIL.format(
            complaint_id=complaint_id, due_on=due_on.isoformat(), days=(today - due_on).days
        ),
        f"complaint_overdue:{complaint_id}:{today.isoformat()}",
    )


def entry_review_overdue(store: str, count: int, days: int, since: str, today: str) -> Alert:
    """New records of a store pending past the business's limit: one alert per store and day
    (an import of thousands must not raise thousands), until the manager works the queue."""
    return Alert(
        AlertKind.ENTRY_REVIEW_OVERDUE,
        "system",
        ENTRY_REVIEW_OVERDUE_DETAIL.format(store=store, count=count, days=days, since=since),
        f"entry_review_overdue:{store}:{today}",
    )
