"""The `privault` command: every subcommand calls the same services as the other adapters."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import typer

from privault.cli.output import refuse, stopped
from privault.domain.errors import PrivaultError
from privault.infra.private_files import keep_private

# Each subcommand's module, imported only when that subcommand runs: importing all of them costs
# most of a second, paid by every `privault` run (scripts, jobs, the tests' hundreds of runs).
GROUPS = {
    "customers": ("customers", "app"),
    "consents": ("consents", "app"),
    "notices": ("notices", "app"),
    "audit": ("audit", "app"),
    "staff": ("staff", "app"),
    "alerts": ("alerts", "app"),
    "exports": ("exports", "app"),
    "policy": ("policy", "app"),
    "requests": ("requests", "app"),
    "holds": ("holds", "app"),
    "retention": ("retention", "app"),
    "paper-destruction": ("paper", "app"),
    "transactions": ("transactions", "app"),
    "bookings": ("bookings", "app"),
    "visits": ("visits", "app"),
    "photos": ("photos", "app"),
    "sections": ("sections", "app"),
    "cards": ("cards", "app"),
    "kitchen": ("cards", "kitchen"),
    "forms": ("forms", "app"),
    "tokens": ("tokens", "app"),
    "jobs": ("jobs", "app"),
    "settings": ("settings", "app"),
    "points": ("points", "app"),
    "wallet": ("wallet", "app"),
    "members": ("members", "app"),
    "campaigns": ("campaigns", "app"),
    "segments": ("campaigns", "segments"),
    "classes": ("classes", "app"),
    "partners": ("partners", "app"),
    "agreements": ("partners", "agreements"),
    "disclosures": ("partners", "disclosures"),
    "complaints": ("complaints", "app"),
    "compliance": ("compliance", "app"),
    "assessments": ("assessments", "app"),
    "ropa": ("ropa", "app"),
    "incidents": ("incidents", "app"),
    "violations": ("violations", "app"),
    "duplicates": ("duplicates", "app"),
    "review": ("review", "app"),
    "stores": ("stores", "app"),
}
COMMANDS = {
    "login": ("session", "login"),
    "logout": ("session", "logout"),
    "whoami": ("session", "whoami"),
    "password": ("session", "password"),
    "init": ("setup", "init"),
    "serve": ("serve", "serve"),
    "worker": ("jobs", "worker"),
    "import": ("setup", "import_"),
    "demo": ("setup", "demo"),
    "backup": ("backup", "backup"),
    "restore": ("backup", "restore_"),
}


def _load(module: str, attribute: str) -> Any:
    return getattr(import_module(f"privault.cli.{module}"), attribute)


def build_app(wanted: str | None = None) -> typer.Typer:
    """The command with every subcommand, or only `wanted` when the command line names one."""
    app = typer.Typer(
        help="privault: customer records with privacy enforced in code.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    # A callback keeps `privault NAME ...` a group even when one subcommand is registered.
    app.callback()(lambda: None)
    for name, (module, attribute) in GROUPS.items():
        if wanted in (None, name):
            app.add_typer(_load(module, attribute), name=name)
    for name, (module, attribute) in COMMANDS.items():
        if wanted in (None, name):
            app.command(name)(_load(module, attribute))
    return app


def _subcommand(argv: list[str]) -> str | None:
    """The subcommand the command line names, if it names a known one first."""
    first = argv[1] if len(argv) > 1 else ""
    return first if first in GROUPS or first in COMMANDS else None


# An unexpected error's text may quote personal values (a database driver quotes the statement's
# parameters), so the terminal gets its class only unless the operator asks for the rest.
DEBUG_VARIABLE = "PRIVAULT_DEBUG"
UNEXPECTED_EXIT = 70  # EX_SOFTWARE


def run() -> None:
    """User errors end in one clear line on stderr and a non-zero exit, never a traceback."""
    keep_private()  # before anything is created; the server's workers inherit it
    try:
        build_app(_subcommand(sys.argv))()
    except PrivaultError as error:
        refuse(error.message)
        sys.exit(1)
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE) == "1":
            raise
        stopped(type(error).__name__, DEBUG_VARIABLE)
        sys.exit(UNEXPECTED_EXIT)
