"""Purpose at use (PIPL Art. 6 and 14, GDPR Art. 5(1)(b)): every reveal, export and share names
a purpose of the catalog, never free text, so the service can check at that moment that the field
serves it and the customer's lawful basis for it holds. A free-text note may go beside it."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.catalog import Catalog, Purpose
from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError

MAX_NOTE = 200


@dataclass(frozen=True)
class StatedPurpose:
    """A catalog purpose named at use, and what the person added in their own words."""

    purpose: Purpose
    note: str | None = None

    @property
    def key(self) -> str:
        return self.purpose.key

    def basis_missing(self, consented: frozenset[str]) -> bool:
        """A consent purpose the customer has not given (or withdrew, or must renew)."""
        return self.purpose.needs_consent and self.key not in consented


def parse_stated_purpose(catalog: Catalog, raw: str, note: str | None = None) -> StatedPurpose:
    """The purpose by key or by its Chinese or English name; anything else is refused, naming
    the catalog's purposes, so a use can never be justified by words the customer never saw."""
    refuse_control_characters(raw, field="purpose")
    wanted = " ".join(raw.split())
    if not wanted:
        raise InvalidInputError(
            "choose the purpose from the catalog: {known}",
            field="purpose",
            params={"known": ", ".join(catalog.purposes)},
        )
    folded = wanted.casefold()
    for purpose in catalog.purposes.values():
        names = (purpose.key, purpose.name_zh, purpose.name_en)
        if folded in (name.casefold() for name in names):
            return StatedPurpose(purpose, parse_note(note))
    return StatedPurpose(catalog.purpose(wanted), parse_note(note))


def parse_note(raw: str | None) -> str | None:
    if raw is None:
        return None
    refuse_control_characters(raw, field="note")
    note = " ".join(raw.split())
    if len(note) > MAX_NOTE:
        raise InvalidInputError(
            "at most {limit} characters", field="note", params={"limit": MAX_NOTE}
        )
    return note or None
