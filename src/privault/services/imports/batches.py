"""Bulk import of CSV and XLSX: streamed, validated per row, committed in bounded batches.

Sealing worker processes were measured and dropped: on two cores, writing is the bottleneck
and workers only added memory (bench/README.md).
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from privault.crypto.sealer import Sealer
from privault.db.imports import ImportProgress
from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel, parse_evidence
from privault.domain.errors import InvalidInputError
from privault.domain.identifiers import new_customer_id
from privault.domain.import_columns import ColumnPlan, ParsedRow, parse_row, plan_columns
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.registration import prepare_customer
from privault.infra.tabular import Row, fingerprint, read_rows, xlsx_row_count
from privault.services.customers.enrolment import (
    ConsentContext,
    NewCustomer,
    SealedNew,
    screen,
    seal,
    store,
)
from privault.services.customers.records import parse_guardian
from privault.services.requests.portability import read_portable, register_portable
from privault.services.use_case import UseCase, grouped, use_case
from privault.services.vault import Vault

Progress = Callable[[int, int | None], None]  # rows handled so far, total if known
Reject = tuple[int, str, str]  # row number, column as written, reason


@dataclass(frozen=True)
class ImportOptions:
    """The batch's consent as declared on the command line; rows may add their own."""

    notice_version: str | None = None
    purposes: tuple[str, ...] = ()
    evidence: str | None = None
    store: str | None = None
    reject_file: Path | None = None


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: int
    reject_file: str
    seconds: float
    resumed_from_row: int = 0


@dataclass(frozen=True)
class _Job:
    """Everything sealing a chunk needs, fixed for the whole run."""

    plan: ColumnPlan
    options: ImportOptions
    notices: dict[str, StoredNotice]
    collected_by: str
    default_store: str
    stores: frozenset[str]  # the importer's store scope; empty: every store
    today: date
    now: datetime


