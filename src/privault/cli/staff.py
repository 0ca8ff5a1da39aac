"""`privault staff ...`: accounts, roles, enrolment, training and confidentiality agreements."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.errors import InvalidInputError
from privault.domain.staff import StaffStatus
from privault.services.staff import accounts as service
from privault.services.staff import enrolment
from privault.services.staff.enrolment_codes import EnrolmentNotice

app = typer.Typer(help="Staff accounts, roles, training and confidentiality agreements.")
Roles = Annotated[list[str], typer.Option("--role", help="A role; repeat for several.")]
Stores = Annotated[list[str] | None, typer.Option("--store", help="A store; repeat for several.")]
Name = Annotated[str, typer.Argument(help="The staff account name, e.g. li.na")]
On = Annotated[str | None, typer.Option(help="Date it happened, YYYY-MM-DD (default today).")]
Mobile = Annotated[
    str | None, typer.Option(help="The person's own mobile: their enrolment code goes there.")
]
Email = Annotated[
    str | None, typer.Option(help="The person's own email: their enrolment code goes there.")
]


def _date(raw: str | None, field: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field=field) from None


@app.command("add")
def add(
    name: Name,
    role: Roles,
    store: Stores = None,
    mobile: Mobile = None,
    email: Email = None,
    display_name: Annotated[str | None, typer.Option(help="The name shown on screens.")] = None,
    as_json: Json = False,
) -> None:
    """Add an account pending enrolment: a code goes to the person's own mobile or email (after
    a second officer's countersignature, for privacy officers and admins); they choose their own
    password with `privault staff enrol NAME`. Nothing secret is printed."""
    with context.vault() as vault:
        notice = service.add_staff(
            vault,
            context.actor(),
            name,
            role,
            store or (),
            mobile=mobile,
            email=email,
            display_name=display_name,
        )
    _show_notice(notice, as_json)


def _show_notice(
    notice: EnrolmentNotice, as_json: bool, extra: dict[str, Any] | None = None
) -> None:
    if as_json:
        emit_json({**vars(notice), **(extra or {})})
    elif notice.code_sent:
        console.print(
            f"{notice.name}: enrolment code sent by {notice.via} to {notice.sent_to}; they run "
            f"privault staff enrol {notice.name} (or open /staff/enrol) within 72 hours"
        )
    else:
        console.print(
            f"{notice.name} awaits a second officer's countersignature: another privacy officer, "
            f"admin or owner runs privault staff countersign {notice.name}"
        )


@app.command("countersign")
def countersign(name: Name, as_json: Json = False) -> None:
    """Vouch for a new or reset privacy officer or admin (not one you created or reset); their
    enrolment code then goes to their own mobile or email."""
    with context.vault() as vault:
        notice = enrolment.countersign(vault, context.actor(), name)
    _show_notice(notice, as_json)


def _line(what: str, *, hidden: bool = True, twice: bool = False, stdin: bool = False) -> str:
    if not stdin:
        return str(typer.prompt(what, hide_input=hidden, confirmation_prompt=twice))
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInputError(f"give the {what} on standard input", field=what.split()[-1])
    return line


@app.command("enrol")
def enrol(
    name: Name,
    stdin: Annotated[
        bool,
        typer.Option(
            "--stdin", help="Read the code, then the new password, one a line, from stdin."
        ),
    ] = False,
    totp: Annotated[
        str | None,
        typer.Option(help="Confirm the authenticator with one of its codes (asks the password)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Your own account: the enrolment code you received sets the password you choose; for
    roles with a second factor, add the secret shown to your authenticator app and confirm it
    with one code. Run it yourself: the secret is shown to whoever runs it."""
    with context.vault(signed_in=False) as vault:
        if totp is not None:
            password = _line("password", stdin=stdin)
            step = enrolment.confirm_second_factor(vault, name, password, totp)
        else:
            code = _line("enrolment code", stdin=stdin)
            password = _line("new password", twice=True, stdin=stdin)
            step = enrolment.enrol(vault, name, code, password)
            if step.totp_secret and not stdin and not as_json:
                _show_seed(step)
                asked = _line("authenticator code", hidden=False)
                step = enrolment.confirm_second_factor(vault, name, password, asked)
    if as_json:
        emit_json(step)
    elif step.totp_secret:
        _show_seed(step)
        console.print(f"then: privault staff enrol {step.name} --totp CODE")
    else:
        console.print(f"{step.name} is {step.status}: sign in with privault login {step.name}")


