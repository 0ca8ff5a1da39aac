"""`privault requests ...`: data-subject requests from opening to their answer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, Opt, PageOpt
from privault.cli.output import console, emit_json, paged, record, table
from privault.infra.private_files import private_folder, write_private_bytes
from privault.services.requests.agents import open_agent_request, verify_by_data_points
from privault.services.requests.answers import (
    acknowledge_request,
    extend_request,
    fulfil_request,
    refuse_request,
)
from privault.services.requests.files import list_answer_files, read_answer_file
from privault.services.requests.handling import (
    RequestList,
    check_request_deadlines,
    get_request,
    list_requests,
    open_request,
    page_request_list,
)
from privault.services.requests.records import RequestView
from privault.services.requests.relatives import (
    open_relative_request,
    record_posthumous_arrangement,
)
from privault.services.requests.verification import send_code, verify_request
from privault.services.vault import Vault

app = typer.Typer(help="Data-subject requests (数据主体请求): open, verify, answer in time.")
RequestId = Annotated[str, typer.Argument(help="The request id from `requests open`.")]


@app.command("open")
def open_(
    customer: Annotated[str, typer.Option(help="The customer's id.")],
    type: Annotated[str, typer.Option("--type", help="access, copy, deletion, ... or 查阅")],
    channel: Annotated[str, typer.Option(help="portal, store, phone, email or letter")],
    received_on: Annotated[
        str | None, typer.Option(help="The day it actually arrived (YYYY-MM-DD); default today.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the request's file.")] = None,
    as_json: Json = False,
) -> None:
    """Open a request; its due date counts from the day it arrived."""
    with context.vault() as vault:
        opened = open_request(
            vault, context.actor(), customer, type, channel, received_on=received_on, note=note
        )
    if as_json:
        emit_json(opened)
        return
    console.print(f"request [bold]{opened.id}[/]: {opened.type.value}, due {opened.due_on}")
    if opened.acknowledge_by is not None:
        console.print(f"acknowledge receipt by {opened.acknowledge_by} (CA)")


@app.command("send-code")
def send_code_(
    request_id: RequestId,
    via: Annotated[str, typer.Option(help="sms or email: to the number or address on file.")],
    as_json: Json = False,
) -> None:
    """Send a one-time code (valid 10 minutes) to the customer's phone or email on file."""
    with context.vault() as vault:
        sent = send_code(vault, context.actor(), request_id, via)
    if as_json:
        emit_json(sent)
    else:
        console.print(f"code sent by {sent.via.value} to {sent.to}; valid until {sent.expires_at}")


