"""Where a web request comes from, for its audit events: the channel by the URL, and the client
address as the rate limits resolve it (behind PRIVAULT_TRUSTED_PROXIES, the proxy's
X-Forwarded-For, already applied to the request by the outermost middleware)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Scope

from privault.domain.audit import Channel
from privault.services.use_case import Origin
from privault.web.security import client_address


def channel_of(path: str) -> Channel:
    if path.startswith("/api/"):
        return Channel.API
    if path == "/portal" or path.startswith("/portal/"):
        return Channel.PORTAL
    if path == "/register":  # the public registration page: a customer's own, as the portal
        return Channel.PORTAL
    return Channel.WEB


def request_origin_of(scope: Scope, request_id: str) -> Origin:
    """A portal request keeps no address: the trail outlives erasure, and a customer's address
    is personal data that would survive it there. Staff and integrations are accountable for
    what they do, from where; a customer only exercises their own rights."""
    channel = channel_of(scope["path"])
    if channel is Channel.PORTAL:
        return Origin(request_id, None, channel)
    return Origin(request_id, client_address(Request(scope)), channel)
