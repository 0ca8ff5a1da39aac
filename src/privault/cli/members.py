"""`privault members ...`: enrol, show, list, close, the level rules and a level set by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, record, table
from privault.domain.members import LevelRules
from privault.services.members.levels import set_level_rules, set_member_level, show_level_rules
from privault.services.members.membership import (
    MemberView,
    close_membership,
    enrol_member,
    find_member,
    get_membership,
    list_members,
    member_counts,
)

app = typer.Typer(help="Membership (会员): member numbers, levels and their rules.")
CustomerId = Annotated[str, typer.Argument(help="The customer's id.")]


@app.command("enrol")
def enrol(
    customer_id: CustomerId,
    store: Annotated[str | None, typer.Option(help="Default: the customer's store.")] = None,
    as_json: Json = False,
) -> None:
    """Enrol a customer who agreed to the membership purpose; prints the new member number."""
    with context.vault() as vault:
        view = enrol_member(vault, context.actor(), customer_id, store)
    _show(view, as_json)


@app.command("show")
def show(
    customer_id: Annotated[str | None, typer.Argument(help="The customer's id.")] = None,
    number: Annotated[str | None, typer.Option(help="Or the member number.")] = None,
    as_json: Json = False,
) -> None:
    """One member: number, level and why, status, joined; the read is audited."""
    with context.vault() as vault:
        actor = context.actor()
        if number is not None:
            view = find_member(vault, actor, number)
        else:
            view = get_membership(vault, actor, customer_id or "")
    _show(view, as_json)


@app.command("list")
def list_(
    store: Annotated[str | None, typer.Option(help="Default: every store you work in.")] = None,
    level: Annotated[str | None, typer.Option(help="Only this level (key or name).")] = None,
    page: Annotated[int, typer.Option(help="50 members a page.")] = 1,
    counts: Annotated[bool, typer.Option(help="Counts per store and level only.")] = False,
    as_json: Json = False,
) -> None:
    """Open members with masked names, newest first; `--counts` for counts per level."""
    with context.vault() as vault:
        if counts:
            _show_counts(member_counts(vault, context.actor()), as_json)
            return
        listed = list_members(vault, context.actor(), store, level, page)
    if as_json:
        records = [v.as_record() for v in listed.members]
        emit_json({"page": listed.page, "has_more": listed.has_more, "members": records})
        return
    rows: list[tuple[object, ...]] = [_row(v) for v in listed.members]
    table("members", ["number", "name", "level", "store", "joined", "status"], rows)


@app.command("close")
def close(
    customer_id: CustomerId,
    reason: Annotated[str, typer.Option(help="Why the membership closes (kept).")],
    as_json: Json = False,
) -> None:
    """Close a membership (the manager); audited."""
    with context.vault() as vault:
        view = close_membership(vault, context.actor(), customer_id, reason)
    _show(view, as_json)


@app.command("set-level")
def set_level(
    customer_id: CustomerId,
    level: Annotated[str, typer.Argument(help="The level's key or name, e.g. gold or 金卡.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the level history).")],
    as_json: Json = False,
) -> None:
    """Set a member's level by hand (the manager), with a reason."""
    with context.vault() as vault:
        view = set_member_level(vault, context.actor(), customer_id, level, reason)
    _show(view, as_json)


@app.command("levels")
def levels(
    set_from: Annotated[
        Path | None,
        typer.Option("--set", help="A rules file (TOML) replacing the rules, checked whole."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Show the level rules, or set them from a file (`privault members levels > rules.toml`
    gives one to edit)."""
    with context.vault() as vault:
        if set_from is None:
            rules = show_level_rules(vault, context.actor())
        else:
            text = set_from.read_text(encoding="utf-8")
            rules = set_level_rules(vault, context.actor(), text)
    _show_rules(rules, as_json)


def _show_counts(found: dict[str, dict[str, int]], as_json: bool) -> None:
    if as_json:
        emit_json(found)
        return
    rows = [(store, lv, n) for store, levels in found.items() for lv, n in levels.items()]
    table("members per store and level", ["store", "level", "members"], rows)


def _show_rules(rules: LevelRules, as_json: bool) -> None:
    if as_json:
        emit_json(rules)
        return
    print(rules.as_text(), end="")  # noqa: T201 -- a rules document to redirect into a file


def _row(view: MemberView) -> tuple[object, ...]:
    m = view.membership
    name = view.identity.get("name", "-")
    return (view.number, name, view.level.name, m.store, m.joined_on, m.status)


def _show(view: MemberView, as_json: bool) -> None:
    if as_json:
        emit_json(view.as_record())
        return
    m = view.membership
    record(
        f"member {view.number or '-'}",
        [
            ("customer", m.customer_id),
            ("level", f"{view.level.name} ({view.level.key})"),
            ("status", m.status.value),
            ("store", m.store),
            ("joined", m.joined_on.isoformat()),
            ("level by", view.why.kind.value if view.why else "-"),
            ("points / balance", "kept by the points and wallet ledgers"),
        ],
    )
