"""Everything held about one customer, gathered for a rights request, and the private files
an answer is written to (0600, never overwritten, sealed under the customer's data key, with a
digest of what is handed over as evidence)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from privault.crypto.envelope import DataKey
from privault.db.consents import LedgerEntry
from privault.db.customers import CustomerRow
from privault.db.partners import Recipient
from privault.db.subject_data import TransactionRecord
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, LawfulBasis, Purpose
from privault.domain.classes import PROFILING_PURPOSE, ClassProfile, class_profile
from privault.domain.consents import active_purposes
from privault.domain.errors import InvalidInputError
from privault.infra.private_files import open_private, write_private_bytes
from privault.services.customers.sealing import open_fields, open_keys
from privault.services.requests.package_ledgers import HeldAccounts, held_accounts
from privault.services.requests.sealed_answers import (
    SUFFIX,
    answer_name,
    is_sealed,
    seal_answer,
    sealed_digest,
)
from privault.services.vault import Vault

BASIS_ZH = {
    LawfulBasis.CONSENT: "您的同意",
    LawfulBasis.CONTRACT: "履行与您的合同所必需",
    LawfulBasis.LEGAL_OBLIGATION: "履行法定义务所必需",
}
BASIS_EN = {
    LawfulBasis.CONSENT: "your consent",
    LawfulBasis.CONTRACT: "necessary for the contract with you",
    LawfulBasis.LEGAL_OBLIGATION: "necessary for a legal obligation",
}


@dataclass(frozen=True)
class SubjectData:
    row: CustomerRow
    catalog: Catalog
    values: dict[str, str]  # in clear: this goes to the person it is about
    history: list[LedgerEntry]
    transactions: list[TransactionRecord]
    processor_zh: str
    processor_en: str
    key: DataKey  # the customer's data key: every answer file is sealed under it
    profile: ClassProfile | None = None  # the latest customer class and why (issue 16)
    disclosed_to: tuple[Recipient, ...] = ()  # partners that received their data (issue 19)
    accounts: HeldAccounts = field(
        default_factory=HeldAccounts
    )  # membership, points and stored value (issue 16)

    @property
    def active(self) -> list[Purpose]:
        granted = active_purposes(e.event for e in self.history)
        return [p for key, p in self.catalog.purposes.items() if key in granted]

    @property
    def regimes(self) -> list[str]:
        return self.row.regimes.split()

    @property
    def third_parties(self) -> list[str]:
        """Recipients on record: the third parties of the active sharing purposes."""
        named = {p.shares_with for p in self.active if p.shares_with}
        return sorted(named | {r.partner for r in self.disclosed_to})


def gather(vault: Vault, uow: UnitOfWork, row: CustomerRow) -> SubjectData:
    values = open_fields(vault, uow, [row.id]).get(row.id, {})
    processor_zh, processor_en = _processor(uow)
    return SubjectData(
        row=row,
        catalog=vault.catalog(uow),
        values=dict(sorted(values.items())),
        history=uow.consents.history(row.id),
        transactions=uow.subject_data.transactions(row.id),
        processor_zh=processor_zh,
        processor_en=processor_en,
        key=open_keys(vault, uow, [row.id])[row.id],
        profile=class_profile_of(uow, row.id),
        disclosed_to=tuple(uow.partners.recipients_of(row.id)),
        accounts=held_accounts(uow, row.id),
    )


def class_profile_of(uow: UnitOfWork, customer_id: str) -> ClassProfile | None:
    """The customer's latest class and why, while their consent to the profiling purpose
    stands (PIPL Art. 24): what the portal and an explanation tell them."""
    if PROFILING_PURPOSE not in uow.consents.active_for(customer_id):
        return None
    found = uow.classes.latest_for(customer_id)
    if found is None:
        return None
    run, placement = found
    return class_profile(run.quarter, run.rule, run.ranked, placement)


def _processor(uow: UnitOfWork) -> tuple[str, str]:
    """Who processes the data, as the latest published notice says it."""
    notices = uow.installation.notices()
    if not notices:
        return "本店", "this business"
    document = json.loads(notices[-1].document)
    return (
        " ".join(str(document["zh"]["processor"]).split()),
        " ".join(str(document["en"]["processor"]).split()),
    )


def money(record: TransactionRecord) -> str:
    if record.amount_cents is None:
        return ""
    sign = "-" if record.amount_cents < 0 else ""
    whole, cents = divmod(abs(record.amount_cents), 100)
    return f"{sign}{whole}.{cents:02d} {record.currency or ''}".strip()


def answer_dir(vault: Vault, request_id: str, out_dir: Path | None) -> Path:
    """Default: $PRIVAULT_HOME/requests/<request id>/, readable by this OS user only."""
    target = out_dir or vault.settings.home / "requests" / request_id
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    return target


def write_private(directory: Path, name: str, text: str) -> Path:
    path = _unclaimed(directory / name)
    with open_private(path) as handle:
        handle.write(text)
    return path


def write_sealed(data: SubjectData, directory: Path, name: str, text: str) -> Path:
    """`name` sealed under the customer's data key, as `<name>.sealed`; never overwritten."""
    path = _unclaimed(directory / f"{name}{SUFFIX}")
    write_private_bytes(path, seal_answer(data.key, data.row.id, name, text))
    return path


def _unclaimed(path: Path) -> Path:
    """The private writers refuse an existing file too (O_EXCL); this names the problem."""
    if path.exists():
        raise InvalidInputError(
            "{path} exists already; an answer is never overwritten: choose another folder",
            field="out_dir",
            params={"path": path},
        )
    return path


def remove_written(paths: Iterable[Path]) -> None:
    """A failed answer leaves no half package behind."""
    for path in paths:
        path.unlink(missing_ok=True)


def evidence_sha256(paths: Iterable[Path]) -> str:
    """SHA-256 over a sha256sum-style manifest ("<digest>  <name>" per file, sorted by name),
    so anyone can recompute it from the files handed over: a sealed file counts as the content
    it opens to, under the name the person receives."""
    named = sorted((answer_name(p), p) for p in paths)
    lines = [f"{_digest(p)}  {name}\n" for name, p in named]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _digest(path: Path) -> str:
    return sealed_digest(path) if is_sealed(path) else hashlib.sha256(path.read_bytes()).hexdigest()