@dataclass
class _Sealed:
    accepted: list[tuple[int, SealedNew, ConsentContext]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def import_customers(
    vault: Vault, actor: Actor, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Rejected rows go to the reject file and store nothing; rerunning resumes after the
    last committed batch, so an interrupted import leaves whole rows only."""
    started = time.perf_counter()
    # One request id ties the whole run's audit events together.
    with grouped(str(uuid.uuid4())):
        if path.suffix.lower() == ".json":
            return _import_portable(vault, actor, path, options, started)
        return _import(vault, actor, path, options, progress, started)


def _import(
    vault: Vault,
    actor: Actor,
    path: Path,
    options: ImportOptions,
    progress: Progress | None,
    started: float,
) -> ImportReport:
    reject_path = options.reject_file or path.with_name(path.name + ".rejects.csv")
    rows = read_rows(path)
    sha, lines = fingerprint(path)
    total = xlsx_row_count(path) or lines
    job, catalog, state = _begin(vault, actor, path, options, rows, sha)
    resumed = state.rows_done
    chunks = _chunks(islice(rows, resumed, None), vault.settings.import_batch_rows)
    with _RejectWriter(reject_path, append=resumed > 0) as rejects:
        for size, sealed in _sealed_chunks(job, vault.sealer, catalog, chunks, resumed + 2):
            # One use case per batch: each commits its rows, so a rerun resumes after it.
            with use_case(vault, actor) as uc:
                state = _store_chunk(uc, job.plan, size, sealed, state, rejects)
            if progress:
                progress(state.rows_done, total)
    seconds = round(time.perf_counter() - started, 3)
    return ImportReport(state.imported, state.rejected, str(reject_path), seconds, resumed)


def _begin(
    vault: Vault, actor: Actor, path: Path, options: ImportOptions, rows: Iterator[Row], sha: str
) -> tuple[_Job, Catalog, ImportProgress]:
    """The policy check, the column plan from the header row, and the run's progress row:
    a rerun of the same file with the same options resumes it."""
    with use_case(vault, actor) as uc:
        store_name = options.store or vault.settings.default_store
        uc.require(Action.IMPORT, fields=[f"file:{path.name}"], store=store_name)
        job = _job(uc, plan_columns(uc.catalog, next(rows, [])), options)
        _check_notice(job)
        state = uc.uow.imports.start_or_resume(sha, _options_digest(options), uc.now)
        uc.commit()
        return job, uc.catalog, state


def _import_portable(
    vault: Vault, actor: Actor, path: Path, options: ImportOptions, started: float
) -> ImportReport:
    """A portability file (docs/portability.md) holds one customer: it is registered or
    refused as a whole, with the reason naming the field."""
    if not path.is_file():
        raise InvalidInputError(
            "cannot read {path}: no such file", field="file", params={"path": path}
        )
    portable = read_portable(path)
    if portable is None:
        raise InvalidInputError(
            'only portability files (format "privault.portability") can be imported as JSON',
            field="file",
        )
    register_portable(
        vault,
        actor,
        portable,
        notice_version=options.notice_version,
        purposes=options.purposes,
        evidence=options.evidence,
        store=options.store,
    )
    return ImportReport(1, 0, "", round(time.perf_counter() - started, 3))


def _job(uc: UseCase, plan: ColumnPlan, options: ImportOptions) -> _Job:
    notices = {n.version: n for n in uc.uow.installation.notices()}
    return _Job(
        plan,
        options,
        notices,
        uc.actor.name,
        uc.vault.settings.default_store,
        store_scope(uc.actor, uc.roles, Action.IMPORT),
        uc.now.date(),
        uc.now,
    )


def _check_notice(job: _Job) -> None:
    """A wrong or missing notice version would reject every row: refuse the file instead."""
    version = job.options.notice_version
    if version is not None and version.strip() not in job.notices:
        raise InvalidInputError(
            "no published notice has version '{version}'; published: {known}",
            field="notice",
            params={"version": version, "known": ", ".join(job.notices)},
        )
    if version is None and "notice" not in job.plan.meta.values():
        raise InvalidInputError(
            "say which privacy notice these customers saw: give --notice "
            "VERSION or a notice column",
            field="notice",
        )


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    """Ends with an empty chunk, which closes the run."""
    while chunk := list(islice(rows, size)):
        yield chunk
    yield []


def _store_chunk(
    uc: UseCase,
    plan: ColumnPlan,
    size: int,
    sealed: _Sealed,
    state: ImportProgress,
    rejects: _RejectWriter,
) -> ImportProgress:
    """Rejects are written before the commit: a crash in between repeats a line on the rerun
    rather than losing it."""
    groups = _without_duplicates(uc.uow, plan, sealed)
    for consent, group in groups.items():
        store(uc, Action.IMPORT, group, consent)
    state = ImportProgress(
        state.run_id,
        state.rows_done + size,
        state.imported + sum(len(g) for g in groups.values()),
        state.rejected + len(sealed.rejects),
        is_finished=size == 0,
    )
    uc.uow.imports.advance(state, finished_at=uc.now if state.is_finished else None)
    if state.is_finished:
        reason = f"import finished: {state.imported} imported, {state.rejected} rejected"
        uc.record(Action.IMPORT, reason=reason)
    rejects.write(sorted(sealed.rejects))
    uc.commit()
    return state


def _without_duplicates(
    uow: UnitOfWork, plan: ColumnPlan, sealed: _Sealed
) -> dict[ConsentContext, list[SealedNew]]:
    """The accepted rows by consent; a row duplicating a stored customer becomes a reject."""
    duplicates = screen(uow, [new for _, new, _ in sealed.accepted])
    groups: dict[ConsentContext, list[SealedNew]] = {}
    for number, new, consent in sealed.accepted:
        error = duplicates.get(new.id)
        if error is None:
            groups.setdefault(consent, []).append(new)
        else:
            sealed.rejects.append(
                (number, plan.headers.get(error.field, error.field), error.message)
            )
    return groups


def _sealed_chunks(
    job: _Job, sealer: Sealer, catalog: Catalog, chunks: Iterator[list[Row]], first_row: int
) -> Iterator[tuple[int, _Sealed]]:
    for chunk in chunks:
        yield len(chunk), seal_chunk(job, sealer, catalog, chunk, first_row)
        first_row += len(chunk)


def seal_chunk(
    job: _Job, sealer: Sealer, catalog: Catalog, chunk: list[Row], first_row: int
) -> _Sealed:
    result = _Sealed()
    contexts: dict[tuple[str, str | None], ConsentContext] = {}
    for number, cells in enumerate(chunk, start=first_row):
        parsed = parse_row(job.plan, cells)
        if not parsed.values:
            continue  # a blank line
        try:
            consent = _consent(job, parsed, contexts)
            guardian = parse_guardian(
                parsed.meta.get("guardian_name"), parsed.meta.get("guardian_relation")
            )
            prepared = prepare_customer(
                catalog,
                parsed.values,
                {*job.options.purposes, *parsed.purposes},
                guardian,
                today=job.today,
            )
        except InvalidInputError as error:
            column = job.plan.headers.get(error.field or "", error.field or "")
            result.rejects.append((number, column, error.reason))
            continue
        store_name = parsed.meta.get("store") or job.options.store or job.default_store
        if job.stores and store_name not in job.stores:
            column = job.plan.headers.get("store", "store")
            result.rejects.append((number, column, f"store {store_name} is outside your stores"))
            continue
        new = NewCustomer(
            new_customer_id(), prepared, store_name, guardian if prepared.is_minor else None
        )
        result.accepted.append(
            (number, seal(sealer, catalog, new, Channel.IMPORT, job.now), consent)
        )
    return result


def _consent(
    job: _Job, parsed: ParsedRow, cache: dict[tuple[str, str | None], ConsentContext]
) -> ConsentContext:
    version = parsed.meta.get("notice") or job.options.notice_version
    evidence = parse_evidence(parsed.meta.get("evidence") or job.options.evidence)
    if not version:
        raise InvalidInputError(
            "no notice version for this row: give --notice or a notice column", field="notice"
        )
    key = (version, evidence)
    if key not in cache:
        notice = job.notices.get(version.strip())
        if notice is None:
            raise InvalidInputError(
                "no published notice has version '{version}'; published: {known}",
                field="notice",
                params={"version": version, "known": ", ".join(job.notices)},
            )
        cache[key] = ConsentContext(notice, Channel.IMPORT, job.collected_by, evidence)
    return cache[key]


def _options_digest(options: ImportOptions) -> str:
    document = {
        "notice": options.notice_version,
        "purposes": sorted(options.purposes),
        "evidence": options.evidence,
        "store": options.store,
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


class _RejectWriter:
    """Row number, column and reason only: the rejected values stay in the source file."""

    def __init__(self, path: Path, *, append: bool) -> None:
        self._path = path
        self._append = append and path.exists()

    def __enter__(self) -> _RejectWriter:
        self._handle = self._path.open(
            "a" if self._append else "w", encoding="utf-8-sig", newline=""
        )
        self._writer = csv.writer(self._handle)
        if not self._append:
            self._writer.writerow(["row", "column", "reason"])
        return self

    def write(self, rejects: list[Reject]) -> None:
        self._writer.writerows(rejects)
        self._handle.flush()

    def __exit__(self, *exc: object) -> None:
        self._handle.close()
