"""Privacy notice use cases: publish a complete notice, list what was published."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from privault.db.installation import StoredNotice
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.notices import Notice, parse_notice
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def publish_notice(vault: Vault, actor: Actor, document: Mapping[str, Any]) -> StoredNotice:
    """A notice missing any PIPL Art. 17 element is refused; a version is published once."""
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_PUBLISH)
        stored = add_notice(uc, parse_notice(document))
        uc.commit()
        return stored


def add_notice(uc: UseCase, notice: Notice) -> StoredNotice:
    """In the caller's use case, after its policy check."""
    if uc.uow.installation.notice(notice.version) is not None:
        raise InvalidInputError(
            "version {version} is already published; a published "
            "notice never changes, give the new text a new version",
            field="version",
            params={"version": notice.version},
        )
    document = json.dumps(notice.as_document(), ensure_ascii=False)
    stored = StoredNotice(
        notice.version, document, notice.sha256, notice.is_material, uc.now, uc.actor.name
    )
    uc.uow.installation.add_notice(stored)
    uc.record(Action.NOTICE_PUBLISH, reason=f"notice {notice.version}")
    return stored


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
