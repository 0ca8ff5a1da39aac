"""What happens to free text holding personal data: refused with where the value belongs, or
masked, as the installation chooses. The refusal never echoes the value."""

from __future__ import annotations

from enum import StrEnum

from privault.domain.errors import InvalidInputError
from privault.domain.free_text.findings import Finding, Kind
from privault.domain.free_text.scanner import scan


class OnFound(StrEnum):
    REFUSE = "refuse"
    MASK = "mask"


# One whole sentence per kind, so each is translated whole (web/locale/zh/.../free_text.po).
REFUSALS: dict[Kind, str] = {
    Kind.MOBILE: (
        "holds what looks like a mobile number; a mobile belongs in the mobile field, "
        "not in free text: remove it"
    ),
    Kind.RESIDENT_ID: (
        "holds what looks like a resident ID number; an ID number belongs in the ID number "
        "field, not in free text: remove it"
    ),
    Kind.BANK_CARD: (
        "holds what looks like a bank card number; a card number belongs in the bank card "
        "field, not in free text: remove it"
    ),
    Kind.PLATE: (
        "holds what looks like a licence plate; a plate belongs in the plate number field, "
        "not in free text: remove it"
    ),
    Kind.EMAIL: (
        "holds what looks like an email address; an email belongs in the email field, "
        "not in free text: remove it"
    ),
    Kind.ADDRESS: (
        "holds what looks like a street address; an address belongs in the address field, "
        "not in free text: remove it"
    ),
}
_MASK = "*"


def screen(text: str, *, field: str, on_found: OnFound = OnFound.REFUSE) -> str:
    """`text` unchanged when it holds no personal value; otherwise refused naming the first kind
    found and the field, or returned with every finding masked."""
    findings = scan(text)
    if not findings:
        return text
    if on_found is OnFound.REFUSE:
        raise InvalidInputError(REFUSALS[findings[0].kind], field=field)
    return masked(text, findings)


def masked(text: str, findings: list[Finding]) -> str:
    """Each finding replaced by as many stars as it has characters, so the note keeps its shape
    and a reader sees that something was there."""
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts += [text[position : finding.start], _MASK * (finding.end - finding.start)]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
