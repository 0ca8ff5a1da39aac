"""The log of destroyed paper forms: what went, how, who destroyed it and who witnessed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from privault.domain.errors import InvalidInputError


class DestructionMethod(StrEnum):
    SHREDDING = "shredding"
    PULPING = "pulping"
    INCINERATION = "incineration"
    RETURNED_TO_CUSTOMER = "returned_to_customer"


MAX_DESCRIPTION = 300
MAX_QUANTITY = 100
MAX_NAME = 100


@dataclass(frozen=True)
class PaperDestruction:
    destroyed_on: date
    description: str
    quantity: str
    method: DestructionMethod
    destroyed_by: str
    witnessed_by: str


@dataclass(frozen=True)
class RecordedDestruction:
    id: int
    destroyed_on: date
    description: str
    quantity: str
    method: DestructionMethod
    destroyed_by: str
    witnessed_by: str
    recorded_by: str
    recorded_at: datetime


def parse_destruction(
    destroyed_on: date,
    description: str,
    quantity: str,
    method: str,
    destroyed_by: str,
    witnessed_by: str,
    *,
    today: date,
) -> PaperDestruction:
    """A witness other than the person who destroyed the papers; no date in the future."""
    if destroyed_on > today:
        raise InvalidInputError(
            "{destroyed_on} is in the future; record a destruction once it is done",
            field="destroyed_on",
            params={"destroyed_on": destroyed_on},
        )
    destroyer = _text(destroyed_by, "destroyed_by", MAX_NAME)
    witness = _text(witnessed_by, "witnessed_by", MAX_NAME)
    if destroyer.casefold() == witness.casefold():
        raise InvalidInputError(
            "the witness must be someone other than the person who destroyed the papers",
            field="witnessed_by",
        )
    return PaperDestruction(
        destroyed_on,
        _text(description, "description", MAX_DESCRIPTION),
        _text(quantity, "quantity", MAX_QUANTITY),
        parse_method(method),
        destroyer,
        witness,
    )


def parse_method(raw: str) -> DestructionMethod:
    try:
        return DestructionMethod(raw.strip().lower().replace("-", "_"))
    except ValueError:
        choices = ", ".join(m.value for m in DestructionMethod)
        raise InvalidInputError(
            "unknown method; use one of {choices}", field="method", params={"choices": choices}
        ) from None


def _text(raw: str, field: str, limit: int) -> str:
    cleaned = " ".join(raw.split())
    if not cleaned.isprintable():
        raise InvalidInputError("must not contain control characters", field=field)
    if not cleaned:
        raise InvalidInputError("is required", field=field)
    if len(cleaned) > limit:
        raise InvalidInputError("at most {limit} characters", field=field, params={"limit": limit})
    return cleaned
