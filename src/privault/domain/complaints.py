"""Privacy questions and complaints (seed 004: the privacy officer handles customers'
questions and complaints about their information; PIPL Art. 50: a convenient way to take in
and handle them, and reasons given when a request is refused)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from privault.domain.errors import InvalidInputError

# Nothing fixes a complaint's answer time in law. GB/T 35273-2020 §8.7 lets a request run to 30
# days at most and asks complaints to be answered "within a reasonable time"; the shops' own
# promise (seed 003 及时响应客户权利和投诉) is sooner, so the default is half of that ceiling,
# 15 days, which a business may shorten or keep up to the ceiling (the setting below).
DEFAULT_ANSWER_DAYS = 15
MAX_ANSWER_DAYS = 30
ANSWER_DAYS_SETTING = "complaint_answer_days"
MAX_TEXT = 2000
LANGUAGES = ("zh", "en")


class ComplaintKind(StrEnum):
    QUESTION = "question"
    COMPLAINT = "complaint"


class ComplaintChannel(StrEnum):
    PORTAL = "portal"  # the customer, signed in to the portal
    PHONE = "phone"  # taken down by staff during a call
    DESK = "desk"  # taken down by staff at the counter


class ComplaintStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class AnswerRoute(StrEnum):
    """How the answer reached the customer: the gateways tried in this order."""

    SMS = "sms"
    EMAIL = "email"
    NONE = "none"  # no reachable contact: the answer waits in the portal


@dataclass(frozen=True)
class ComplaintInput:
    """What the customer asked, as taken in; `language` is the one they are answered in."""

    kind: ComplaintKind
    channel: ComplaintChannel
    text: str
    language: str


def parse_kind(raw: str) -> ComplaintKind:
    try:
        return ComplaintKind(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "choose one of {choices}",
            field="kind",
            params={"choices": ", ".join(k.value for k in ComplaintKind)},
        ) from None


def parse_channel(raw: str) -> ComplaintChannel:
    try:
        return ComplaintChannel(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "choose one of {choices}",
            field="channel",
            params={"choices": ", ".join(c.value for c in ComplaintChannel)},
        ) from None


def parse_status(raw: str | None) -> ComplaintStatus | None:
    """A filter of the queue; empty: every status."""
    if not (raw or "").strip():
        return None
    try:
        return ComplaintStatus((raw or "").strip().lower())
    except ValueError:
        raise InvalidInputError(
            "choose one of {choices}",
            field="status",
            params={"choices": ", ".join(s.value for s in ComplaintStatus)},
        ) from None


def parse_language(raw: str | None) -> str:
    """The customer's language for the answer; empty when none is named (the customer's stored
    language then applies, else the shop's default)."""
    cleaned = (raw or "").strip().lower()
    if cleaned and cleaned not in LANGUAGES:
        raise InvalidInputError(
            "choose one of {choices}", field="language", params={"choices": ", ".join(LANGUAGES)}
        )
    return cleaned


def parse_text(raw: str | None, field: str) -> str:
    """A question, complaint or answer: not empty, not longer than a page."""
    cleaned = (raw or "").strip()
    if not cleaned:
        raise InvalidInputError("write what the customer asks or is told", field=field)
    if len(cleaned) > MAX_TEXT:
        raise InvalidInputError(
            "at most {limit} characters", field=field, params={"limit": MAX_TEXT}
        )
    return cleaned


def parse_answer_days(raw: str | int | None) -> int:
    try:
        days = int(str(raw).strip()) if raw is not None else DEFAULT_ANSWER_DAYS
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_ANSWER_DAYS:
        raise InvalidInputError(
            "a whole number of days from 1 to {limit}",
            field="answer_days",
            params={"limit": MAX_ANSWER_DAYS},
        )
    return days


def due_on(received_on: date, answer_days: int) -> date:
    """Counted in the shop's calendar days from the day it was received."""
    return received_on + timedelta(days=answer_days)


def is_overdue(status: ComplaintStatus, due: date, today: date) -> bool:
    return status is ComplaintStatus.OPEN and today > due


def answered_on_time(due: date, answered_on: date | None) -> bool:
    return answered_on is not None and answered_on <= due


# The message a customer receives, in their language; the answer itself follows it.
ANSWER_HEADINGS = {
    "zh": "【{shop}】您关于个人信息的{what}已答复：",
    "en": "[{shop}] The answer to your {what} about your personal information:",
}
KIND_WORDS = {
    "zh": {ComplaintKind.QUESTION: "咨询", ComplaintKind.COMPLAINT: "投诉"},
    "en": {ComplaintKind.QUESTION: "question", ComplaintKind.COMPLAINT: "complaint"},
}


def answer_message(language: str, shop: str, kind: ComplaintKind, answer: str) -> str:
    heading = ANSWER_HEADINGS[language].format(shop=shop, what=KIND_WORDS[language][kind])
    return f"{heading}{'' if language == 'zh' else ' '}{answer}"
