"""The answer files of an access, copy or portability request, handed to the privacy officer
for the customer: listed by name, opened under the customer's data key one at a time, each
read audited, and each handed over once (the file is removed when its download is recorded).
An erased customer's answers no longer open: their data key is gone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.requests import RequestStatus, RequestType
from privault.services.customers.records import existing_customer
from privault.services.customers.sealing import open_keys
from privault.services.requests.records import load, record_step
from privault.services.requests.sealed_answers import SUFFIX, answer_name, is_sealed, open_answer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

DOWNLOAD = "request.download"
PACKAGE_TYPES = frozenset({RequestType.ACCESS, RequestType.COPY, RequestType.PORTABILITY})


@dataclass(frozen=True)
class AnswerFile:
    name: str
    content: bytes


def answer_folder(vault: Vault, request_id: str) -> Path:
    return vault.settings.home / "requests" / request_id


def list_answer_files(vault: Vault, actor: Actor, request_id: str) -> list[str]:
    """Names only, as the person receives them; empty unless the request was answered with a
    package that is not handed over (or expired) yet."""
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        uc.require(Action.REQUEST_FULFIL, customer_id=row.customer_id, store=row.store)
        if RequestType(row.type) not in PACKAGE_TYPES or row.status != RequestStatus.COMPLETED:
            return []
    folder = answer_folder(vault, row.id)
    if not folder.is_dir():
        return []
    return sorted(answer_name(p) for p in folder.iterdir() if p.is_file() and is_sealed(p))


def read_answer_file(vault: Vault, actor: Actor, request_id: str, name: str) -> AnswerFile:
    """Only a file privault wrote for this request, by its exact name: no path is followed."""
    names = list_answer_files(vault, actor, request_id)
    if name not in names:
        raise NotFoundError(
            "request {id} has no answer file named {name}", params={"id": request_id, "name": name}
        )
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        path = answer_folder(vault, row.id) / f"{name}{SUFFIX}"
        content = _opened(uc, row.customer_id, path)
        step = f"answer file {name} downloaded for the customer and removed"
        record_step(uc, DOWNLOAD, row, step)
        uc.commit()
    path.unlink(missing_ok=True)
    return AnswerFile(name, content)


def open_answer_at(vault: Vault, actor: Actor, customer_id: str, path: Path) -> AnswerFile:
    """An answer written to a folder of the officer's choice (`out_dir`), opened for them and
    audited like a download; the sealed file stays where the officer put it."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.REQUEST_FULFIL, customer_id=row.id, store=row.store)
        content = _opened(uc, row.id, path)
        why = f"answer file {answer_name(path)} opened for the customer"
        uc.record(DOWNLOAD, customer_id=row.id, reason=why)
        uc.commit()
    return AnswerFile(answer_name(path), content)


def _opened(uc: UseCase, customer_id: str, path: Path) -> bytes:
    keys = open_keys(uc.vault, uc.uow, [customer_id])
    if customer_id not in keys:
        raise NotFoundError(
            "customer {id} was erased; the answers written for them can no longer be opened",
            params={"id": customer_id},
        )
    return open_answer(keys[customer_id], customer_id, path)
