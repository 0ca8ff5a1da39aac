"""The answer files of an access, copy or portability request, handed to the privacy officer
for the customer: listed by name, read one at a time, each read audited."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.requests import RequestStatus, RequestType
from privault.services.requests.records import load, record_step
from privault.services.use_case import use_case
from privault.services.vault import Vault

DOWNLOAD = "request.download"
PACKAGE_TYPES = frozenset({RequestType.ACCESS, RequestType.COPY, RequestType.PORTABILITY})


@dataclass(frozen=True)
class AnswerFile:
    name: str
    content: bytes


def list_answer_files(vault: Vault, actor: Actor, request_id: str) -> list[str]:
    """Names only; empty unless the request was answered with a package."""
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        uc.require(Action.REQUEST_FULFIL, customer_id=row.customer_id, store=row.store)
        if RequestType(row.type) not in PACKAGE_TYPES or row.status != RequestStatus.COMPLETED:
            return []
    folder = vault.settings.home / "requests" / row.id
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def read_answer_file(vault: Vault, actor: Actor, request_id: str, name: str) -> AnswerFile:
    """Only a file privault wrote for this request, by its exact name: no path is followed."""
    names = list_answer_files(vault, actor, request_id)
    if name not in names:
        raise NotFoundError(
            "request {id} has no answer file named {name}", params={"id": request_id, "name": name}
        )
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        content = (vault.settings.home / "requests" / row.id / name).read_bytes()
        record_step(uc, DOWNLOAD, row, f"answer file {name} downloaded for the customer")
        uc.commit()
    return AnswerFile(name, content)
