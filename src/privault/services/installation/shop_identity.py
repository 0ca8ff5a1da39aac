"""The shop's identity (business name, address, contacts, privacy officer): read and changed by
admins and privacy officers; the privacy notice is published again from it when it changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.db.installation import StoredNotice
from privault.domain.policy import Action, Actor
from privault.domain.shop import KEY_PREFIX, ShopIdentity, change_identity
from privault.services.consents.notice_changes import Tell, tell_customers, who_to_tell
from privault.services.consents.notices import notice_template, publish_in, shop_identity
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class IdentityChange:
    identity: ShopIdentity
    changed: tuple[str, ...]  # the settings whose value changed
    notice: StoredNotice | None  # the notice published from it, if one was


def get_shop_identity(vault: Vault, actor: Actor) -> ShopIdentity:
    # Not read-only: a refusal is recorded.
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        return shop_identity(uc.uow)


def set_shop_identity(vault: Vault, actor: Actor, changes: Mapping[str, str]) -> IdentityChange:
    """Every value checked before any is stored. Once the identity is complete, the notice is
    published again from it under a new version: a new officer's phone is not a material
    change, so customers are only told (PIPL Art. 17)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        change, told = apply_identity(uc, changes)
        uc.commit()
    tell_customers(vault, told)
    return change


def apply_identity(uc: UseCase, changes: Mapping[str, str]) -> tuple[IdentityChange, list[Tell]]:
    """In the caller's use case, after its policy check; the messages go after its commit."""
    before = shop_identity(uc.uow)
    after = change_identity(before, changes)
    changed = tuple(n for n, v in after.as_settings().items() if v != getattr(before, n))
    if not changed:
        return IdentityChange(after, changed, None), []
    for name in changed:
        uc.uow.installation.put(KEY_PREFIX + name, getattr(after, name))
    # Names only: the officer's name and contacts are a person's data.
    uc.record(Action.SHOP_SETTINGS, reason=f"changed: {', '.join(changed)}")
    notice, told = _republish(uc, after)
    return IdentityChange(after, changed, notice), told


def _republish(uc: UseCase, identity: ShopIdentity) -> tuple[StoredNotice | None, list[Tell]]:
    template = notice_template(uc.uow)
    if template is None or not identity.is_complete:
        return None, []
    published = {n.version for n in uc.uow.installation.notices()}
    base = str(template.get("version", "")).strip()
    document = {**template, "version": next_version(base, published), "material": False}
    document.pop("renew", None)
    stored = publish_in(uc, document, template=template)
    return stored, who_to_tell(uc, stored, identity.business_name)


def next_version(base: str, published: set[str]) -> str:
    """The template's own version when still free (the first notice of an installation set up
    without its identity), else `base.1`, `base.2`, ..."""
    if base not in published:
        return base
    n = 1
    while f"{base}.{n}" in published:
        n += 1
    return f"{base}.{n}"
