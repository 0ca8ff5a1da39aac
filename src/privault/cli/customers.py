"""`privault customers ...`: register, find, show, update, reveal, restrict, erase."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, Opt
from privault.cli.output import console, emit_json, record, table
from privault.domain.errors import InvalidInputError
from privault.services.customers.contact_confirmation import (
    StaleContactReport,
    confirm_contact,
    list_stale_contacts,
)
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import (
    CustomerView,
    RegistrationForm,
    find_customers,
    get_customer,
    register_customer,
    reveal_field,
    update_customer,
)
from privault.services.customers.restriction import lift_restriction, restrict_customer
from privault.services.requests.regimes import set_customer_regimes

app = typer.Typer(help="Register, find, show and update customers (masked by default).")
Pairs = Annotated[list[str], typer.Argument(help="Fields as KEY=VALUE.")]
Reason = Annotated[str, typer.Option(help="Why (audited), e.g. the customer contests the data.")]
Yes = Annotated[bool, typer.Option("--yes", help="Confirm that the erasure cannot be undone.")]


@app.command("add")
def add(
    pairs: Pairs,
    channel: Annotated[str, typer.Option(help="store, web, phone, survey, pos or import")],
    notice: Annotated[str, typer.Option(help="Version of the privacy notice shown.")],
    consent: Annotated[list[str], typer.Option(help="A purpose agreed to; repeat per purpose.")],
    guardian_name: Opt = None,
    guardian_relation: Opt = None,
    evidence: Annotated[str | None, typer.Option(help="Where the signed form is kept.")] = None,
    store: Opt = None,
    script_version: Annotated[
        str | None,
        typer.Option(help="Channel phone: the version of the consent script read (verbal)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Register a customer with the consent they gave (on the phone: verbal, with the script)."""
    form = RegistrationForm(
        context.key_values(pairs),
        tuple(consent),
        channel,
        notice,
        guardian_name,
        guardian_relation,
        evidence,
        store,
        script_version,
    )
    with context.vault() as vault:
        customer_id = register_customer(vault, context.actor(), form)
    if as_json:
        emit_json({"id": customer_id})
    else:
        console.print(f"registered customer [bold]{customer_id}[/]")


@app.command("find")
def find(
    mobile: Opt = None,
    mobile_tail: Annotated[str | None, typer.Option(help="Last four digits.")] = None,
    email: Opt = None,
    id_number: Opt = None,
    member_no: Opt = None,
    surname: Annotated[
        str | None,
        typer.Option(
            help="张, 欧阳 or a masked name as shown (张*三); alone or narrowing another."
        ),
    ] = None,
    limit: int = 20,
    oldest: Annotated[bool, typer.Option("--oldest", help="Oldest registered first.")] = False,
    as_json: Json = False,
) -> None:
    """Find customers by an exact value, a mobile's last four digits or a surname, newest
    registered first."""
    given = {
        k: v
        for k, v in {
            "mobile": mobile,
            "mobile_tail": mobile_tail,
            "email": email,
            "id_number": id_number,
            "member_no": member_no,
        }.items()
        if v
    }
    if not given and surname:
        given, surname = {"name_surname": surname}, None
    if len(given) != 1:
        raise InvalidInputError(
            "give exactly one of --mobile, --mobile-tail, --email, --id-number, --member-no "
            "(--surname alone, or with one of them)",
            field="search",
        )
    [(by, value)] = given.items()
    with context.vault() as vault:
        result = find_customers(
            vault, context.actor(), by, value, limit=limit, surname=surname, oldest_first=oldest
        )
    if as_json:
        emit_json([{"id": c.id, "fields": c.fields} for c in result.customers])
        return
    _print(result.customers, f"{result.total} found by {by}" + (" and surname" if surname else ""))


@app.command("show")
def show(customer_id: str, as_json: Json = False) -> None:
    """Show one customer, masked."""
    with context.vault() as vault:
        view = get_customer(vault, context.actor(), customer_id)
    if as_json:
        emit_json(view)
    else:
        _record(view, f"customer {view.id}")


@app.command("update")
def update(customer_id: str, pairs: Pairs, as_json: Json = False) -> None:
    """Change fields (KEY=VALUE); KEY= with nothing removes the field."""
    with context.vault() as vault:
        view = update_customer(vault, context.actor(), customer_id, context.key_values(pairs))
    if as_json:
        emit_json(view)
    else:
        _record(view, f"customer {view.id} updated")


