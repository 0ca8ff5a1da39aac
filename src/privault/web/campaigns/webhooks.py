"""/webhooks/sms: the SMS gateway's calls (replies such as T/TD, and at /webhooks/sms/receipts
its delivery reports), signed with a shared secret; no sign-in, as the gateway is a machine.
Answers say nothing of who holds the number."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.services.campaigns.inbound import receive_sms_webhook
from privault.services.campaigns.receipts import receive_delivery_reports
from privault.web.auth import VaultDep

router = APIRouter(prefix="/webhooks", include_in_schema=False)
SIGNATURE = "X-Signature"
TIMESTAMP = "X-Timestamp"


@router.post("/sms")
async def sms_webhook(request: Request, vault: VaultDep) -> JSONResponse:
    body = await request.body()
    headers = request.headers
    try:
        receive_sms_webhook(vault, headers.get(TIMESTAMP, ""), body, headers.get(SIGNATURE, ""))
    except PolicyDeniedError:
        return JSONResponse({"error": "bad signature"}, status_code=403)
    except InvalidInputError as error:
        return JSONResponse({"error": error.message}, status_code=422)
    # The same answer whatever the number: the gateway learns nothing of the shop's customers.
    return JSONResponse({"ok": True})


@router.post("/sms/receipts")
async def sms_receipts(request: Request, vault: VaultDep) -> JSONResponse:
    """Delivery reports: signed like the replies; the answer counts what was settled."""
    body = await request.body()
    headers = request.headers
    try:
        taken = receive_delivery_reports(
            vault, headers.get(TIMESTAMP, ""), body, headers.get(SIGNATURE, "")
        )
    except PolicyDeniedError:
        return JSONResponse({"error": "bad signature"}, status_code=403)
    except InvalidInputError as error:
        return JSONResponse({"error": error.message}, status_code=422)
    return JSONResponse({"ok": True, "settled": taken.settled, "ignored": taken.ignored})
