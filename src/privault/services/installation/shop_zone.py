"""The shop's time zone, which every time shown to a person is given in (no personal data)."""

from __future__ import annotations

from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


def shop_zone(vault: Vault) -> str:
    """The zone of the opening hours: the settings name one zone for the whole shop. Public:
    the portal and the sign-in page show times too."""
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return uc.vault.opening_hours(uc.uow).zone
