"""The consent ledger: append-only grant and withdraw events; the latest per purpose decides.

One event is one act of the customer (a form with several purposes ticked, one withdrawal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from privault.domain.errors import InvalidInputError


class ConsentAction(StrEnum):
    GRANT = "grant"
    WITHDRAW = "withdraw"


class Channel(StrEnum):
    STORE = "store"
    WEB = "web"
    PHONE = "phone"
    SURVEY = "survey"
    POS = "pos"
    IMPORT = "import"
    RETENTION = "retention"  # no person acted: a retention rule ended the consent


class GivenBy(StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"


class GuardianRelation(StrEnum):
    FATHER = "father"
    MOTHER = "mother"
    GRANDPARENT = "grandparent"
    LEGAL_GUARDIAN = "legal_guardian"


RELATION_LABELS = {
    "父亲": GuardianRelation.FATHER,
    "母亲": GuardianRelation.MOTHER,
    "祖父母": GuardianRelation.GRANDPARENT,
    "外祖父母": GuardianRelation.GRANDPARENT,
    "监护人": GuardianRelation.LEGAL_GUARDIAN,
}


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: GuardianRelation


@dataclass(frozen=True)
class ConsentEvent:
    customer_id: str
    purposes: tuple[str, ...]
    action: ConsentAction
    notice_version: str
    notice_sha256: str
    channel: Channel
    collected_by: str
    given_by: GivenBy
    at: datetime
    guardian_relation: GuardianRelation | None = None
    evidence: str | None = None


# Purpose → the notice versions a grant of it no longer counts under: those published before a
# material change of that purpose (PIPL Art. 14(2)), until the customer consents again.
Renewals = Mapping[str, frozenset[str]]
NO_RENEWALS: Renewals = {}


def active_purposes(events: Iterable[ConsentEvent], renewals: Renewals = NO_RENEWALS) -> set[str]:
    """Events must come in ledger order; the last word on each purpose wins. A grant under a
    notice a material change superseded counts only once renewed."""
    return purpose_states(events, renewals)[0]


def awaiting_renewal(events: Iterable[ConsentEvent], renewals: Renewals) -> set[str]:
    return purpose_states(events, renewals)[1]


def purpose_states(
    events: Iterable[ConsentEvent], renewals: Renewals = NO_RENEWALS
) -> tuple[set[str], set[str]]:
    """(active, awaiting renewal), from the last word on each purpose and its notice."""
    last: dict[str, tuple[ConsentAction, str]] = {}
    for event in events:
        for purpose in event.purposes:
            last[purpose] = (event.action, event.notice_version)
    return split_states(last, renewals)


def split_states(
    last: Mapping[str, tuple[str, str]], renewals: Renewals
) -> tuple[set[str], set[str]]:
    granted = {p: v for p, (a, v) in last.items() if a == ConsentAction.GRANT}
    waiting = {p for p, v in granted.items() if v in renewals.get(p, ())}
    return set(granted) - waiting, waiting


MAX_EVIDENCE = 200


def parse_evidence(raw: str | None) -> str | None:
    """Evidence is a reference to where the signed form is kept, not the form itself."""
    if raw is None or not raw.strip():
        return None
    cleaned = " ".join(raw.split())
    if len(cleaned) > MAX_EVIDENCE:
        raise InvalidInputError(
            "at most {limit} characters: give a reference such as a folder and form number",
            field="evidence",
            params={"limit": MAX_EVIDENCE},
        )
    return cleaned


def parse_channel(raw: str) -> Channel:
    try:
        return Channel(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "unknown channel; use one of {choices}",
            field="channel",
            params={"choices": ", ".join(c.value for c in Channel)},
        ) from None


def parse_relation(raw: str) -> GuardianRelation:
    cleaned = raw.strip()
    relation = RELATION_LABELS.get(cleaned)
    if relation is not None:
        return relation
    try:
        return GuardianRelation(cleaned.lower())
    except ValueError:
        choices = [r.value for r in GuardianRelation] + list(RELATION_LABELS)
        raise InvalidInputError(
            "unknown relation; use one of {choices}",
            field="guardian_relation",
            params={"choices": ", ".join(choices)},
        ) from None
