"""The jobs that run themselves, and how often. A later area adds its job here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from privault.domain.jobs import Schedule
from privault.domain.policy import Actor
from privault.services.assessments.due import check_assessments_due
from privault.services.campaigns.birthdays import send_birthday_greetings
from privault.services.campaigns.delivery import send_due_campaigns
from privault.services.classes.computing import compute_ended_quarter
from privault.services.complaints.overdue import alert_overdue_complaints
from privault.services.compliance.yearly import issue_yearly_report
from privault.services.customers.entry_review import alert_overdue_entries
from privault.services.customers.search_indexes import search_indexes_job
from privault.services.duplicates.backfill import backfill_digests
from privault.services.duplicates.scan import scan_duplicates
from privault.services.incidents.drills import remind_drills
from privault.services.installation.backup_pruning import prune_backups
from privault.services.ledgers.reconciliation import reconcile_ledgers
from privault.services.members.levels import reevaluate_levels
from privault.services.partners.watch import watch_agreements
from privault.services.points.expiry import expire_points
from privault.services.requests.code_purge import purge_expired_codes
from privault.services.requests.handling import check_request_deadlines
from privault.services.retention.scheduled import scheduled_retention
from privault.services.service_day.card_register import check_unreturned_cards
from privault.services.service_day.review_queue import check_collection_deadlines
from privault.services.staff.training_reminders import remind_expiring_training
from privault.services.vault import Vault
from privault.services.violations.sanctions import enforce_sanctions

Work = Callable[[Vault, Actor], dict[str, int]]


@dataclass(frozen=True)
class Job:
    name: str
    schedule: Schedule
    work: Work


def _request_deadlines(vault: Vault, actor: Actor) -> dict[str, int]:
    check = check_request_deadlines(vault, actor)
    return {
        "overdue": check.overdue,
        "nearly_due": check.nearly_due,
        "alerts_raised": check.alerts_raised,
    }


def _duplicates_scan(vault: Vault, actor: Actor) -> dict[str, int]:
    """Records stored before digests existed get theirs first, so this scan already pairs them."""
    backfill = backfill_digests(vault, actor)
    found = scan_duplicates(vault, actor)
    given = {"backfilled": backfill.customers} if backfill.customers else {}
    return {"pairs": found.pairs, "added": found.added} | given


def _due_campaigns(vault: Vault, actor: Actor) -> dict[str, int]:
    return send_due_campaigns(vault, actor)


HOUR, DAY = timedelta(hours=1), timedelta(days=1)
JOBS: tuple[Job, ...] = (
    Job("request-deadlines", Schedule(HOUR), _request_deadlines),
    Job("retention", Schedule(DAY, lease=timedelta(hours=6)), scheduled_retention),
    Job("training-reminders", Schedule(DAY), remind_expiring_training),
    Job("one-time-code-purge", Schedule(HOUR), purge_expired_codes),
    Job("backup-pruning", Schedule(DAY), prune_backups),
    # Hourly, so a card still out is known within the hour after closing.
    Job("unreturned-cards", Schedule(HOUR), check_unreturned_cards),
    Job("collection-deadlines", Schedule(HOUR), check_collection_deadlines),
    Job("points-expiry", Schedule(DAY), expire_points),
    Job("ledger-reconciliation", Schedule(DAY), reconcile_ledgers),
    # Daily: a window of months moves by a day, so a member may have earned (or, where the
    # rules allow, lost) a level without a visit.
    Job("member-levels", Schedule(DAY), reevaluate_levels),
    # Approved campaigns go out within minutes of their time; greetings once a day.
    Job("campaigns", Schedule(timedelta(minutes=5)), _due_campaigns),
    Job("birthday-greetings", Schedule(HOUR), send_birthday_greetings),
    # Hourly, so a quarter's classes are there within the hour after it ends (shop time);
    # a quarter already computed in full costs one read.
    Job("customer-classes", Schedule(HOUR, lease=timedelta(hours=1)), compute_ended_quarter),
    # Daily: agreements ending within 30 days, and deletion certificates overdue (issue 19).
    Job("partner-agreements", Schedule(DAY), watch_agreements),
    # Daily: a question or complaint past its answer's due date alerts the privacy officer.
    Job("complaint-deadlines", Schedule(DAY), alert_overdue_complaints),
    # Daily, so the year's report is issued on the first day of the next; a year kept is skipped.
    Job("compliance-report", Schedule(DAY, lease=timedelta(hours=1)), issue_yearly_report),
    # Daily: a purpose in use that needs an impact assessment and has none approved (PIPL Art. 55).
    Job("assessments-due", Schedule(DAY), check_assessments_due),
    # Daily: a suspension ends (or a dated one starts) at a day's change; drills yearly.
    Job("sanctions", Schedule(DAY), enforce_sanctions),
    Job("incident-drills", Schedule(DAY), remind_drills),
    # Daily: the whole base's digests compared (issue 17), decrypting nothing; a registration's
    # own check finds its pairs at once, the scan those written by imports and old records.
    Job("duplicates-scan", Schedule(DAY, lease=timedelta(hours=1)), _duplicates_scan),
    # Daily: a new record pending entry review longer than the business's days alerts
    # (issue 17); spent public-form tokens past their expiry go.
    Job("entry-review", Schedule(DAY), alert_overdue_entries),
    # Daily: records stored before an index the catalog now plans (a name's surname, issue 18)
    # get it, so the lists' surname filter finds them; a finished walk costs one read.
    Job("search-indexes", Schedule(DAY, lease=timedelta(hours=1)), search_indexes_job),
)


def job_named(name: str) -> Job | None:
    return next((job for job in JOBS if job.name == name), None)
