"""The customer acting in the privacy portal: an actor of their own, who may act on no one else."""

from __future__ import annotations

from datetime import timedelta

from privault.domain.policy import Actor
from privault.domain.verification import CODE_TTL

CUSTOMER_ROLE = "customer"  # in no role matrix: every staff service refuses this actor
PREFIX = "customer:"
SESSION_TTL = timedelta(minutes=30)
# The marketing channels an unsubscribe link may end, one link per channel.
UNSUBSCRIBE_PURPOSES = ("marketing_sms", "marketing_email")


def customer_actor(customer_id: str) -> Actor:
    return Actor(f"{PREFIX}{customer_id}", frozenset({CUSTOMER_ROLE}))


def acting_customer(actor: Actor) -> str | None:
    """The customer behind a portal actor; None for anyone else (staff act through staff
    services, never through the portal's)."""
    if actor.roles != {CUSTOMER_ROLE} or not actor.name.startswith(PREFIX):
        return None
    return actor.name.removeprefix(PREFIX)


def refusal(actor: Actor, customer_id: str) -> str | None:
    """Why this actor may not act on this customer in the portal, or None: a customer reaches
    only their own record, whatever id a URL or form names."""
    own = acting_customer(actor)
    if own is None:
        return f"{actor.name} is not a portal customer; the portal acts only for its customer"
    if own != customer_id.strip():
        return f"{actor.name} asked for another customer's record"
    return None


def sign_in_message(shop: str, code: str) -> tuple[str, str]:
    """Subject and text: the shop, the code and its expiry, nothing else about the person."""
    minutes = int(CODE_TTL.total_seconds() // 60)
    subject = f"{shop} 隐私服务登录验证码 / privacy portal sign-in code"
    text = (
        f"【{shop}】您的隐私服务登录验证码是 {code}，{minutes} 分钟内有效，请勿告诉他人。"
        "如非本人操作，请忽略本短信。\n"
        f"{shop}: your privacy portal sign-in code is {code}, valid for {minutes} minutes. "
        "Do not share it; if you did not ask for it, ignore this message."
    )
    return subject, text
