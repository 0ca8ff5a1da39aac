"""The privacy choices a customer makes in one step: which purposes each one ends, and when a
Global Privacy Control signal counts."""

from __future__ import annotations

from collections.abc import Iterable

from privault.domain.catalog import Catalog

# GDPR Art. 21(2)-(3): an objection to direct marketing ends all of it, profiling for it
# included, so personalised recommendations go with the messages. A shop's own marketing
# purpose counts when its key says so ("marketing_wechat").
DIRECT_MARKETING_PURPOSES = frozenset({"birthday_offers", "personalisation"})
MARKETING_PREFIX = "marketing"
GPC_HEADER = "sec-gpc"


def is_gpc_signal(value: str | None) -> bool:
    """The GPC specification defines one value, "1"; anything else is no signal."""
    return (value or "").strip() == "1"


def direct_marketing(catalog: Catalog, active: Iterable[str]) -> list[str]:
    """The customer's active purposes that are direct marketing and rest on consent."""
    return sorted(
        key
        for key in active
        if key in catalog.purposes
        and catalog.purposes[key].needs_consent
        and (key in DIRECT_MARKETING_PURPOSES or key.startswith(MARKETING_PREFIX))
    )


def sensitive_uses(catalog: Catalog, active: Iterable[str]) -> list[str]:
    """CCPA §1798.121: the purposes that use sensitive personal information beyond the service
    asked for are those that needed separate consent (单独同意); limiting ends them."""
    return sorted(
        key
        for key in active
        if key in catalog.purposes and catalog.purposes[key].needs_separate_consent
    )
