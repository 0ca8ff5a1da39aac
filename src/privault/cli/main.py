"""The `privault` command: every subcommand calls the same services as the other adapters."""

from __future__ import annotations

import os
import sys

import typer

from privault.cli import (
    alerts,
    assessments,
    audit,
    backup,
    bookings,
    campaigns,
    cards,
    classes,
    complaints,
    compliance,
    consents,
    customers,
    duplicates,
    exports,
    forms,
    holds,
    jobs,
    members,
    notices,
    paper,
    partners,
    photos,
    points,
    policy,
    requests,
    retention,
    review,
    ropa,
    sections,
    serve,
    session,
    settings,
    setup,
    staff,
    tokens,
    transactions,
    visits,
    wallet,
)
from privault.cli import incidents as incidents_cli
from privault.cli import violations as violations_cli
from privault.cli.output import refuse, stopped
from privault.domain.errors import PrivaultError
from privault.infra.private_files import keep_private

app = typer.Typer(
    help="privault: customer records with privacy enforced in code.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(customers.app, name="customers")
app.add_typer(consents.app, name="consents")
app.add_typer(notices.app, name="notices")
app.add_typer(audit.app, name="audit")
app.add_typer(staff.app, name="staff")
app.add_typer(alerts.app, name="alerts")
app.add_typer(exports.app, name="exports")
app.add_typer(policy.app, name="policy")
app.add_typer(requests.app, name="requests")
app.add_typer(holds.app, name="holds")
app.add_typer(retention.app, name="retention")
app.add_typer(paper.app, name="paper-destruction")
app.add_typer(transactions.app, name="transactions")
app.add_typer(bookings.app, name="bookings")
app.add_typer(visits.app, name="visits")
app.add_typer(photos.app, name="photos")
app.add_typer(sections.app, name="sections")
app.add_typer(cards.app, name="cards")
app.add_typer(cards.kitchen, name="kitchen")
app.add_typer(forms.app, name="forms")
app.add_typer(tokens.app, name="tokens")
app.add_typer(jobs.app, name="jobs")
app.add_typer(settings.app, name="settings")
app.add_typer(points.app, name="points")
app.add_typer(wallet.app, name="wallet")
app.add_typer(members.app, name="members")
app.add_typer(campaigns.app, name="campaigns")
app.add_typer(campaigns.segments, name="segments")
app.add_typer(classes.app, name="classes")
app.add_typer(partners.app, name="partners")
app.add_typer(partners.agreements, name="agreements")
app.add_typer(partners.disclosures, name="disclosures")
app.add_typer(complaints.app, name="complaints")
app.add_typer(compliance.app, name="compliance")
app.add_typer(assessments.app, name="assessments")
app.add_typer(ropa.app, name="ropa")
app.add_typer(incidents_cli.app, name="incidents")
app.add_typer(violations_cli.app, name="violations")
app.add_typer(duplicates.app, name="duplicates")
app.add_typer(review.app, name="review")
app.command("login")(session.login)
app.command("logout")(session.logout)
app.command("whoami")(session.whoami)
app.command("password")(session.password)
app.command("init")(setup.init)
app.command("serve")(serve.serve)
app.command("worker")(jobs.worker)
app.command("import")(setup.import_)
app.command("demo")(setup.demo)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore_)


# An unexpected error's text may quote personal values (a database driver quotes the statement's
# parameters), so the terminal gets its class only unless the operator asks for the rest.
DEBUG_VARIABLE = "PRIVAULT_DEBUG"
UNEXPECTED_EXIT = 70  # EX_SOFTWARE


def run() -> None:
    """User errors end in one clear line on stderr and a non-zero exit, never a traceback."""
    keep_private()  # before anything is created; the server's workers inherit it
    try:
        app()
    except PrivaultError as error:
        refuse(error.message)
        sys.exit(1)
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            raise
        stopped(type(error).__name__, DEBUG_VARIABLE)
        sys.exit(UNEXPECTED_EXIT)