@app.command("reveal")
def reveal(
    customer_id: str,
    field: str,
    purpose: Annotated[
        str, typer.Option(help="A purpose of the catalog the field serves (`consents catalog`).")
    ],
    note: Annotated[str | None, typer.Option(help="Your words beside it (audited).")] = None,
    as_json: Json = False,
) -> None:
    """Show one clear value for a catalog purpose the customer's basis holds for; audited."""
    with context.vault() as vault:
        value = reveal_field(vault, context.actor(), customer_id, field, purpose, note)
    if as_json:
        emit_json({"field": field, "value": value})
    else:
        console.print(f"{field}: {value}", highlight=False, markup=False)


@app.command("set-regimes")
def set_regimes(
    customer_id: str,
    regimes: Annotated[list[str], typer.Argument(help="CN, EU and/or CA.")],
    as_json: Json = False,
) -> None:
    """Set the regimes whose rights and clocks apply to this customer's future requests."""
    with context.vault() as vault:
        done = set_customer_regimes(vault, context.actor(), customer_id, regimes)
    if as_json:
        emit_json(done)
    else:
        console.print(
            f"customer {done.customer_id}: {' '.join(done.regimes)} (was {' '.join(done.previous)})"
        )


@app.command("restrict")
def restrict(customer_id: str, reason: Reason, as_json: Json = False) -> None:
    """Restrict processing: the record is kept but not used until lifted (privacy officer)."""
    with context.vault() as vault:
        status = restrict_customer(vault, context.actor(), customer_id, reason=reason)
    if as_json:
        emit_json({"id": customer_id, "status": status})
    else:
        console.print(f"customer {customer_id} restricted: stored, not processed")


@app.command("lift-restriction")
def lift(customer_id: str, reason: Reason, as_json: Json = False) -> None:
    """Lift a restriction: processing resumes (privacy officer)."""
    with context.vault() as vault:
        status = lift_restriction(vault, context.actor(), customer_id, reason=reason)
    if as_json:
        emit_json({"id": customer_id, "status": status})
    else:
        console.print(f"customer {customer_id}: restriction lifted, processing resumes")


@app.command("erase")
def erase(customer_id: str, reason: Reason, yes: Yes = False, as_json: Json = False) -> None:
    """Erase for good by destroying the customer's key; only a tombstone stays (privacy
    officer). Refused while a legal hold is active."""
    if not (yes or _confirmed(customer_id)):
        raise InvalidInputError("erasure cannot be undone; add --yes to confirm")
    with context.vault() as vault:
        stone = erase_customer(vault, context.actor(), customer_id, reason=reason)
    if as_json:
        emit_json(stone._asdict())
    else:
        console.print(f"customer {customer_id} erased; only a tombstone is kept")


def _confirmed(customer_id: str) -> bool:
    """Asked only at a terminal: a script must say --yes, never answer a prompt from a pipe."""
    if not sys.stdin.isatty():
        return False
    return typer.confirm(f"Erase customer {customer_id} for good? This cannot be undone.")


def _record(view: CustomerView, title: str) -> None:
    facts = [
        ("store", view.store),
        ("status", view.status + (" · minor" if view.is_minor else "")),
        ("registered", view.created_at),
        ("purposes", view.purposes),
    ]
    record(title, [*facts, *view.fields.items()])


def _print(views: list[CustomerView], title: str) -> None:
    table(
        title,
        ["id", "fields (masked)", "purposes"],
        [(v.id + (" (minor)" if v.is_minor else ""), v.fields, v.purposes) for v in views],
    )


@app.command("confirm-contact")
def confirm_contact_(customer_id: str, as_json: Json = False) -> None:
    """The customer confirmed the mobile, email and address on record (issue 17): the contact
    data counts as fresh again."""
    with context.vault() as vault:
        state = confirm_contact(vault, context.actor(), customer_id)
    if as_json:
        emit_json(state)
    else:
        console.print(f"customer {state.customer_id}: contact data confirmed")


@app.command("stale")
def stale(
    limit: Annotated[int, typer.Option(help="List at most this many, the oldest first.")] = 200,
    as_json: Json = False,
) -> None:
    """Customers whose contact data was not confirmed within the set period (names masked)."""
    with context.vault() as vault:
        report = list_stale_contacts(vault, context.actor(), limit=limit)
    if as_json:
        emit_json(report)
        return
    _stale_table(report)


def _stale_table(report: StaleContactReport) -> None:
    table(
        f"stale contact data: {report.total} (fresh for {report.fresh_days} days)",
        ["id", "identity (masked)", "store", "last confirmed", "days", "how"],
        [
            (r.customer_id, r.identity, r.store, r.confirmed_at, r.days_since, r.how or "stored")
            for r in report.rows
        ],
    )
