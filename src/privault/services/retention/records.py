"""Retention settings, past runs and their destruction certificates."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.retention import (
    DEFAULT_INACTIVE_DAYS,
    INACTIVE_DAYS_KEY,
    RetentionRules,
    RetentionRun,
    parse_inactive_days,
    rules_for,
)
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass
class Progress:
    """What a run has done so far; kept in the run's row so that a rerun continues it."""

    batches: int = 0
    erased: int = 0
    fields_removed: int = 0
    purposes: dict[str, int] = field(default_factory=dict)

    def dumps(self) -> str:
        return json.dumps({"progress": asdict(self)}, sort_keys=True)

    @classmethod
    def loads(cls, text: str | None) -> Progress:
        if not text:
            return cls()
        return cls(**json.loads(text)["progress"])


def inactive_days(uow: UnitOfWork) -> int:
    stored = uow.installation.get(INACTIVE_DAYS_KEY)
    return DEFAULT_INACTIVE_DAYS if stored is None else int(stored)


def current_rules(vault: Vault, uow: UnitOfWork) -> RetentionRules:
    return rules_for(vault.catalog(uow), inactive_days(uow))


def set_inactive_days(vault: Vault, actor: Actor, days: int | str) -> int:
    """At least a year: a shorter period would erase customers who merely visit once a year."""
    parsed = parse_inactive_days(days)
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        before = inactive_days(uc.uow)
        uc.uow.installation.put(INACTIVE_DAYS_KEY, str(parsed))
        uc.record(
            Action.RETENTION_RUN, reason=f"inactive period set from {before} to {parsed} days"
        )
        uc.commit()
        return parsed


def list_runs(vault: Vault, actor: Actor) -> list[RetentionRun]:
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        runs = uc.uow.retention.runs()
        uc.record(Action.RETENTION_RUN, reason="runs listed")
        uc.commit()
        return runs


def get_certificate(vault: Vault, actor: Actor, run_id: str) -> dict[str, Any]:
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        text = _certificate_text(uc.uow, run_id)
        uc.record(Action.RETENTION_RUN, reason=f"certificate of run {run_id} read")
        uc.commit()
        certificate: dict[str, Any] = json.loads(text)
        return certificate


def _certificate_text(uow: UnitOfWork, run_id: str) -> str:
    found = uow.retention.get(run_id)
    if found is None:
        raise NotFoundError(
            "no retention run {id} (privault retention runs)", params={"id": run_id}
        )
    run, text = found
    if run.certificate_sha256 is None or text is None:
        raise NotFoundError(
            "run {id} has no certificate: a dry run changes nothing"
            if run.is_dry_run
            else "run {id} has no certificate: it has not finished yet",
            params={"id": run_id},
        )
    return text


def certificate_path(vault: Vault, run_id: str) -> Path:
    return vault.settings.home / "retention" / f"certificate-{run_id}.json"


def write_certificate(vault: Vault, run_id: str, text: str) -> Path:
    """Readable by this OS user only; a rewrite of the same run replaces the file."""
    path = certificate_path(vault, run_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def retention_rules(vault: Vault, actor: Actor) -> RetentionRules:
    """The inactivity period and each consent purpose's retention, for the settings page."""
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        return current_rules(uc.vault, uc.uow)
