"""Partners and their agreements: who receives data, under which terms, and the checks input
must pass before anything is kept (PIPL Art. 21, 23, 38-39; GB/T 35273-2020 9.1-9.2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from privault.domain.catalog import Catalog
from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError

HOME_COUNTRY = "CN"  # the shop's own jurisdiction: a recipient elsewhere is a transfer abroad
# The separate consent a foreign recipient needs (PIPL Art. 39), as a catalog purpose.
CROSS_BORDER_PURPOSE = "cross_border_transfer"
EXPIRY_NOTICE_DAYS = 30  # an agreement ending within this many days raises an alert
CERTIFICATE_GRACE_DAYS = 30  # after termination, the partner's deletion certificate is due
# A partner asked to delete an erased customer's copy confirms within this many days, or alerts.
DELETION_CONFIRM_DAYS = 15
MAX_TEXT = 400


class PartnerRole(StrEnum):
    """An entrusted processor acts for the shop (Art. 21); a controller decides for itself
    (Art. 23) and so needs the customer's separate consent."""

    PROCESSOR = "processor"
    CONTROLLER = "controller"


class TransferRoute(StrEnum):
    """The legal route of a transfer abroad (2024 Provisions on Cross-Border Data Flows)."""

    CONTRACT_NECESSITY = "contract_necessity"  # exempt: needed for a contract with the person
    SMALL_VOLUME = "small_volume"  # exempt: under 100,000 people's non-sensitive data a year
    STANDARD_CONTRACT = "standard_contract"
    CERTIFICATION = "certification"
    SECURITY_ASSESSMENT = "security_assessment"


# The exemption for small volumes holds below this many people a calendar year; privault alerts
# from `THRESHOLD_ALERT_SHARE` of it, and refuses a share that would pass it under that route.
SMALL_VOLUME_LIMIT = 100_000
THRESHOLD_ALERT_SHARE = 0.8


class AgreementStatus(StrEnum):
    PENDING = "pending"  # not started yet
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    role: PartnerRole
    country: str  # ISO 3166 alpha-2
    contact: str

    @property
    def is_foreign(self) -> bool:
        return self.country != HOME_COUNTRY


@dataclass(frozen=True)
class AgreementTerms:
    """What an agreement allows, as the privacy officer enters it."""

    purpose: str
    fields: tuple[str, ...]
    scope: str
    confidentiality: str
    security: str
    starts_on: date
    expires_on: date
    deletes_on_termination: bool = True
    route: TransferRoute | None = None
    assessment_ref: str | None = None
    assessment_approved_on: date | None = None


@dataclass(frozen=True)
class Agreement:
    id: str
    partner_id: str
    terms: AgreementTerms
    terminated_on: date | None = None
    certificate_ref: str | None = None
    certificate_on: date | None = None

    def status(self, today: date) -> AgreementStatus:
        if self.terminated_on is not None:
            return AgreementStatus.TERMINATED
        if today < self.terms.starts_on:
            return AgreementStatus.PENDING
        if today > self.terms.expires_on:
            return AgreementStatus.EXPIRED
        return AgreementStatus.ACTIVE


def text(value: str | None, field: str, *, required: bool = True) -> str:
    refuse_control_characters(value or "", field=field)
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInputError("is required; enter it", field=field)
    if len(cleaned) > MAX_TEXT:
        raise InvalidInputError(
            "is longer than {limit} characters; shorten it", field=field, params={"limit": MAX_TEXT}
        )
    return cleaned


def parse_role(value: str) -> PartnerRole:
    try:
        return PartnerRole(value.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "must be one of {known}", field="role", params={"known": _known(PartnerRole)}
        ) from None


def parse_country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidInputError(
            "must be a two-letter country code such as CN, HK or DE", field="country"
        )
    return code


def parse_route(value: str | None) -> TransferRoute | None:
    if not (value or "").strip():
        return None
    try:
        return TransferRoute((value or "").strip().lower())
    except ValueError:
        raise InvalidInputError(
            "must be one of {known}", field="route", params={"known": _known(TransferRoute)}
        ) from None


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError("must be a date like 2026-12-31", field=field) from None


def _known(kind: Iterable[StrEnum]) -> str:
    return ", ".join(k.value for k in kind)


def check_terms(terms: AgreementTerms, partner: Partner, catalog: Catalog) -> None:
    """An agreement is kept only when it can lawfully be used as written."""
    purpose = catalog.purpose(terms.purpose)
    if not terms.fields:
        raise InvalidInputError("name at least one catalog field", field="fields")
    for key in terms.fields:
        catalog.field(key)
    if terms.expires_on < terms.starts_on:
        raise InvalidInputError("must not be before the start date", field="expires_on")
    if partner.role is PartnerRole.CONTROLLER and not purpose.needs_separate_consent:
        raise InvalidInputError(
            "provision to another controller needs a purpose with separate consent (PIPL "
            "Art. 23); {purpose} has none",
            field="purpose",
            params={"purpose": purpose.key},
        )
    if partner.is_foreign:
        _check_cross_border(terms, catalog)


def _check_cross_border(terms: AgreementTerms, catalog: Catalog) -> None:
    if CROSS_BORDER_PURPOSE not in catalog.purposes:
        raise InvalidInputError(
            "a recipient abroad needs the customer's separate consent to {purpose} (PIPL "
            "Art. 39), which this catalog lacks; add that purpose first",
            field="country",
            params={"purpose": CROSS_BORDER_PURPOSE},
        )
    if not terms.assessment_ref or terms.assessment_approved_on is None:
        raise InvalidInputError(
            "a recipient abroad needs an approved impact assessment (PIPL Art. 55); enter "
            "its reference and approval date",
            field="assessment_ref",
        )


def fields_not_covered(agreement: Agreement, fields: Iterable[str]) -> list[str]:
    allowed = set(agreement.terms.fields)
    return [f for f in fields if f not in allowed]


def split_fields(value: str | Iterable[str]) -> tuple[str, ...]:
    parts = value.replace(",", " ").split() if isinstance(value, str) else value
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class DeletionNotice:
    """A partner asked to delete what it received of an erased customer (PIPL Art. 47, GDPR
    Art. 17(2) and 19): the fields disclosed, never a value; pending until confirmed."""

    id: str
    partner_id: str
    customer_id: str
    request_id: str | None
    fields: tuple[str, ...]
    sent_at: datetime
    confirmed_at: datetime | None = None
    confirmed_by: str | None = None
    reference: str | None = None

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None
