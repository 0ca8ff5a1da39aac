"""Carrying out a verified data-subject request: one function per request type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from privault.db.unit_of_work import UnitOfWork
from privault.domain.policy import Actor
from privault.domain.requests import RequestType
from privault.services.vault import Vault


@dataclass(frozen=True)
class FulfilmentInput:
    request_id: str
    customer_id: str
    type: RequestType
    changes: Mapping[str, str] = field(default_factory=dict)  # correction, supplement
    purposes: tuple[str, ...] = ()  # withdraw_consent; empty: every consent-based purpose
    out_dir: Path | None = None  # access, copy, portability: where the package goes


@dataclass(frozen=True)
class Fulfilment:
    summary: str  # what was done, in words for the reply; never a personal value
    files: tuple[Path, ...] = ()
    fields: tuple[str, ...] = ()  # field keys disclosed or changed, for the audit event
    evidence_sha256: str | None = None  # of the package or record handed over


def carry_out(vault: Vault, uow: UnitOfWork, actor: Actor, job: FulfilmentInput) -> Fulfilment:
    """In the caller's transaction. The caller (requests.fulfil_request) has checked the
    policy, the request's status and the identity verification, and records the outcome."""
    raise NotImplementedError(f"fulfilment of {job.type.value} requests is being built")
