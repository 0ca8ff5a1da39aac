"""Identity verification of a requester: one-time code limits and the in-person note."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from privault.domain.errors import ConflictError, InvalidInputError

CODE_LENGTH = 6
CODE_TTL = timedelta(minutes=10)
# Five wrong guesses of a six-digit code succeed one time in 200,000; after that the code dies.
MAX_ATTEMPTS = 5
# Codes sent to one customer within SEND_WINDOW, across all their requests: stops a caller from
# flooding someone's phone or mailbox.
MAX_SENDS = 5
SEND_WINDOW = timedelta(hours=1)
MAX_NOTE = 500
# A run of digits this long in an in-person note is probably the ID document's number.
_DOCUMENT_NUMBER = re.compile(r"[0-9Xx]{6,}")


class Method(StrEnum):
    CODE = "code"
    IN_PERSON = "in_person"


class CodeChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"


@dataclass(frozen=True)
class CodeState:
    sent_at: datetime
    expires_at: datetime
    attempts: int  # wrong attempts so far
    used_at: datetime | None = None


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def expiry(sent_at: datetime) -> datetime:
    return sent_at + CODE_TTL


def check_can_send(sent_in_window: int, now: datetime) -> None:
    if sent_in_window >= MAX_SENDS:
        raise ConflictError(
            "{limit} codes were sent to this customer within the last hour; "
            "wait before sending another (as of {now:%H:%M} UTC) or verify in person",
            params={"limit": MAX_SENDS, "now": now},
        )


def check_usable(state: CodeState, now: datetime) -> None:
    """A code is used once, within its ten minutes, and dies after five wrong attempts."""
    if state.used_at is not None:
        raise ConflictError("this code was used already; send a new one")
    if state.attempts >= MAX_ATTEMPTS:
        raise ConflictError(
            "{limit} wrong attempts: this code is dead; send a new one",
            params={"limit": MAX_ATTEMPTS},
        )
    if now >= state.expires_at:
        raise ConflictError(
            "the code expired at {expires_at:%H:%M} UTC; send a new one",
            params={"expires_at": state.expires_at},
        )


def attempts_left(state: CodeState) -> int:
    return max(MAX_ATTEMPTS - state.attempts, 0)


def parse_code(raw: str | None) -> str:
    code = "".join((raw or "").split())
    if not (len(code) == CODE_LENGTH and code.isascii() and code.isdigit()):
        raise InvalidInputError(
            "type the {length}-digit code the customer received",
            field="code",
            params={"length": CODE_LENGTH},
        )
    return code


def parse_method(raw: str) -> Method:
    key = raw.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Method(key)
    except ValueError:
        raise InvalidInputError(
            "use one of {choices}",
            field="method",
            params={"choices": ", ".join(m.value for m in Method)},
        ) from None


def parse_channel(raw: str) -> CodeChannel:
    try:
        return CodeChannel(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "send the code by {choices}",
            field="via",
            params={"choices": " or ".join(c.value for c in CodeChannel)},
        ) from None


def check_in_person_note(note: str | None) -> str:
    """Which document was seen, never its number: the note is kept with the request."""
    cleaned = " ".join((note or "").split())
    if not cleaned:
        raise InvalidInputError(
            "say which ID document was seen, e.g. 'resident ID card shown at the counter'",
            field="note",
        )
    if len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field="note", params={"limit": MAX_NOTE}
        )
    if _DOCUMENT_NUMBER.search(cleaned):
        raise InvalidInputError(
            "name the document, not its number: the number is not kept", field="note"
        )
    return cleaned


def code_message(shop: str, code: str) -> tuple[str, str]:
    """Subject and text: the shop, the code and its expiry, nothing else about the person."""
    minutes = int(CODE_TTL.total_seconds() // 60)
    subject = f"{shop} 身份验证码 / verification code"
    text = (
        f"【{shop}】您的身份验证码是 {code}，{minutes} 分钟内有效。"
        "本店仅用于核实您提交的个人信息请求，请勿告诉他人。\n"
        f"{shop}: your verification code is {code}, valid for {minutes} minutes. "
        "We use it only to verify your personal information request; do not share it."
    )
    return subject, text


# CCPA regs §7062: California's matching of data points the requester gives with those on file.
DATA_POINTS = "data_points"  # stored as the verification method; not a `Method` of verify_request
CATEGORIES_POINTS = 2  # §7062(b): a request to know categories, a reasonable degree of certainty
SPECIFIC_POINTS = 3  # §7062(c): specific pieces, a reasonably high degree, plus a declaration


def data_points_needed(is_specific: bool) -> tuple[int, bool]:
    """How many data points must match, and whether a signed declaration is needed."""
    return (SPECIFIC_POINTS, True) if is_specific else (CATEGORIES_POINTS, False)


def check_data_points(matched: int, is_specific: bool, *, is_declared: bool) -> None:
    needed, needs_declaration = data_points_needed(is_specific)
    if matched < needed:
        raise InvalidInputError(
            "{matched} data points match the record; this request needs {needed}",
            field="points",
            params={"matched": matched, "needed": needed},
        )
    if needs_declaration and not is_declared:
        raise InvalidInputError(
            "specific pieces of information also need the requester's signed declaration, "
            "under penalty of perjury, that they are the customer",
            field="declaration",
        )
