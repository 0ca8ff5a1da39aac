"""The console's points and stored value of one customer: opened from the profile (each opening
an audited read), with the desk's top-up, payment and redemption, and the manager's refund of
stored value and adjustment of points (each with a reason). A refusal is shown next to the field
it names, nothing changed; a success says what was recorded. Routes parse and render; the
services decide and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.ledger import Ledger
from privault.domain.policy import Actor
from privault.services.ledgers.accounts import READ, show_account
from privault.services.points.movements import adjust_points, redeem_points
from privault.services.vault import Vault
from privault.services.wallet.movements import refund, spend, top_up
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.frame import frame, language
from privault.web.ledgers.rows import view
from privault.web.officer_frame import form_errors
from privault.web.templating import render

router = APIRouter()
# (ledger, move) -> the service, called with the amount and the note (a reason, for the manager's)
Move = Callable[[Vault, Actor, str, str, str | None], object]
MOVES: dict[tuple[str, str], Move] = {
    ("wallet", "topup"): top_up,
    ("wallet", "spend"): spend,
    ("wallet", "refund"): refund,
    ("points", "redeem"): redeem_points,
    ("points", "adjust"): adjust_points,
}


@router.get("/customers/{customer_id}/ledgers")
def ledgers_page(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    return _page(request, vault, actor, customer_id)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The ledgers the reader may read; none: the stored-value read is refused (403, audited)."""
    context = frame(
        request, vault, actor, customer_id=customer_id, errors=errors or {}, typed=typed or {}
    )
    readable = [ledger for ledger in Ledger if READ[ledger].value in context["allowed"]]
    accounts = [
        show_account(vault, actor, ledger, customer_id) for ledger in readable or [Ledger.WALLET]
    ]
    lang = language(request)
    context |= {
        "accounts": [view(a, lang) for a in accounts],
        "zone": accounts[0].zone,
        "done": request.query_params.get("done", ""),
    }
    return render(request, "ledgers/page.html", context, status=status)


@router.post("/customers/{customer_id}/ledgers/{ledger}/{move}", dependencies=[GenuineForm])
def ledgers_move(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    ledger: str,
    move: str,
    amount: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    act = MOVES.get((ledger, move))
    if act is None:
        return Response(status_code=404)
    form = f"{ledger}.{move}"
    try:
        act(vault, actor, customer_id, amount, note.strip() or None)
    except PrivaultError as error:
        errors, status = form_errors(request, error, form)
        typed = {"form": form, "amount": amount, "note": note}
        return _page(request, vault, actor, customer_id, errors=errors, typed=typed, status=status)
    return RedirectResponse(f"/customers/{customer_id}/ledgers?done={form}", status_code=303)
