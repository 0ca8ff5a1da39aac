"""What the console's frame shows around every page, read together in one read-only unit of
work per request: the actions the signed-in staff member's roles allow (the menu, the buttons),
the catalog's names and the shop's time zone. Each comes from a per-process cache checked
against the settings stamp, so the read costs one primary-key lookup; read one by one, a page
paid a unit of work (a pooled connection, a round trip) for each of them."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.policy import Action, Actor
from privault.services.installation.catalog_names import CatalogNames, names_of
from privault.services.staff.role_matrix import granted
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class ConsoleFrame:
    allowed: frozenset[Action]  # what the roles grant, for showing; the policy still decides
    names: CatalogNames
    zone: str  # the shop's time zone, for showing times


def console_frame(vault: Vault, actor: Actor) -> ConsoleFrame:
    with use_case(vault, actor, read_only=True) as uc:
        return ConsoleFrame(
            granted(actor, uc.roles),
            names_of(uc.catalog),
            uc.vault.opening_hours(uc.uow).zone,
        )
