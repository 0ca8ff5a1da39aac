"""The seam where the partners area says whom each purpose's data goes to (issue 19, point 1).

Until partners and agreements exist this returns no recipient; at merge it reads the active
agreements (partner name and country per purpose) inside the caller's use case."""

from __future__ import annotations

from privault.domain.assessments_ropa import Recipient
from privault.services.use_case import UseCase


def recipients_by_purpose(uc: UseCase) -> dict[str, list[Recipient]]:
    """Purpose -> its recipients. A catalog purpose that names whom it shares with counts
    until the partners area records the agreement behind it."""
    return {
        p.key: [Recipient(p.shares_with)] for p in uc.catalog.purposes.values() if p.shares_with
    }
