"""Anti-forgery tokens for web forms: a random browser secret, signed with the installation's
form key, so a page from another site can neither read nor make one (signed double submit)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from privault.services.vault import Vault


def new_browser_secret() -> str:
    return secrets.token_urlsafe(32)


def form_token(vault: Vault, browser_secret: str) -> str:
    return hmac.new(vault.form_key, browser_secret.encode(), hashlib.sha256).hexdigest()


def is_genuine(vault: Vault, browser_secret: str | None, token: str | None) -> bool:
    if not (browser_secret and token and vault.form_key):
        return False
    return hmac.compare_digest(form_token(vault, browser_secret), token)
