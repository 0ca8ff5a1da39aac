"""The portability format (PIPL Art. 45, GDPR Art. 20): one customer as versioned JSON that
another installation of privault (or any program reading docs/portability.md) can import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from privault.domain.errors import InvalidInputError

FORMAT = "privault.portability"
VERSION = 1
MAX_FIELDS = 200  # far above any catalog; refuses a file that is not one customer


@dataclass(frozen=True)
class PortableConsent:
    purpose: str
    action: str  # grant or withdraw
    at: str  # ISO 8601, UTC
    notice_version: str
    notice_sha256: str
    channel: str
    given_by: str


@dataclass(frozen=True)
class PortableTransaction:
    kind: str
    amount_cents: int | None
    currency: str | None
    item: str | None
    store: str
    at: str


@dataclass(frozen=True)
class PortableCustomer:
    """What an import takes from a portability file; the rest is for the person to read."""

    values: dict[str, str]
    granted: tuple[str, ...]  # purposes whose last consent event is a grant, in ledger order
    regimes: tuple[str, ...] = ()
    is_sharing_opted_out: bool = False


def build_document(
    *,
    customer_id: str,
    exported_at: datetime,
    industry: str,
    values: Mapping[str, str],
    consents: Sequence[PortableConsent],
    regimes: Sequence[str],
    is_sharing_opted_out: bool,
    transactions: Sequence[PortableTransaction] = (),
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "source": {"system": "privault", "industry": industry, "customer_id": customer_id},
        "customer": dict(sorted(values.items())),
        "consents": [vars(c) for c in consents],
        "regimes": list(regimes),
        "is_sharing_opted_out": is_sharing_opted_out,
        "transactions": [vars(t) for t in transactions],
    }


def is_portability_document(document: Any) -> bool:
    return isinstance(document, Mapping) and document.get("format") == FORMAT


def parse_document(document: Any) -> PortableCustomer:
    """Refuses another format or a later version by name; values are validated by the import."""
    if not is_portability_document(document):
        raise InvalidInputError(
            'not a portability file: "format" must be "{format}"',
            field="format",
            params={"format": FORMAT},
        )
    if document.get("version") != VERSION:
        raise InvalidInputError(
            "version {version} is not supported; this privault reads version {supported}",
            field="version",
            params={"version": repr(document.get("version")), "supported": VERSION},
        )
    return PortableCustomer(
        values=_values(document.get("customer")),
        granted=_granted(document.get("consents", [])),
        regimes=tuple(_strings(document.get("regimes", []), "regimes")),
        is_sharing_opted_out=document.get("is_sharing_opted_out") is True,
    )


def _values(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not raw:
        raise InvalidInputError(
            "give the customer's fields as an object of key: value", field="customer"
        )
    if len(raw) > MAX_FIELDS:
        raise InvalidInputError(
            "at most {limit} fields", field="customer", params={"limit": MAX_FIELDS}
        )
    values: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise InvalidInputError("each value must be a string", field=str(key))
        values[str(key)] = value
    return values


def _granted(raw: Any) -> tuple[str, ...]:
    """The last event per purpose decides, as in the ledger."""
    if not isinstance(raw, list):
        raise InvalidInputError("give the consents as a list", field="consents")
    state: dict[str, bool] = {}
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or item.get("action") not in ("grant", "withdraw"):
            raise InvalidInputError(
                "entry {number} needs a purpose and an action (grant or withdraw)",
                field="consents",
                params={"number": number},
            )
        purpose = item.get("purpose")
        if not isinstance(purpose, str) or not purpose.strip():
            raise InvalidInputError(
                "entry {number} needs a purpose", field="consents", params={"number": number}
            )
        state[purpose.strip()] = item["action"] == "grant"
    return tuple(p for p, granted in state.items() if granted)


def _strings(raw: Any, field: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise InvalidInputError("give a list of strings", field=field)
    return list(raw)
