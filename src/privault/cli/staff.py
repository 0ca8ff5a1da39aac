"""`privault staff ...`: accounts, roles, training and confidentiality agreements."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, show_credentials, table
from privault.domain.errors import InvalidInputError
from privault.domain.staff import StaffStatus
from privault.services.staff import accounts as service

app = typer.Typer(help="Staff accounts, roles, training and confidentiality agreements.")
Roles = Annotated[list[str], typer.Option("--role", help="A role; repeat for several.")]
Stores = Annotated[list[str] | None, typer.Option("--store", help="A store; repeat for several.")]
Name = Annotated[str, typer.Argument(help="The staff account name, e.g. li.na")]
On = Annotated[str | None, typer.Option(help="Date it happened, YYYY-MM-DD (default today).")]


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
    display_name: Annotated[str | None, typer.Option(help="The name shown on screens.")] = None,
    as_json: Json = False,
) -> None:
    """Add an account; its initial password (and TOTP secret where the role needs one) are
    printed once."""
    with context.vault() as vault:
        created = service.add_staff(
            vault, context.actor(), name, role, store or (), display_name=display_name
        )
    if as_json:
        emit_json(created)
    else:
        show_credentials(created)


@app.command("set-roles")
def set_roles(name: Name, role: Roles, store: Stores = None, as_json: Json = False) -> None:
    """Replace an account's roles (and stores, when given)."""
    with context.vault() as vault:
        issued = service.set_roles(vault, context.actor(), name, role, store)
    if as_json:
        emit_json({"name": name, "roles": sorted(role), "totp": issued})
    else:
        console.print(f"{name} now holds {', '.join(sorted(role))}")
        if issued is not None:
            show_credentials(issued)


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
def reset_password(name: Name, as_json: Json = False) -> None:
    """Issue a new password (printed once) and end the account's sessions."""
    with context.vault() as vault:
        issued = service.reset_password(vault, context.actor(), name)
    if as_json:
        emit_json(issued)
    else:
        show_credentials(issued)


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
