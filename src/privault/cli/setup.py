"""`privault init`, `privault import` and `privault demo`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, show_credentials, table
from privault.domain.errors import InvalidInputError
from privault.domain.import_mapping import parse_choices
from privault.domain.policy import Actor
from privault.domain.shop import SETTINGS
from privault.services.imports.batches import ImportOptions, ImportReport, import_customers
from privault.services.imports.mappings import ImportPreview, preview_import
from privault.services.installation.demo import seed_demo
from privault.services.installation.setup import Installation, init_installation
from privault.services.staff.accounts import FIRST_ACCOUNT_ROLES
from privault.services.staff.enrolment import add_second_approver
from privault.services.staff.enrolment_codes import EnrolmentNotice
from privault.services.vault import Vault


def init(
    industry: Annotated[str, typer.Option(help="retail, salon or restaurant")],
    officer: Annotated[
        str | None,
        typer.Option(help="Name of the first account (privacy officer and admin)."),
    ] = None,
    regimes: Annotated[
        str | None,
        typer.Option(help="Regimes new customers fall under, e.g. CN,EU,CA (default CN)."),
    ] = None,
    business_name: Annotated[str | None, typer.Option(help="Registered business name.")] = None,
    address: Annotated[str | None, typer.Option(help="The business's address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Contact phone for customers.")] = None,
    email: Annotated[str | None, typer.Option(help="Contact email for customers.")] = None,
    officer_name: Annotated[str | None, typer.Option(help="Privacy officer's name.")] = None,
    officer_contact: Annotated[
        str | None, typer.Option(help="Privacy officer's phone or email.")
    ] = None,
    second_approver: Annotated[
        str | None,
        typer.Option(help="A second approver's account (the owner) where one officer works alone."),
    ] = None,
    second_approver_contact: Annotated[
        str | None,
        typer.Option(help="The second approver's own mobile or email (the code goes there)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Set up an installation (idempotent): key file, databases, catalog, the first account
    (its password and TOTP secret printed once) and, from the shop's identity, the privacy
    notice. Asked for at a terminal when not given; without it no notice is published and
    no customer registered until `privault settings set` completes it."""
    given = {
        "business_name": business_name,
        "address": address,
        "phone": phone,
        "email": email,
        "officer_name": officer_name,
        "officer_contact": officer_contact,
    }
    approver = _second_approver(second_approver, second_approver_contact)
    settings = context.settings()
    # Asked on a new installation only: running init again must not stop at prompts.
    is_new = not settings.key_file.exists()
    identity = _ask_missing(given) if is_new and _is_interactive(as_json) else given
    result = init_installation(
        settings,
        industry,
        officer=officer,
        regimes=regimes,
        identity={k: v for k, v in identity.items() if v is not None},
    )
    named = _name_second_approver(result, approver)
    if as_json:
        emit_json({**vars(result), "second_approver": named})
        return
    _say_installed(result)
    if named is not None:
        console.print(f"second approver {named.name}: enrolment code sent to {named.sent_to}")


def _second_approver(name: str | None, contact: str | None) -> tuple[str, str] | None:
    if name is None and contact is None:
        return None
    if not (name or "").strip() or not (contact or "").strip():
        raise InvalidInputError(
            "give the second approver's account and their own mobile or email together",
            field="second_approver_contact" if (name or "").strip() else "second_approver",
        )
    return (name or "", contact or "")


def _name_second_approver(
    result: Installation, approver: tuple[str, str] | None
) -> EnrolmentNotice | None:
    """On a new installation, the first account adds the owner, whose code goes to their own
    phone or mailbox: a one-officer shop has a second person for four-eyes approvals."""
    if approver is None or result.officer is None:
        return None
    first = Actor(result.officer.name, FIRST_ACCOUNT_ROLES)
    with context.vault(signed_in=False) as vault:  # the person running init is `first`
        return add_second_approver(vault, first, approver[0], approver[1])


def _is_interactive(as_json: bool) -> bool:
    return not as_json and sys.stdin.isatty()


def _ask_missing(given: dict[str, str | None]) -> dict[str, str | None]:
    """Empty answers leave a setting for later (`privault settings set`)."""
    asked = dict(given)
    for name, what in SETTINGS.items():
        if asked[name] is None:
            answer = typer.prompt(f"{what} (empty: later)", default="", show_default=False)
            asked[name] = answer or None
    return asked


