"""Who calls the API: an integration's bearer token, its only credential.

No cookie is read here, so a browser cannot be tricked into calling the API with its
session: the API needs no anti-forgery token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from privault.domain.errors import AuthenticationError
from privault.domain.policy import Actor
from privault.services.staff.rate_limits import check_rate
from privault.services.staff.tokens import UNKNOWN, authenticate_token
from privault.web.auth import VaultDep
from privault.web.security import client_address

# Failed tokens per client address: tokens cannot be guessed, but a misconfigured system
# retrying in a loop should be told to stop rather than fill the logs.
FAILED_TOKENS = 30
FAILED_WINDOW = timedelta(minutes=5)
CHALLENGE = {"WWW-Authenticate": "Bearer"}

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="API token",
    description="A token from `privault tokens create`, sent as `Authorization: Bearer pv_...`",
)


async def api_actor(
    request: Request,
    vault: VaultDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """`async`, and the token's check runs on the event loop: it is one primary-key read
    (no transaction) on every API call, and a hop to the thread pool and back cost more
    than the read (bench/README, "Serving changes"). Its rare writes run there too (a
    token's last-used stamp, once a minute; a revoked token's refusal): one short
    transaction each. A failure's rate count hops to the pool."""
    if credentials is None:
        raise HTTPException(401, UNKNOWN, headers=CHALLENGE)
    try:
        return authenticate_token(vault, credentials.credentials)
    except AuthenticationError as error:
        where = f"api-token:{client_address(request)}"
        await run_in_threadpool(check_rate, vault, where, limit=FAILED_TOKENS, window=FAILED_WINDOW)
        raise HTTPException(401, error.message, headers=CHALLENGE) from None


ApiActor = Annotated[Actor, Depends(api_actor)]
