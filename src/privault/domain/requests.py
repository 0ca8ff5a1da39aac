"""Data-subject requests: their types, channels, regimes, statuses, refusal reasons and routes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from privault.domain.errors import InvalidInputError

# A letter found in the post box after a holiday is normal; one said to have arrived more than a
# year ago is a typing slip, and accepting it would open a request that is overdue on arrival.
MAX_RECEIVED_AGE = timedelta(days=366)
MAX_NOTE = 500


class RequestType(StrEnum):
    ACCESS = "access"
    COPY = "copy"
    PORTABILITY = "portability"
    CORRECTION = "correction"
    SUPPLEMENT = "supplement"
    DELETION = "deletion"
    WITHDRAW_CONSENT = "withdraw_consent"
    EXPLANATION = "explanation"
    RESTRICTION = "restriction"
    OPT_OUT_SALE_SHARING = "opt_out_sale_sharing"
    ACCOUNT_CLOSURE = "account_closure"  # 注销账户: GB/T 35273-2020 §8.5


class RequestChannel(StrEnum):
    PORTAL = "portal"
    STORE = "store"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"


class Regime(StrEnum):
    CN = "CN"
    EU = "EU"
    CA = "CA"


class RequestStatus(StrEnum):
    RECEIVED = "received"
    IDENTITY_VERIFIED = "identity_verified"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REFUSED = "refused"


class RefusalReason(StrEnum):
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    MANIFESTLY_UNFOUNDED_OR_EXCESSIVE = "manifestly_unfounded_or_excessive"
    LEGAL_OBLIGATION_TO_RETAIN = "legal_obligation_to_retain"
    LEGAL_HOLD_OR_INVESTIGATION = "legal_hold_or_investigation"
    PUBLIC_INTEREST_OR_SECURITY = "public_interest_or_security"
    AFFECTS_OTHERS_RIGHTS = "affects_others_rights"
    TECHNICALLY_INFEASIBLE = "technically_infeasible"
    RIGHT_NOT_APPLICABLE = "right_not_applicable"
    NO_DATA_HELD = "no_data_held"
    DECEASED_ARRANGED_OTHERWISE = "deceased_arranged_otherwise"


# What each reason means and where the law allows it; shown to staff and quoted in the answer.
REFUSAL_GROUNDS: Mapping[RefusalReason, str] = {
    RefusalReason.IDENTITY_NOT_VERIFIED: (
        "the requester's identity could not be verified (PIPL Art. 50; GB/T 35273 §8.7; "
        "GDPR Art. 12(6); CCPA §1798.140(ak), regs §7060)"
    ),
    RefusalReason.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE: (
        "manifestly unfounded or excessive, in particular repetitive (GDPR Art. 12(5)(b); "
        "GB/T 35273 §8.7 不合理的重复请求; CCPA §1798.145(h)(3))"
    ),
    RefusalReason.LEGAL_OBLIGATION_TO_RETAIN: (
        "a law requires the data to be kept; processing stops except for storage "
        "(PIPL Art. 47; GDPR Art. 17(3)(b); CCPA §1798.105(d)(8))"
    ),
    RefusalReason.LEGAL_HOLD_OR_INVESTIGATION: (
        "directly related to criminal investigation, prosecution, trial or legal claims "
        "(GB/T 35273 §8.7; GDPR Art. 17(3)(e); CCPA §1798.145(a))"
    ),
    RefusalReason.PUBLIC_INTEREST_OR_SECURITY: (
        "national security, public safety, public health or a major public interest "
        "(PIPL Art. 18; GB/T 35273 §8.7; GDPR Art. 17(3)(c)(d), Art. 23)"
    ),
    RefusalReason.AFFECTS_OTHERS_RIGHTS: (
        "answering would harm the rights of others (GB/T 35273 §8.7; GDPR Art. 15(4), "
        "Art. 20(4); CCPA §1798.145(k))"
    ),
    RefusalReason.TECHNICALLY_INFEASIBLE: (
        "technically infeasible; processing stops except for storage and protection "
        "(PIPL Art. 47; GDPR Art. 20(2))"
    ),
    RefusalReason.RIGHT_NOT_APPLICABLE: (
        "the right does not apply to this processing, e.g. portability of data not processed "
        "on consent or contract (PIPL Art. 45; GDPR Art. 20(1), Art. 21)"
    ),
    RefusalReason.NO_DATA_HELD: (
        "no personal information about the requester is held (GDPR Art. 11(2))"
    ),
    RefusalReason.DECEASED_ARRANGED_OTHERWISE: (
        "the deceased arranged otherwise while alive, so close relatives may not exercise "
        "these rights (PIPL Art. 49)"
    ),
}

# Where the person may turn when refused; every refusal must say it (PIPL Art. 50 and 65,
# GDPR Art. 12(4), CCPA regs §7022(f)/§7024).
COMPLAINT_ROUTES: Mapping[Regime, str] = {
    Regime.CN: (
        "您可以向履行个人信息保护职责的部门（网信部门）投诉、举报，举报电话 12377"
        "（www.12377.cn），也可以依法向人民法院提起诉讼。 You may complain to the cyberspace "
        "administration (网信部门, hotline 12377, www.12377.cn) or sue in a people's court."
    ),
    Regime.EU: (
        "You may lodge a complaint with a supervisory authority, in particular in the Member "
        "State of your habitual residence, place of work or the alleged infringement "
        "(GDPR Art. 77), and seek a judicial remedy (GDPR Art. 79)."
    ),
    Regime.CA: (
        "You may file a complaint with the California Privacy Protection Agency (cppa.ca.gov) "
        "or the California Attorney General (oag.ca.gov/privacy)."
    ),
}

_NEXT: Mapping[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.RECEIVED: frozenset({RequestStatus.IDENTITY_VERIFIED, RequestStatus.REFUSED}),
    RequestStatus.IDENTITY_VERIFIED: frozenset(
        {RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED, RequestStatus.REFUSED}
    ),
    RequestStatus.IN_PROGRESS: frozenset({RequestStatus.COMPLETED, RequestStatus.REFUSED}),
    RequestStatus.COMPLETED: frozenset(),
    RequestStatus.REFUSED: frozenset(),
}
_CANNOT_MOVE = "a {type} request cannot go from {current} to {target}; allowed: {allowed}"
_CANNOT_MOVE_FINAL = (
    "a {type} request cannot go from {current} to {target}; allowed: none, it is final"
)

# CCPA regs §7026(d): an opt-out of sale or sharing need not be a verifiable request, so it may
# start at once; every other type discloses or changes data and waits for verification.
WITHOUT_VERIFICATION = frozenset({RequestType.OPT_OUT_SALE_SHARING})

TYPE_LABELS: Mapping[str, RequestType] = {
    "查阅": RequestType.ACCESS,
    "复制": RequestType.COPY,
    "转移": RequestType.PORTABILITY,
    "更正": RequestType.CORRECTION,
    "补充": RequestType.SUPPLEMENT,
    "删除": RequestType.DELETION,
    "撤回同意": RequestType.WITHDRAW_CONSENT,
    "解释说明": RequestType.EXPLANATION,
    "限制处理": RequestType.RESTRICTION,
    "拒绝出售或共享": RequestType.OPT_OUT_SALE_SHARING,
    "注销账户": RequestType.ACCOUNT_CLOSURE,
}

CHANNEL_LABELS: Mapping[str, RequestChannel] = {
    "门户": RequestChannel.PORTAL,
    "门店": RequestChannel.STORE,
    "电话": RequestChannel.PHONE,
    "邮件": RequestChannel.EMAIL,
    "信件": RequestChannel.LETTER,
}

_E = TypeVar("_E", bound=StrEnum)


def is_open(status: RequestStatus) -> bool:
    return bool(_NEXT[status])


def needs_verification(request_type: RequestType) -> bool:
    return request_type not in WITHOUT_VERIFICATION


def check_transition(
    current: RequestStatus, target: RequestStatus, request_type: RequestType
) -> None:
    """Statuses only move forward; completed and refused are final."""
    allowed = _NEXT[current]
    if current is RequestStatus.RECEIVED and not needs_verification(request_type):
        allowed = allowed | {RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED}
    if target not in allowed:
        # Two whole sentences, not "none, it is final" as a parameter: each translates.
        raise InvalidInputError(
            _CANNOT_MOVE if allowed else _CANNOT_MOVE_FINAL,
            field="status",
            params={
                "type": request_type,
                "current": current,
                "target": target,
                "allowed": ", ".join(sorted(allowed)),
            },
        )


@dataclass(frozen=True)
class Refusal:
    reason: RefusalReason
    grounds: str
    complaint_routes: tuple[str, ...]
    note: str | None = None


def refuse(reason: RefusalReason, regimes: Iterable[Regime], note: str | None = None) -> Refusal:
    """A refusal states its legal ground and, for each regime, where to complain."""
    routes = tuple(COMPLAINT_ROUTES[r] for r in _unique(regimes))
    if not routes:
        raise InvalidInputError("a refusal needs the regimes that apply", field="regimes")
    cleaned = " ".join(note.split()) if note else None
    if cleaned is not None and len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field="note", params={"limit": MAX_NOTE}
        )
    return Refusal(reason, REFUSAL_GROUNDS[reason], routes, cleaned or None)


def parse_request_type(raw: str) -> RequestType:
    label = TYPE_LABELS.get(raw.strip())
    return label if label is not None else _parse(RequestType, raw, "type")


def parse_channel(raw: str) -> RequestChannel:
    label = CHANNEL_LABELS.get(raw.strip())
    return label if label is not None else _parse(RequestChannel, raw, "channel")


def parse_regime(raw: str) -> Regime:
    return _parse(Regime, raw.strip().upper(), "regimes")


# The installation setting naming the regimes new customers fall under.
DEFAULT_REGIMES_KEY = "default_regimes"


def parse_regimes(raw: str | Iterable[str]) -> tuple[Regime, ...]:
    """e.g. "CN,EU" or ["cn", "ca"]; order kept, repeats dropped, at least one."""
    parts = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw)
    regimes = _unique(parse_regime(p) for p in parts)
    if not regimes:
        raise InvalidInputError("name at least one of CN, EU, CA", field="regimes")
    return regimes


def parse_status(raw: str) -> RequestStatus:
    return _parse(RequestStatus, raw, "status")


def parse_refusal_reason(raw: str | None) -> RefusalReason:
    if raw is None or not raw.strip():
        raise InvalidInputError(
            "a refusal needs a reason: one of {reasons}",
            field="reason",
            params={"reasons": ", ".join(RefusalReason)},
        )
    return _parse(RefusalReason, raw, "reason")


def check_received_on(received_on: date, today: date) -> date:
    """The day the request actually arrived: today or earlier, and within the last year."""
    if received_on > today:
        raise InvalidInputError("cannot be in the future", field="received_on")
    if today - received_on > MAX_RECEIVED_AGE:
        raise InvalidInputError(
            "more than {days} days ago; check the date",
            field="received_on",
            params={"days": MAX_RECEIVED_AGE.days},
        )
    return received_on


def parse_received_on(raw: str | None, today: date) -> date:
    """Empty means today; otherwise an ISO date such as 2026-03-14."""
    if raw is None or not raw.strip():
        return today
    try:
        received_on = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field="received_on") from None
    return check_received_on(received_on, today)


def _parse(enum: type[_E], raw: str, field: str) -> _E:
    key = "_".join(raw.strip().replace("-", " ").split())
    for candidate in (key, key.lower()):
        try:
            return enum(candidate)
        except ValueError:
            continue
    raise InvalidInputError(
        "unknown {field}; use one of {choices}",
        field=field,
        params={"field": field, "choices": ", ".join(m.value for m in enum)},
    )


def _unique(regimes: Iterable[Regime]) -> tuple[Regime, ...]:
    return tuple(dict.fromkeys(regimes))
