"""Is this installation able to serve: both databases answer and it is set up."""

from __future__ import annotations

from dataclasses import dataclass

from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class Health:
    is_ready: bool
    detail: str


def check_health(vault: Vault) -> Health:
    with use_case(vault, ANONYMOUS) as uc:
        industry = uc.uow.installation.get("industry")
        uc.uow.data_keys.has_keys(["-"])  # the keystore answers
    if industry is None:
        return Health(False, "not set up: run privault init")
    return Health(True, "ok")
