"""Privacy notice use cases: publish a complete notice, list what was published."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.notices import Notice, parse_notice
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.vault import Vault


def publish_notice(vault: Vault, actor: Actor, document: Mapping[str, Any]) -> StoredNotice:
    """A notice missing any PIPL Art. 17 element is refused; a version is published once."""
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.NOTICE_PUBLISH)
        notice = parse_notice(document)
        stored = store_notice(vault, uow, actor, notice)
        uow.commit()
        return stored


def store_notice(vault: Vault, uow: UnitOfWork, actor: Actor, notice: Notice) -> StoredNotice:
    if uow.installation.notice(notice.version) is not None:
        raise InvalidInputError(
            "version {version} is already published; a published "
            "notice never changes, give the new text a new version",
            field="version",
            params={"version": notice.version},
        )
    stored = StoredNotice(
        notice.version,
        json.dumps(notice.as_document(), ensure_ascii=False),
        notice.sha256,
        notice.is_material,
        vault.clock(),
        actor.name,
    )
    uow.installation.add_notice(stored)
    uow.audit.append(
        [auditing.event(vault, actor, Action.NOTICE_PUBLISH, reason=f"notice {notice.version}")]
    )
    return stored


def list_notices(vault: Vault, actor: Actor) -> list[StoredNotice]:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.NOTICE_READ)
        return uow.installation.notices()


def get_notice(vault: Vault, actor: Actor, version: str) -> Notice:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.NOTICE_READ)
        stored = uow.installation.notice(version.strip())
        if stored is None:
            raise NotFoundError(
                "no notice with version {version}; see privault notices list",
                params={"version": version},
            )
        return as_notice(stored)


def as_notice(stored: StoredNotice) -> Notice:
    return parse_notice(json.loads(stored.document))
