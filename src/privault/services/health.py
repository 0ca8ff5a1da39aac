"""Is this installation able to serve: both databases answer and it is set up."""

from __future__ import annotations

from dataclasses import dataclass

from privault.services.vault import Vault


@dataclass(frozen=True)
class Health:
    is_ready: bool
    detail: str


def check_health(vault: Vault) -> Health:
    with vault.unit_of_work() as uow:
        industry = uow.installation.get("industry")
        uow.data_keys.has_keys(["-"])  # the keystore answers
    if industry is None:
        return Health(False, "not set up: run privault init")
    return Health(True, "ok")