@app.command("verify")
def verify(
    request_id: RequestId,
    method: Annotated[str, typer.Option(help="code or in_person")],
    code: Annotated[str | None, typer.Option(help="The code the customer read out.")] = None,
    note: Annotated[
        str | None, typer.Option(help="In person: which ID document was seen (not its number).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Record that the requester is who they say they are."""
    with context.vault() as vault:
        shown = verify_request(vault, context.actor(), request_id, method, code=code, note=note)
    _show(shown, as_json, f"request {shown.id}: identity verified")


@app.command("list")
def list_(
    status: Opt = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's requests.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open requests.")] = False,
    page: PageOpt = None,
    as_json: Json = False,
) -> None:
    """Requests, most urgent first; overdue and nearly-due ones raise alerts."""
    wanted = RequestList(status, customer, open_only)
    with context.vault() as vault:
        actor = context.actor()
        check = check_request_deadlines(vault, actor)
        if page is not None:
            found = page_request_list(vault, actor, wanted, page)
        else:
            everything = list_requests(vault, actor, status=status, customer_id=customer,
                                       open_only=open_only)  # fmt: skip
    title = f"requests ({check.overdue} overdue, {check.nearly_due} nearly due)"

    def show(rows: list[RequestView]) -> None:
        columns = ["id", "type", "status", "due", "left"]
        table(title, columns, [(r.id, r.type, r.status, r.due_on, _left(r)) for r in rows])

    if page is not None:
        paged(found, as_json, show)
    elif as_json:
        emit_json(everything)
    else:
        show(everything)


@app.command("show")
def show(request_id: RequestId, as_json: Json = False) -> None:
    """One request with its deadline under each regime."""
    with context.vault() as vault:
        shown = get_request(vault, context.actor(), request_id)
    _show(shown, as_json, f"request {shown.id}")


@app.command("extend")
def extend(
    request_id: RequestId,
    regime: Annotated[list[str], typer.Option(help="EU or CA; repeat for both.")],
    reason: Annotated[str, typer.Option(help="Why more time is needed (told to the customer).")],
    as_json: Json = False,
) -> None:
    """Extend an EU or CA due date by a notice recorded today, before the first due date."""
    with context.vault() as vault:
        shown = extend_request(vault, context.actor(), request_id, regime, reason)
    _show(shown, as_json, f"request {shown.id}: extended, now due {shown.due_on}")


@app.command("acknowledge")
def acknowledge(request_id: RequestId, as_json: Json = False) -> None:
    """Record that receipt was confirmed to the customer (CA: within 10 business days)."""
    with context.vault() as vault:
        shown = acknowledge_request(vault, context.actor(), request_id)
    _show(shown, as_json, f"request {shown.id}: acknowledged on {shown.acknowledged_on}")


@app.command("refuse")
def refuse(
    request_id: RequestId,
    reason: Annotated[str, typer.Option(help="One of the listed refusal reasons.")],
    note: Annotated[str | None, typer.Option(help="Details for the answer.")] = None,
    as_json: Json = False,
) -> None:
    """Refuse on a listed ground; prints the complaint routes to quote in the answer."""
    with context.vault() as vault:
        refused = refuse_request(vault, context.actor(), request_id, reason, note)
    if as_json:
        emit_json(refused)
        return
    console.print(f"request {refused.request.id} refused: {refused.grounds}", highlight=False)
    for route in refused.complaint_routes:
        console.print(f"  complaint route: {route}", highlight=False)


@app.command("fulfil")
def fulfil(
    request_id: RequestId,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Correction or supplement: KEY=VALUE.")
    ] = None,
    purpose: Annotated[
        list[str] | None, typer.Option(help="Withdraw consent: a purpose; repeat.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder the package is handed over to, opened.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Carry out a verified request and close it. A package stays sealed under the customer's
    data key in the installation until it is handed over (--out, or the console)."""
    changes = context.key_values(set_ or [])
    with context.vault() as vault:
        done = fulfil_request(
            vault, context.actor(), request_id, changes=changes, purposes=purpose or ()
        )
        files = _hand_over(vault, request_id, out) if out else list(done.files)
    if as_json:
        emit_json({**vars(done), "files": [str(path) for path in files]})
        return
    console.print(f"request {done.request.id} completed: {done.summary}", highlight=False)
    for path in files:
        console.print(f"  wrote {path}")


def _hand_over(vault: Vault, request_id: str, out: Path) -> list[Path]:
    """Each answer file opened, written to `out` for this OS user only, and removed from the
    installation (a download, audited)."""
    private_folder(out)
    written = []
    for name in list_answer_files(vault, context.actor(), request_id):
        found = read_answer_file(vault, context.actor(), request_id, name)
        write_private_bytes(out / found.name, found.content)
        written.append(out / found.name)
    return written


@app.command("open-for-relative")
def open_for_relative(
    customer: Annotated[str, typer.Option(help="The deceased customer's id.")],
    type: Annotated[str, typer.Option("--type", help="access, copy, correction or deletion")],
    channel: Annotated[str, typer.Option(help="portal, store, phone, email or letter")],
    relation: Annotated[str, typer.Option(help="spouse, parent, child, sibling, ... or 配偶")],
    proof: Annotated[
        str, typer.Option(help="Which documents of the death and relation were seen (no numbers).")
    ],
    note: Annotated[str | None, typer.Option(help="A note for the request's file.")] = None,
    as_json: Json = False,
) -> None:
    """A close relative's request (PIPL Art. 49); refused at once if the customer arranged so."""
    with context.vault() as vault:
        shown = open_relative_request(
            vault, context.actor(), customer, type, channel, relation=relation, proof=proof,
            note=note,
        )  # fmt: skip
    _show(shown, as_json, f"request {shown.id}: {shown.status.value}")


@app.command("arrange-after-death")
def arrange_after_death(
    customer: Annotated[str, typer.Option(help="The customer's id.")],
    arrangement: Annotated[str, typer.Option(help="What the customer arranged, in their words.")],
) -> None:
    """Record the customer's own arrangement for their data after death (PIPL Art. 49)."""
    with context.vault() as vault:
        record_posthumous_arrangement(vault, context.actor(), customer, arrangement)
    console.print("arrangement recorded: close relatives' requests will be refused")


@app.command("open-by-agent")
def open_by_agent(
    customer: Annotated[str, typer.Option(help="The California customer's id.")],
    type: Annotated[str, typer.Option("--type", help="access, copy, deletion, ... or 查阅")],
    channel: Annotated[str, typer.Option(help="portal, store, phone, email or letter")],
    agent: Annotated[str, typer.Option(help="The agent, as the signed permission names them.")],
    permission: Annotated[
        str, typer.Option(help="The customer's signed permission as seen (no document numbers).")
    ],
    note: Annotated[str | None, typer.Option(help="A note for the request's file.")] = None,
    as_json: Json = False,
) -> None:
    """A California request through an authorised agent (CCPA regs §7063)."""
    with context.vault() as vault:
        shown = open_agent_request(
            vault, context.actor(), customer, type, channel, agent=agent, permission=permission,
            note=note,
        )  # fmt: skip
    _show(shown, as_json, f"request {shown.id}: opened for the agent; verify the customer next")


@app.command("verify-data-points")
def verify_data_points(
    request_id: RequestId,
    point: Annotated[
        list[str], typer.Option(help="FIELD=VALUE the requester gave; repeat (2, or 3 for copies).")
    ],
    declaration: Annotated[
        bool, typer.Option(help="The requester signed a declaration under penalty of perjury.")
    ] = False,
    as_json: Json = False,
) -> None:
    """California: match the requester's data points with the record (CCPA regs §7062)."""
    points = dict(p.partition("=")[::2] for p in point)
    with context.vault() as vault:
        shown = verify_by_data_points(
            vault, context.actor(), request_id, points, is_declared=declaration
        )
    _show(shown, as_json, f"request {shown.id}: identity verified by data points")


def _show(shown: RequestView, as_json: bool, title: str) -> None:
    if as_json:
        emit_json(shown)
        return
    facts = [
        ("customer", shown.customer_id),
        ("type", shown.type),
        ("status", shown.status),
        ("received", shown.received_on),
        ("due", f"{shown.due_on} ({_left(shown)})"),
        *[
            (f"due under {d.regime}", f"{d.due_on}" + (" (extended)" if d.is_extended else ""))
            for d in shown.deadlines
        ],
        ("acknowledge by", shown.acknowledge_by),
        ("acknowledged on", shown.acknowledged_on),
        ("verification", shown.verification),
        ("requester", shown.requester and f"{shown.requester}: {shown.requester_note}"),
        ("file", shown.outcome),
    ]
    record(title, facts)


def _left(shown: RequestView) -> str:
    """Days left and the queue's colour while open; when it closed, once it is."""
    if shown.days_left is None:
        return f"closed {shown.closed_at:%Y-%m-%d}" if shown.closed_at else "closed"
    return f"{shown.days_left} days, {shown.colour}"
