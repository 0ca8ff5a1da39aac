"""Whether one customer's data may go to a partner now: the per-customer checks of a disclosure,
and the yearly count of people sent abroad against the small-volume exemption."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from privault.domain.catalog import Catalog
from privault.domain.partners import (
    CROSS_BORDER_PURPOSE,
    SMALL_VOLUME_LIMIT,
    THRESHOLD_ALERT_SHARE,
    Agreement,
    Partner,
    PartnerRole,
    TransferRoute,
)
from privault.domain.policy import RESTRICTED

# Why a customer was left out, as English templates the pages translate (partners.po).
SKIP_UNKNOWN = "no such customer"
SKIP_INACTIVE = "the customer's record is {status}; nothing of it is shared"
SKIP_RESTRICTED = "processing is restricted (PIPL Art. 44, GDPR Art. 18)"
SKIP_OPTED_OUT = "opted out of sale or sharing (CCPA §1798.120)"
SKIP_NO_CONSENT = "no separate consent to {purpose}"
SKIP_NO_BASIS = "no consent to {purpose}"
ACTIVE = "active"
SKIP_TEMPLATES = (
    SKIP_UNKNOWN,
    SKIP_INACTIVE,
    SKIP_RESTRICTED,
    SKIP_OPTED_OUT,
    SKIP_NO_CONSENT,
    SKIP_NO_BASIS,
)


def skip_parts(reason: str) -> tuple[str, dict[str, str]]:
    """A reason as its template and values, for a page to translate whole; a reason of no
    known template comes back as it is."""
    for template in SKIP_TEMPLATES:
        head, brace, rest = template.partition("{")
        if not brace:
            if reason == template:
                return template, {}
            continue
        name, _, tail = rest.partition("}")
        if reason.startswith(head) and reason.endswith(tail) and len(reason) > len(head + tail):
            return template, {name: reason[len(head) : len(reason) - len(tail)]}
    return reason, {}


@dataclass(frozen=True)
class Facts:
    """What the checks need of one customer; no personal value."""

    status: str
    is_sharing_opted_out: bool
    consents: Set[str]


def skip_reason(
    facts: Facts | None, partner: Partner, agreement: Agreement, catalog: Catalog
) -> str | None:
    """None when this customer's data may go to the partner under the agreement."""
    if facts is None:
        return SKIP_UNKNOWN
    if facts.status == RESTRICTED:
        return SKIP_RESTRICTED
    if facts.status != ACTIVE:
        return SKIP_INACTIVE.format(status=facts.status)
    return _consent_gap(facts, partner, agreement, catalog)


def _consent_gap(
    facts: Facts, partner: Partner, agreement: Agreement, catalog: Catalog
) -> str | None:
    """An entrusted processor needs only the basis of the purpose itself (Art. 21); another
    controller the separate consent and no opt-out (Art. 23, CCPA); abroad, Art. 39's consent."""
    purpose = catalog.purpose(agreement.terms.purpose)
    if partner.role is PartnerRole.CONTROLLER:
        if facts.is_sharing_opted_out:
            return SKIP_OPTED_OUT
        if purpose.key not in facts.consents:
            return SKIP_NO_CONSENT.format(purpose=purpose.key)
    elif purpose.needs_consent and purpose.key not in facts.consents:
        return SKIP_NO_BASIS.format(purpose=purpose.key)
    if partner.is_foreign and CROSS_BORDER_PURPOSE not in facts.consents:
        return SKIP_NO_CONSENT.format(purpose=CROSS_BORDER_PURPOSE)
    return None


def passes_small_volume(route: TransferRoute | None, people_this_year: int) -> bool:
    """Fewer than the limit, this year with the share included; other routes carry no count
    of ours."""
    return route is not TransferRoute.SMALL_VOLUME or people_this_year < SMALL_VOLUME_LIMIT


def sensitive_under_exemption(
    route: TransferRoute | None, fields: Iterable[str], catalog: Catalog
) -> list[str]:
    """The sensitive fields of a share made under the small-volume exemption, which covers
    only non-sensitive personal information (2024 Provisions, Art. 5(4)); none under another
    route."""
    if route is not TransferRoute.SMALL_VOLUME:
        return []
    return [key for key in fields if catalog.field(key).is_sensitive]


def nears_threshold(people_this_year: int) -> bool:
    return people_this_year >= SMALL_VOLUME_LIMIT * THRESHOLD_ALERT_SHARE
