"""Requests made by someone other than the customer: a close relative of a deceased customer
(PIPL Art. 49) and an authorised agent under California's rules (CCPA regs §7063)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from privault.domain.errors import InvalidInputError
from privault.domain.requests import RequestType

MAX_NOTE = 500
# A run of digits this long is probably a document's number: the record names the document.
_DOCUMENT_NUMBER = re.compile(r"[0-9Xx]{6,}")


class Requester(StrEnum):
    CLOSE_RELATIVE = "close_relative"
    AUTHORISED_AGENT = "authorised_agent"


# Civil Code Art. 1045: spouse, parents, children, siblings, grandparents and grandchildren.
CLOSE_RELATIVES: Mapping[str, str] = {
    "配偶": "spouse",
    "父母": "parent",
    "父亲": "parent",
    "母亲": "parent",
    "子女": "child",
    "儿子": "child",
    "女儿": "child",
    "兄弟姐妹": "sibling",
    "祖父母": "grandparent",
    "外祖父母": "grandparent",
    "孙子女": "grandchild",
    "外孙子女": "grandchild",
}
RELATIONS = frozenset(CLOSE_RELATIVES.values())
# PIPL Art. 49: for their own lawful, legitimate interests, a close relative may consult, copy,
# correct or delete the deceased's information; the other rights stay with the person.
RELATIVE_TYPES = frozenset(
    {RequestType.ACCESS, RequestType.COPY, RequestType.CORRECTION, RequestType.DELETION}
)


def parse_relation(raw: str | None) -> str:
    text = (raw or "").strip()
    relation = CLOSE_RELATIVES.get(text, text.lower())
    if relation not in RELATIONS:
        raise InvalidInputError(
            "a close relative is one of {relations}",
            field="relation",
            params={"relations": ", ".join(sorted(RELATIONS))},
        )
    return relation


def check_relative_type(request_type: RequestType) -> RequestType:
    if request_type not in RELATIVE_TYPES:
        raise InvalidInputError(
            "a close relative may ask for {types} only",
            field="type",
            params={"types": ", ".join(sorted(t.value for t in RELATIVE_TYPES))},
        )
    return request_type


def check_proof(raw: str | None, field: str, example: str) -> str:
    """Which documents were seen, never their numbers: the note stays with the request."""
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise InvalidInputError(
            "say which documents were seen, e.g. '{example}'",
            field=field,
            params={"example": example},
        )
    if len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field=field, params={"limit": MAX_NOTE}
        )
    if _DOCUMENT_NUMBER.search(cleaned):
        raise InvalidInputError(
            "name the document, not its number: the number is not kept", field=field
        )
    return cleaned


def check_arrangement(raw: str | None) -> str:
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise InvalidInputError(
            "say what the customer arranged, e.g. 'no relative may see or copy my data'",
            field="arrangement",
        )
    if len(cleaned) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field="arrangement", params={"limit": MAX_NOTE}
        )
    return cleaned


PERMISSION_EXAMPLE = "permission signed by the customer on 2026-11-20, scanned to the request file"


def check_agent(raw: str | None) -> str:
    """The agent's name as the permission names it (a person or a registered business)."""
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise InvalidInputError("name the agent as the signed permission names them", field="agent")
    if len(cleaned) > 100:
        raise InvalidInputError("at most {limit} characters", field="agent", params={"limit": 100})
    return cleaned
