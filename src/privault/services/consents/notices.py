"""Privacy notice use cases: publish a complete notice rendered from the shop's identity, list
what was published. A material change names the purposes whose consents must be renewed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.notices import (
    Notice,
    fill_identity,
    parse_notice,
    refuse_placeholders,
)
from privault.domain.policy import Action, Actor
from privault.domain.shop import KEY_PREFIX, ShopIdentity, identity_from
from privault.services.consents.notice_changes import tell_customers, who_to_tell
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

# The last notice document as written, before the shop's identity filled it in: a change of
# the identity publishes it again under a new version.
TEMPLATE_KEY = "notice.template"


def publish_notice(vault: Vault, actor: Actor, document: Mapping[str, Any]) -> StoredNotice:
    """A notice missing any PIPL Art. 17 element, or still holding a placeholder, is refused;
    a version is published once. Customers who consented to messages are told after commit."""
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_PUBLISH)
        stored = publish_in(uc, document)
        told = who_to_tell(uc, stored, shop_identity(uc.uow).business_name)
        uc.commit()
    tell_customers(vault, told)
    return stored


def publish_in(
    uc: UseCase, document: Mapping[str, Any], *, template: Mapping[str, Any] | None = None
) -> StoredNotice:
    """In the caller's use case, after its policy check: rendered from the shop's identity.
    `template`: what to fill in again at the next change of identity (default: `document`)."""
    notice = parse_notice(fill_identity(document, shop_identity(uc.uow)))
    refuse_placeholders(notice)
    stored = add_notice(uc, notice)
    keep = dict(template if template is not None else document)
    uc.uow.installation.put(TEMPLATE_KEY, json.dumps(keep, ensure_ascii=False))
    return stored


def keep_template(uc: UseCase, document: Mapping[str, Any]) -> None:
    """A notice to publish once the shop's identity is complete (a new installation)."""
    uc.uow.installation.put(TEMPLATE_KEY, json.dumps(dict(document), ensure_ascii=False))


def shop_identity(uow: UnitOfWork) -> ShopIdentity:
    return identity_from(uow.installation.settings_under(KEY_PREFIX))


def notice_template(uow: UnitOfWork) -> dict[str, Any] | None:
    stored = uow.installation.get(TEMPLATE_KEY)
    return dict(json.loads(stored)) if stored else None


def add_notice(uc: UseCase, notice: Notice) -> StoredNotice:
    """In the caller's use case, after its policy check. A material change with no purposes
    named renews every purpose that rests on consent (PIPL Art. 14(2))."""
    if uc.uow.installation.notice(notice.version) is not None:
        raise InvalidInputError(
            "version {version} is already published; a published "
            "notice never changes, give the new text a new version",
            field="version",
            params={"version": notice.version},
        )
    notice = _with_renewals(uc, notice)
    document = json.dumps(notice.as_document(), ensure_ascii=False)
    stored = StoredNotice(
        notice.version, document, notice.sha256, notice.is_material, uc.now, uc.actor.name
    )
    uc.uow.installation.add_notice(stored)
    uc.uow.consents.forget_renewals()
    renew = f"; consents to renew: {', '.join(notice.renew)}" if notice.renew else ""
    uc.record(Action.NOTICE_PUBLISH, reason=f"notice {notice.version}{renew}")
    return stored


def _with_renewals(uc: UseCase, notice: Notice) -> Notice:
    if not notice.is_material:
        return notice
    purposes = uc.catalog.purposes
    for key in notice.renew:
        uc.catalog.purpose(key)  # an unknown purpose is refused by name
    renew = notice.renew or tuple(sorted(k for k, p in purposes.items() if p.needs_consent))
    return replace(notice, renew=renew)


def list_notices(vault: Vault, actor: Actor) -> list[StoredNotice]:
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_READ)
        return uc.uow.installation.notices()


def get_notice(vault: Vault, actor: Actor, version: str) -> Notice:
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_READ)
        stored = uc.uow.installation.notice(version.strip())
        if stored is None:
            raise NotFoundError(
                "no notice with version {version}; see privault notices list",
                params={"version": version},
            )
        return as_notice(stored)


def as_notice(stored: StoredNotice) -> Notice:
    return parse_notice(json.loads(stored.document))
