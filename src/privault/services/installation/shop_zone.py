"""The shop's time zone, which every time shown to a person is given in (no personal data)."""

from __future__ import annotations

from privault.services.vault import Vault


def shop_zone(vault: Vault) -> str:
    """The zone of the opening hours: the settings name one zone for the whole shop."""
    with vault.unit_of_work(read_only=True) as uow:
        return vault.opening_hours(uow).zone
