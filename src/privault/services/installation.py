"""Setting up an installation: key file, both databases, the industry preset and its notice."""

from __future__ import annotations

import json
from dataclasses import dataclass

from privault.config import Settings
from privault.db.migrate import upgrade
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import parse_catalog
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.domain.notices import parse_notice
from privault.domain.policy import Action, Actor
from privault.domain.requests import parse_regimes
from privault.presets import INDUSTRIES, load_preset, roles_text
from privault.services import auditing
from privault.services.notices import store_notice
from privault.services.request_records import DEFAULT_REGIMES_KEY
from privault.services.staff import FIRST_ACCOUNT_ROLES, NewCredentials, create_staff
from privault.services.vault import Clock, Vault, open_vault, utc_now


@dataclass(frozen=True)
class Installation:
    home: str
    industry: str
    notice_version: str
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
) -> Installation:
    """Idempotent for the same industry; switching industry on a live installation is refused.

    A new installation gets one account, `officer`, holding privacy_officer and admin.
    """
    if industry not in INDUSTRIES:
        raise InvalidInputError(
            "unknown industry; choose one of {choices}",
            field="industry",
            params={"choices": ", ".join(INDUSTRIES)},
        )
    preset = load_preset(industry)
    catalog_document = {k: preset[k] for k in ("industry", "fields", "purposes")}
    parse_catalog(catalog_document)
    chosen = " ".join(parse_regimes(regimes)) if regimes is not None else None
    had_key = settings.key_file.exists()
    vault = open_vault(settings, clock=clock, create=True)
    try:
        upgrade(vault.database)
        with vault.unit_of_work() as uow:
            current = uow.installation.get("industry")
            if current is not None and not had_key:
                settings.key_file.unlink()
                raise ConfigurationError(
                    "the databases hold an installation but its master key {path} "
                    "is missing; restore the key file (without it no customer can be read)",
                    params={"path": settings.key_file},
                )
            if current is not None and current != industry:
                raise ConfigurationError(
                    "this installation is already set up for {current}; "
                    "use a new PRIVAULT_HOME for {industry}",
                    params={"current": current, "industry": industry},
                )
            if current is not None:
                notices = uow.installation.notices()
                default = _set_default_regimes(vault, uow, chosen)
                uow.commit()
                return Installation(
                    str(settings.home), industry, notices[-1].version, False, None, default
                )
            if not (officer or "").strip():
                raise InvalidInputError(
                    "name the first account, the privacy officer: --officer NAME", field="officer"
                )
            uow.installation.put("industry", industry)
            uow.installation.put("roles", roles_text())
            uow.installation.put("catalog", json.dumps(catalog_document, ensure_ascii=False))
            default = tuple((chosen or "CN").split())
            uow.installation.put(DEFAULT_REGIMES_KEY, " ".join(default))
            notice = store_notice(vault, uow, SETUP, parse_notice(preset["notice"]))
            first = create_staff(
                vault,
                uow,
                officer or "",
                FIRST_ACCOUNT_ROLES,
                (),
                display_name=None,
                created_by=SETUP.name,
            )
            uow.audit.append(
                [
                    auditing.event(
                        vault,
                        SETUP,
                        Action.INSTALL,
                        reason=f"industry {industry}; first account {first.name}",
                    )
                ]
            )
            uow.commit()
            return Installation(str(settings.home), industry, notice.version, True, first, default)
    finally:
        vault.close()


def _set_default_regimes(vault: Vault, uow: UnitOfWork, chosen: str | None) -> tuple[str, ...]:
    """Changing the regimes new customers get on a live installation is audited."""
    current = uow.installation.get(DEFAULT_REGIMES_KEY)
    if chosen is not None and chosen != current:
        uow.installation.put(DEFAULT_REGIMES_KEY, chosen)
        uow.audit.append(
            [
                auditing.event(
                    vault, SETUP, Action.REGIMES_SET, reason=f"installation default {chosen}"
                )
            ]
        )
        current = chosen
    return tuple((current or "CN").split())
