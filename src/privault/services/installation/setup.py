"""Setting up an installation: key file, both databases, the industry preset and its notice."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privault.config import Settings
from privault.db.migrate import upgrade
from privault.domain.catalog import parse_catalog
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.domain.notices import parse_notice
from privault.domain.policy import Action, Actor
from privault.domain.requests import DEFAULT_REGIMES_KEY, parse_regimes
from privault.domain.shop import ShopIdentity, change_identity
from privault.infra.clock import Clock, utc_now
from privault.infra.private_files import close_to_others, private_folder
from privault.presets import INDUSTRIES, load_preset, roles_text
from privault.services.assessments.templates import start_preset_drafts
from privault.services.consents.notice_changes import tell_customers
from privault.services.consents.notices import keep_template
from privault.services.installation.shop_identity import apply_identity
from privault.services.staff.accounts import FIRST_ACCOUNT_ROLES, NewCredentials, create_staff
from privault.services.use_case import UseCase, use_case
from privault.services.vault import open_vault


@dataclass(frozen=True)
class Installation:
    home: str
    industry: str
    notice_version: str | None  # None until the shop's identity is complete
    is_new: bool
    officer: NewCredentials | None = None  # the first account, on a new installation only
    regimes: tuple[str, ...] = ("CN",)  # the default for new customers


# Nobody is signed in before the first account exists; the setup itself is the actor.
SETUP = Actor(name="setup", roles=frozenset({"setup"}))


def init_installation(
    settings: Settings,
    industry: str,
    *,
    officer: str | None,
    clock: Clock = utc_now,
    regimes: str | None = None,
    identity: Mapping[str, str] | None = None,
) -> Installation:
    """Idempotent for the same industry; switching industry on a live installation is refused.

    A new installation gets one account, `officer`, holding privacy_officer and admin. Its
    privacy notice is published once the shop's `identity` (business name, address, contacts,
    privacy officer) is complete, here or later with `privault settings`; until then no
    customer can be registered, since a consent must cite a notice that names the shop.
    """
    preset = _preset(industry)
    chosen = " ".join(parse_regimes(regimes)) if regimes is not None else None
    identity = dict(identity or {})
    change_identity(ShopIdentity(), identity)  # every value checked before anything is made
    close_home(settings.home)
    had_key = settings.key_file.exists()
    vault = open_vault(settings, clock=clock, create=True)
    try:
        upgrade(vault.database)
        with use_case(vault, SETUP) as uc:
            current = uc.uow.installation.get("industry")
            if current is None:
                return _install(uc, industry, preset, officer, chosen, identity)
            _check_existing(settings, current, industry, had_key=had_key)
            default = _set_default_regimes(uc, chosen)
            told = apply_identity(uc, identity)[1] if identity else []
            notices = uc.uow.installation.notices()
            uc.commit()
            tell_customers(vault, told)
            version = notices[-1].version if notices else None
            return Installation(str(settings.home), industry, version, False, None, default)
    finally:
        vault.close()


def close_home(home: Path) -> None:
    """The home and everything in it for this OS user only, whatever the umask; running
    `privault init` again closes what an older privault, or a looser umask, left open."""
    private_folder(home)
    for path in home.rglob("*"):
        close_to_others(path)


def _preset(industry: str) -> dict[str, Any]:
    """The industry's preset, its catalog checked before anything is created."""
    if industry not in INDUSTRIES:
        raise InvalidInputError(
            "unknown industry; choose one of {choices}",
            field="industry",
            params={"choices": ", ".join(INDUSTRIES)},
        )
    preset = load_preset(industry)
    parse_catalog(_catalog_document(preset))
    return preset


def _catalog_document(preset: dict[str, Any]) -> dict[str, Any]:
    return {k: preset[k] for k in ("industry", "fields", "purposes")}


def _check_existing(settings: Settings, current: str, industry: str, *, had_key: bool) -> None:
    """An installation is already here: it must have its key and the same industry."""
    if not had_key:
        settings.key_file.unlink()
        raise ConfigurationError(
            "the databases hold an installation but its master key {path} "
            "is missing; restore the key file (without it no customer can be read)",
            params={"path": settings.key_file},
        )
    if current != industry:
        raise ConfigurationError(
            "this installation is already set up for {current}; "
            "use a new PRIVAULT_HOME for {industry}",
            params={"current": current, "industry": industry},
        )


def _install(
    uc: UseCase,
    industry: str,
    preset: dict[str, Any],
    officer: str | None,
    chosen: str | None,
    identity: Mapping[str, str],
) -> Installation:
    """A new installation: settings, the preset's notice and the first account."""
    if not (officer or "").strip():
        raise InvalidInputError(
            "name the first account, the privacy officer: --officer NAME", field="officer"
        )
    put = uc.uow.installation.put
    put("industry", industry)
    put("roles", roles_text())
    put("catalog", json.dumps(_catalog_document(preset), ensure_ascii=False))
    start_preset_drafts(uc)  # the officer reviews and approves them before those purposes run
    default = tuple((chosen or "CN").split())
    put(DEFAULT_REGIMES_KEY, " ".join(default))
    parse_notice(preset["notice"])  # complete before anything is stored
    keep_template(uc, preset["notice"])
    notice = apply_identity(uc, identity)[0].notice if identity else None
    first = create_staff(
        uc.vault,
        uc.uow,
        officer or "",
        FIRST_ACCOUNT_ROLES,
        (),
        display_name=None,
        created_by=SETUP.name,
    )
    uc.record(Action.INSTALL, reason=f"industry {industry}; first account {first.name}")
    uc.commit()
    home = str(uc.vault.settings.home)
    version = notice.version if notice else None
    return Installation(home, industry, version, True, first, default)


def _set_default_regimes(uc: UseCase, chosen: str | None) -> tuple[str, ...]:
    """Changing the regimes new customers get on a live installation is audited."""
    current = uc.uow.installation.get(DEFAULT_REGIMES_KEY)
    if chosen is not None and chosen != current:
        uc.uow.installation.put(DEFAULT_REGIMES_KEY, chosen)
        uc.record(Action.REGIMES_SET, reason=f"installation default {chosen}")
        current = chosen
    return tuple((current or "CN").split())
