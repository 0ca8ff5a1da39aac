"""The console's points and stored value of one customer: opened from the profile (each opening
an audited read), with the desk's top-up, payment and redemption. Routes parse and render; the
services decide and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError
from privault.domain.ledger import Ledger
from privault.domain.policy import Actor
from privault.services.ledgers.accounts import READ, show_account
from privault.services.points.movements import redeem_points
from privault.services.vault import Vault
from privault.services.wallet.movements import spend, top_up
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import explain
from privault.web.frame import frame, language
from privault.web.ledgers.rows import view
from privault.web.templating import render

router = APIRouter()
Move = Callable[[Vault, Actor, str, str], object]
MOVES: dict[tuple[str, str], Move] = {
    ("wallet", "topup"): top_up,
    ("wallet", "spend"): spend,
    ("points", "redeem"): redeem_points,
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
    error: str = "",
    status: int = 200,
) -> Response:
    """The ledgers the reader may read; none: the stored-value read is refused (403, audited)."""
    context = frame(request, vault, actor, customer_id=customer_id, error=error)
    readable = [ledger for ledger in Ledger if READ[ledger].value in context["allowed"]]
    accounts = [
        show_account(vault, actor, ledger, customer_id) for ledger in readable or [Ledger.WALLET]
    ]
    lang = language(request)
    context |= {
        "accounts": [view(a, lang) for a in accounts],
        "zone": accounts[0].zone,
        "done": request.query_params.get("done") == "1",
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
    amount: Annotated[str, Form()] = "",
) -> Response:
    act = MOVES.get((ledger, move))
    if act is None:
        return Response(status_code=404)
    try:
        act(vault, actor, customer_id, amount)
    except InvalidInputError as error:
        said = explain(language(request), error)
        return _page(request, vault, actor, customer_id, error=said, status=status_of(error))
    return RedirectResponse(f"/customers/{customer_id}/ledgers?done=1", status_code=303)