def _say_installed(result: Installation) -> None:
    state = "created" if result.is_new else "already set up"
    notice = (
        f"privacy notice {result.notice_version}"
        if result.notice_version
        else "no privacy notice yet: complete the shop's identity with privault settings set"
    )
    console.print(
        f"{result.industry} installation {state} in {result.home}; "
        f"{notice}; new customers under {' '.join(result.regimes)}"
    )
    if result.officer is not None:
        show_credentials(result.officer)


def import_(
    file: Path,
    notice: Annotated[str | None, typer.Option(help="Notice version the customers saw.")] = None,
    consent: Annotated[list[str] | None, typer.Option(help="Purpose agreed by every row.")] = None,
    evidence: Annotated[str | None, typer.Option(help="Where the consent forms are kept.")] = None,
    store: Annotated[str | None, typer.Option()] = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Reject file (default FILE.rejects.csv)")
    ] = None,
    preview: Annotated[
        bool,
        typer.Option(help="Show the mapping and the first rows, masked; import nothing."),
    ] = False,
    confirm: Annotated[
        bool, typer.Option(help="Import without the columns that map to nothing (see --preview).")
    ] = False,
    mapping: Annotated[
        str | None, typer.Option(help="A saved mapping (default: the one saved for these headers).")
    ] = None,
    save_mapping: Annotated[
        str | None, typer.Option(help="Save this file's mapping under the source system's name.")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="HEADER=FIELD for one column; HEADER= leaves it out."),
    ] = None,
    channel: Annotated[
        str, typer.Option(help="import, or survey for a questionnaire's answers.")
    ] = "import",
    as_json: Json = False,
) -> None:
    """Import customers from CSV or XLSX; rerun the same command to resume an interrupted one.
    Another system's export: --preview first, then --confirm (and --save-mapping NAME)."""
    with context.vault() as vault:
        actor = context.actor()
        choices = tuple(parse_choices(map_ or []).items())
        if preview:
            shown = preview_import(
                vault, actor, file, mapping=mapping, choices=dict(choices), save_as=save_mapping
            )
            _show_preview(shown, as_json)
            return
        options = ImportOptions(
            notice,
            tuple(consent or ()),
            evidence,
            store,
            rejects,
            mapping=mapping,
            choices=choices,
            confirm=confirm,
            save_mapping=save_mapping,
            channel=channel,
        )
        report = _run_import(vault, actor, file, options, as_json)
    _say_imported(report, as_json)


def _run_import(
    vault: Vault, actor: Actor, file: Path, options: ImportOptions, as_json: bool
) -> ImportReport:
    with Progress(
        *Progress.get_default_columns()[:1],
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=as_json,
        transient=True,
    ) as bar:
        task = bar.add_task(f"importing {file.name}", total=None)

        def advance(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        return import_customers(vault, actor, file, options, advance)


def _say_imported(report: ImportReport, as_json: bool) -> None:
    if as_json:
        emit_json(report)
        return
    if report.resumed_from_row:
        console.print(f"continued after the {report.resumed_from_row} rows committed before")
    console.print(
        f"imported {report.imported}, rejected {report.rejected} "
        f"(reasons in {report.reject_file}) in {report.seconds:.1f}s"
    )
    if report.unimported:
        console.print(f"columns not imported: {', '.join(report.unimported)}")
    if report.mapping:
        console.print(f"mapping: {report.mapping}")
    if not report.is_complete:
        console.print(report.message)


def _show_preview(preview: ImportPreview, as_json: bool) -> None:
    if as_json:
        emit_json(preview)
        return
    headers = [c.header for c in preview.columns]
    table(
        "columns",
        ["column", "becomes"],
        [(c.header, c.target or "(not imported)") for c in preview.columns],
    )
    table("first rows, masked", headers, preview.rows)
    if preview.unimported:
        console.print(
            f"not imported: {', '.join(preview.unimported)}; import the rest with --confirm, "
            "or choose with --map HEADER=FIELD"
        )
    if preview.mapping:
        console.print(f"mapping: {preview.mapping}")


def demo(
    customers: Annotated[int, typer.Option(help="How many customers to create.")] = 200,
    seed: Annotated[int | None, typer.Option(help="Repeatable data.")] = None,
    if_empty: Annotated[bool, typer.Option(help="Only when there are none yet.")] = False,
    as_json: Json = False,
) -> None:
    """Add realistic demo customers with consents spread as a real shop has them."""
    with context.vault() as vault:
        added = seed_demo(vault, context.actor(), customers, seed=seed, if_empty=if_empty)
    if as_json:
        emit_json({"added": added})
    else:
        console.print(f"added {added} demo customers")
