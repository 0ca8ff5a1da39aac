"""`privault settings ...`: the shop's identity the privacy notice names (PIPL Art. 17)."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, Opt
from privault.cli.output import console, emit_json, table
from privault.domain.shop import SETTINGS, ShopIdentity
from privault.services.customers.contact import get_contact_fresh_days, set_contact_fresh_days
from privault.services.customers.language import (
    get_shop_customer_language,
    set_shop_customer_language,
)
from privault.services.installation.shop_identity import (
    IdentityChange,
    get_shop_identity,
    set_shop_identity,
)

app = typer.Typer(help="The shop's identity and contacts, named in the privacy notice.")


@app.command("show")
def show(as_json: Json = False) -> None:
    with context.vault() as vault:
        identity = get_shop_identity(vault, context.actor())
    if as_json:
        emit_json({**identity.as_settings(), "missing": list(identity.missing)})
        return
    _table(identity)


@app.command("set")
def set_(
    name: Annotated[str | None, typer.Argument(help=f"One of: {', '.join(SETTINGS)}.")] = None,
    value: Annotated[str | None, typer.Argument()] = None,
    business_name: Opt = None,
    address: Opt = None,
    phone: Opt = None,
    email: Opt = None,
    officer_name: Opt = None,
    officer_contact: Opt = None,
    as_json: Json = False,
) -> None:
    """`set NAME VALUE`, or several at once with options (`--phone ... --email ...`). When the
    identity is complete the privacy notice is published again from it."""
    options = {
        "business_name": business_name,
        "address": address,
        "phone": phone,
        "email": email,
        "officer_name": officer_name,
        "officer_contact": officer_contact,
    }
    changes = {k: v for k, v in options.items() if v is not None}
    if name is not None:
        changes[name.replace("-", "_")] = value or ""
    if not changes:
        raise typer.BadParameter("give NAME VALUE or at least one option such as --phone")
    with context.vault() as vault:
        done = set_shop_identity(vault, context.actor(), changes)
    if as_json:
        emit_json(_answer(done))
        return
    _table(done.identity)
    console.print(f"changed: {', '.join(done.changed) or 'nothing'}")
    if done.notice is not None:
        console.print(f"privacy notice {done.notice.version} published from these settings")
    elif done.identity.missing:
        missing = ", ".join(done.identity.missing)
        console.print(f"no notice published until these are set: {missing}")


def _answer(done: IdentityChange) -> dict[str, object]:
    return {
        **done.identity.as_settings(),
        "missing": list(done.identity.missing),
        "changed": list(done.changed),
        "notice_version": done.notice.version if done.notice else None,
    }


def _table(identity: ShopIdentity) -> None:
    values = identity.as_settings()
    table("shop identity", ["setting", "value"], [(k, values[k] or "–") for k in SETTINGS])


@app.command("contact-days")
def contact_days(
    days: Annotated[
        str | None, typer.Argument(help="Days contact data stays fresh (30 to 3650).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show or set how long a customer's contact data counts as confirmed (default 365 days);
    after that the next booking or visit asks the desk to confirm it (issue 17)."""
    with context.vault() as vault:
        if days is None:
            value = get_contact_fresh_days(vault, context.actor())
        else:
            value = set_contact_fresh_days(vault, context.actor(), days)
    if as_json:
        emit_json({"contact_fresh_days": value})
    else:
        console.print(f"contact data stays fresh for {value} days")


@app.command("customer-language")
def customer_language(
    language: Annotated[
        str | None, typer.Argument(help="zh or en; without it, the current one is shown.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show or set the language the shop writes to customers who chose none (incident notices,
    complaint answers); a customer's own choice wins."""
    with context.vault() as vault:
        if language is None:
            value = get_shop_customer_language(vault, context.actor())
        else:
            value = set_shop_customer_language(vault, context.actor(), language)
    if as_json:
        emit_json({"customer_language": value})
    else:
        console.print(f"customers who chose no language are written to in {value}")
