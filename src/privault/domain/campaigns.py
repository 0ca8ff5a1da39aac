"""Campaign rules: the channel's consent purpose, what every message must carry (the shop's
name, a way out, an 广告 subject), quiet hours in shop time, and the per-customer frequency cap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError

SMS_OPT_OUT = "回T退订"
AD_MARKS = ("广告", "AD")
STOP_WORDS = frozenset({"T", "TD"})  # an SMS reply that withdraws SMS marketing
MAX_SMS = 500
MAX_SUBJECT = 120
MAX_BODY = 5000
MAX_NAME = 100
SAMPLE_NAME = "张*"  # the masked sample a preview fills in: no real customer is shown


class MarketingChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"  # room for WECHAT: a new member, its purpose and its adapter


PURPOSE = {MarketingChannel.SMS: "marketing_sms", MarketingChannel.EMAIL: "marketing_email"}
CONTACT_FIELD = {MarketingChannel.SMS: "mobile", MarketingChannel.EMAIL: "email"}


class CampaignStatus(StrEnum):
    PLANNED = "planned"  # waits for the marketing manager's approval
    APPROVED = "approved"  # goes out at its send time
    SENDING = "sending"
    DONE = "done"  # nothing left queued (some deliveries may be unknown: a person decides)


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # handed to the gateway; the answer is not yet recorded
    SENT = "sent"
    DELIVERED = "delivered"  # the gateway's delivery report says it reached the phone
    FAILED = "failed"
    UNKNOWN = "unknown"  # the answer was lost and the gateway keeps no idempotency key
    WITHDRAWN = "withdrawn"  # consent gone between queueing and sending: not sent


def parse_channel(raw: str) -> MarketingChannel:
    try:
        return MarketingChannel(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "unknown channel; use one of {choices}",
            field="channel",
            params={"choices": ", ".join(c.value for c in MarketingChannel)},
        ) from None


@dataclass(frozen=True)
class Template:
    body: str
    subject: str = ""  # email only


def parse_template(channel: MarketingChannel, body: str, subject: str = "") -> Template:
    """An SMS must end with the opt-out line; an email needs a subject (marked 广告 on send)."""
    text = body.strip()
    limit = MAX_SMS if channel is MarketingChannel.SMS else MAX_BODY
    if not text or len(text) > limit:
        raise InvalidInputError(
            "from 1 to {limit} characters", field="template", params={"limit": limit}
        )
    if channel is MarketingChannel.SMS:
        if not text.endswith(SMS_OPT_OUT):
            raise InvalidInputError(
                "an SMS must end with {line} (the way out, 广告法 Art. 43)",
                field="template",
                params={"line": SMS_OPT_OUT},
            )
        return Template(text)
    heading = " ".join(subject.split())
    if not heading or len(heading) > MAX_SUBJECT:
        raise InvalidInputError(
            "an email needs a subject of 1 to {limit} characters",
            field="subject",
            params={"limit": MAX_SUBJECT},
        )
    return Template(text, heading)


def parse_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInputError("from 1 to {limit} characters", field="name", params={"limit": 100})
    return name


@dataclass(frozen=True)
class Message:
    subject: str  # empty for an SMS
    body: str


def render(template: Template, channel: MarketingChannel, shop: str, name: str) -> Message:
    """What a recipient gets: 【shop】 first, `{name}` filled, an email's subject marked 广告."""
    body = template.body.replace("{name}", name)
    if channel is MarketingChannel.SMS:
        signed = body if body.startswith(f"【{shop}】") else f"【{shop}】{body}"
        return Message("", signed)
    subject = template.subject
    if not any(mark in subject for mark in AD_MARKS):
        subject = f"【广告】{subject}"
    return Message(subject, f"{body}\n\n{shop}")


def preview(template: Template, channel: MarketingChannel, shop: str) -> Message:
    return render(template, channel, shop, SAMPLE_NAME)


@dataclass(frozen=True)
class QuietHours:
    starts: time = time(21, 0)
    ends: time = time(8, 0)

    def holds_at(self, local: time) -> bool:
        if self.starts <= self.ends:
            return self.starts <= local < self.ends
        return local >= self.starts or local < self.ends


def next_allowed(at: datetime, zone: str, quiet: QuietHours = QuietHours()) -> datetime:
    """`at` itself outside quiet hours, else the end of the quiet hours, in shop time."""
    local = at.astimezone(ZoneInfo(zone))
    if not quiet.holds_at(local.time().replace(tzinfo=None)):
        return at
    end = local.replace(hour=quiet.ends.hour, minute=quiet.ends.minute, second=0, microsecond=0)
    if end <= local:
        end = (local + timedelta(days=1)).replace(
            hour=quiet.ends.hour, minute=quiet.ends.minute, second=0, microsecond=0
        )
    return end.astimezone(at.tzinfo)


def parse_send_at(raw: str, zone: str) -> datetime:
    """`2026-11-24 10:00` in shop time (or an ISO time with its own offset)."""
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError(
            "a time as YYYY-MM-DD HH:MM (shop time, {zone})",
            field="send_at",
            params={"zone": zone},
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))


@dataclass(frozen=True)
class FrequencyCap:
    """At most `messages` marketing messages per customer in any `days` days, all channels."""

    messages: int = 4
    days: int = 30

    def since(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)

    def allows(self, sent_recently: int) -> bool:
        return sent_recently < self.messages


def parse_cap(raw: str) -> FrequencyCap:
    """`4/30`: four messages in thirty days."""
    messages, _, days = raw.strip().partition("/")
    if not (messages.isdigit() and days.isdigit() and int(messages) > 0 and int(days) > 0):
        raise InvalidInputError("write it as messages/days, e.g. 4/30", field="frequency_cap")
    return FrequencyCap(int(messages), int(days))


def is_stop_reply(text: str) -> bool:
    return text.strip().upper() in STOP_WORDS


@dataclass(frozen=True)
class Report:
    planned_at: datetime
    send_at: datetime
    status: CampaignStatus
    counts: dict[str, int]  # per delivery status
    unsubscribed: int  # recipients who no longer hold the channel's consent
    capped: int  # consented recipients left out by the frequency cap

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tally(found: Mapping[str, int]) -> dict[str, int]:
    """Every status named, those with no delivery at zero."""
    return {s.value: found.get(s.value, 0) for s in DeliveryStatus}


# A gateway's delivery report, by the words providers use (CMPP/SMPP stats among them): reached
# the phone, or did not and will not. Anything else (still trying, accepted) changes nothing.
REPORTED = {
    "delivered": DeliveryStatus.DELIVERED,
    "delivrd": DeliveryStatus.DELIVERED,
    "failed": DeliveryStatus.FAILED,
    "undelivered": DeliveryStatus.FAILED,
    "undeliv": DeliveryStatus.FAILED,
    "rejected": DeliveryStatus.FAILED,
    "rejectd": DeliveryStatus.FAILED,
    "expired": DeliveryStatus.FAILED,
}
# Only a message handed over may be reported on; a report is final, so a delivered message is
# never marked failed by a late or repeated report. An unknown one (answer lost) is settled.
REPORTABLE = frozenset({DeliveryStatus.SENT, DeliveryStatus.UNKNOWN})


def reported_status(state: str) -> DeliveryStatus | None:
    return REPORTED.get(state.strip().casefold())
