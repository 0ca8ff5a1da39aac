"""Time-based one-time codes (RFC 6238) for the roles that must sign in with a second factor."""

from __future__ import annotations

from datetime import datetime

import pyotp

ISSUER = "privault"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, name: str) -> str:
    """What an authenticator app scans (or the secret is typed in by hand)."""
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER)


def matching_step(secret: str, code: str, at: datetime, *, after: int | None) -> int | None:
    """The time step the code belongs to (the current one or one either side, for clock
    drift), or None. A step at or before `after` was used already: a code works once."""
    totp = pyotp.TOTP(secret)
    cleaned = code.strip().replace(" ", "")
    now_step = int(at.timestamp()) // totp.interval
    for step in (now_step, now_step - 1, now_step + 1):
        if after is not None and step <= after:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), cleaned):
            return step
    return None
