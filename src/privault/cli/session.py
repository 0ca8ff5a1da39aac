"""`privault login`, `privault logout`, `privault whoami`, `privault password`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json
from privault.domain.errors import InvalidInputError
from privault.domain.shop_time import shop_clock
from privault.services.installation.shop_zone import shop_zone
from privault.services.staff.sessions import change_password, sign_in, sign_out


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInputError(f"give the {what} on standard input", field=what)
    return line


def login(
    name: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    totp: Annotated[str | None, typer.Option(help="The code from the authenticator app.")] = None,
    as_json: Json = False,
) -> None:
    """Sign in; the session lasts one working day and is kept under PRIVAULT_HOME."""
    password = (
        _stdin_line("password") if password_stdin else typer.prompt("password", hide_input=True)
    )
    current = context.settings()
    with context.vault(signed_in=False) as vault:
        session = sign_in(vault, name, password, totp)
        zone = shop_zone(vault)
    context.save_session(current, session)
    result = {"name": session.staff_name, "expires_at": session.expires_at}
    if as_json:
        emit_json(result)
    else:
        console.print(
            f"signed in as {session.staff_name} until {shop_clock(session.expires_at, zone)}"
        )


def logout(as_json: Json = False) -> None:
    """End the session of this PRIVAULT_HOME."""
    current = context.settings()
    token = context.saved_token(current)
    name = None
    if token is not None:
        with context.vault(signed_in=False) as vault:
            name = sign_out(vault, token)
    context.session_file(current).unlink(missing_ok=True)
    if as_json:
        emit_json({"signed_out": name})
    else:
        console.print(f"signed out {name}" if name else "no one was signed in")


def whoami(as_json: Json = False) -> None:
    """Who the CLI acts as, with roles, stores and clearance."""
    with context.vault():
        actor = context.actor()
    result = {
        "name": actor.name,
        "roles": sorted(actor.roles),
        "stores": sorted(actor.stores),
        "cleared": actor.is_trained,
        "clearance_gap": actor.training_gap,
    }
    if as_json:
        emit_json(result)
    else:
        console.print(
            f"{actor.name}: {', '.join(result['roles'])}"  # type: ignore[arg-type]
            + (f"; masked data only: {actor.training_gap}" if actor.training_gap else "")
        )


def password(as_json: Json = False) -> None:
    """Change your password: the current one, then the new one, each on a line of stdin."""
    current = _stdin_line("current password")
    new = _stdin_line("new password")
    with context.vault() as vault:
        change_password(vault, context.actor(), current, new)
    if as_json:
        emit_json({"changed": True})
    else:
        console.print("password changed")