def _show_seed(step: enrolment.EnrolmentStep) -> None:
    console.print(
        f"add this to your authenticator app (shown once):\n  TOTP secret:   "
        f"[bold]{step.totp_secret}[/]\n  authenticator: {step.totp_uri}",
        highlight=False,
        soft_wrap=True,
    )


@app.command("set-roles")
def set_roles(name: Name, role: Roles, store: Stores = None, as_json: Json = False) -> None:
    """Replace an account's roles (and stores, when given). Roles that make it a privacy officer
    or admin, or need a second factor it lacks, send it back to enrolment."""
    with context.vault() as vault:
        notice = service.set_roles(vault, context.actor(), name, role, store)
    if notice is not None:
        _show_notice(notice, as_json, {"roles": sorted(role)})
    elif as_json:
        emit_json({"name": name, "roles": sorted(role)})
    else:
        console.print(f"{name} now holds {', '.join(sorted(role))}")


@app.command("disable")
def disable(name: Name, as_json: Json = False) -> None:
    """Disable an account and end its sessions (leavers, lost devices)."""
    _status(name, StaffStatus.DISABLED, as_json)


@app.command("enable")
def enable(name: Name, as_json: Json = False) -> None:
    _status(name, StaffStatus.ACTIVE, as_json)


def _status(name: str, status: StaffStatus, as_json: bool) -> None:
    with context.vault() as vault:
        service.set_status(vault, context.actor(), name, status)
    if as_json:
        emit_json({"name": name, "status": status.value})
    else:
        console.print(f"{name} is {status.value}")


@app.command("unlock")
def unlock(name: Name, as_json: Json = False) -> None:
    """Lift a lockout after failed sign-ins."""
    with context.vault() as vault:
        service.unlock(vault, context.actor(), name)
    if as_json:
        emit_json({"name": name, "unlocked": True})
    else:
        console.print(f"{name} is unlocked")


@app.command("reset-password")
def reset_password(
    name: Name, mobile: Mobile = None, email: Email = None, as_json: Json = False
) -> None:
    """Send the account back to enrolment: a new code goes to the person's own mobile or email
    (the one on file, or the one given here); their sessions end; no password is printed."""
    with context.vault() as vault:
        notice = service.reset_password(vault, context.actor(), name, mobile=mobile, email=email)
    _show_notice(notice, as_json)


@app.command("train")
def train(
    name: Name,
    course: Annotated[str, typer.Option(help="The privacy training completed.")],
    on: On = None,
    as_json: Json = False,
) -> None:
    """Record privacy training; it is valid for 12 months."""
    with context.vault() as vault:
        record = service.record_training(vault, context.actor(), name, course, _date(on, "on"))
    if as_json:
        emit_json({"name": name, **vars(record)})
    else:
        console.print(f"{name}: {record.course}, valid until {record.expires_on}")


@app.command("sign-agreement")
def sign_agreement(name: Name, on: On = None, as_json: Json = False) -> None:
    """Record the signed confidentiality agreement."""
    with context.vault() as vault:
        signed = service.sign_agreement(vault, context.actor(), name, _date(on, "on"))
    if as_json:
        emit_json({"name": name, "signed_on": signed})
    else:
        console.print(f"{name} signed the confidentiality agreement on {signed}")


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        members = service.list_staff(vault, context.actor())
    if as_json:
        emit_json(members)
        return
    table(
        "staff",
        ["name", "roles", "stores", "status", "TOTP", "cleared", "training until"],
        [
            (
                m.name,
                m.roles,
                m.stores or "all",
                "locked" if m.locked else m.status,
                "yes" if m.has_totp else "",
                "yes" if m.cleared else f"no: {m.clearance_gap}",
                m.training_expires_on,
            )
            for m in members
        ],
    )
