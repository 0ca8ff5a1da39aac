"""Expired one-time codes leave the database, and what was written for a person leaves the
disk once it is no longer needed: answer packages after a short expiry, and the outbox's copies
of sent messages once the codes in them are dead. A hash or a file nobody can use is data kept
without need."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from privault.domain.policy import Action, Actor
from privault.domain.verification import CODE_TTL
from privault.infra.sms import KeptMessages
from privault.services.requests.files import answer_folder
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

# Longer than the one-hour sending limit, which counts the codes sent in the last hour.
KEEP_EXPIRED = timedelta(days=1)
# The officer hands an answer over within a week of completing the request; after that the
# person asks again (nothing is lost: the record itself stays).
ANSWER_LIFETIME = timedelta(days=7)
# The longest a code sent by message lives; a code with a longer life raises this.
MESSAGE_LIFETIME = CODE_TTL


def purge_expired_codes(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        purged = uc.uow.codes.purge_expired(uc.now - KEEP_EXPIRED)
        answers = _purge_answers(uc)
        messages = _expire_messages(uc)
        reason = (
            f"purged {purged} expired one-time codes, {answers} expired answer files and "
            f"{messages} sent messages"
        )
        uc.record(Action.HOUSEKEEPING, reason=reason)
        uc.commit()
    return {"codes_purged": purged, "answer_files_purged": answers, "messages_purged": messages}


def _purge_answers(uc: UseCase) -> int:
    """The folders of requests closed longer ago than ANSWER_LIFETIME; a folder whose request
    is still open (or being written) stays."""
    root = uc.vault.settings.home / "requests"
    if not root.is_dir():
        return 0
    removed = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        row = uc.uow.requests.get(folder.name)
        if row is None or row.closed_at is None or row.closed_at > uc.now - ANSWER_LIFETIME:
            continue
        removed += _remove_folder(answer_folder(uc.vault, row.id))
    return removed


def _remove_folder(folder: Path) -> int:
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return files


def _expire_messages(uc: UseCase) -> int:
    outbox = uc.vault.sms
    if not isinstance(outbox, KeptMessages):
        return 0
    return outbox.expire(uc.now - MESSAGE_LIFETIME)
