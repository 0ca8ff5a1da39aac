"""The installation's choice for a personal value found in free text, and the check of a note
outside the catalog (a request's note), so every door applies the same rule."""

from __future__ import annotations

from privault.domain.free_text.screening import OnFound, screen
from privault.services.vault import Vault


def on_found(vault: Vault) -> OnFound:
    """`PRIVAULT_FREE_TEXT_FOUND`: refuse (the default) or mask."""
    return OnFound(vault.settings.free_text_found)


def screen_note(vault: Vault, text: str, *, field: str) -> str:
    return screen(text, field=field, on_found=on_found(vault))
