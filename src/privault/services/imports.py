"""Bulk import of CSV and XLSX: streamed, validated per row, committed in bounded batches."""

from __future__ import annotations

import csv
import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from privault.db.imports import ImportProgress
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel
from privault.domain.errors import InvalidInputError
from privault.domain.import_columns import ColumnPlan, ParsedRow, parse_row, plan_columns
from privault.domain.policy import Action, Actor
from privault.domain.registration import prepare_customer
from privault.services import auditing
from privault.services.customers import parse_guardian
from privault.services.enrolment import (
    ConsentContext,
    NewCustomer,
    enrol,
    resolve_notice,
    screen,
)
from privault.services.tabular import Row, fingerprint, read_rows, xlsx_row_count
from privault.services.vault import Vault

Progress = Callable[[int, int | None], None]  # rows handled so far, total if known


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


@dataclass
class _Batch:
    accepted: list[tuple[int, NewCustomer, ConsentContext]] = field(default_factory=list)
    rejects: list[tuple[int, str, str]] = field(default_factory=list)


def import_customers(
    vault: Vault, actor: Actor, path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Rejected rows go to the reject file and store nothing; rerunning resumes after the
    last committed batch, so an interrupted import leaves whole rows only."""
    started = time.perf_counter()
    reject_path = options.reject_file or path.with_name(path.name + ".rejects.csv")
    rows = read_rows(path)
    sha, lines = fingerprint(path)
    total = xlsx_row_count(path) or lines
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.IMPORT, fields=[f"file:{path.name}"])
        catalog = vault.catalog(uow)
        plan = plan_columns(catalog, next(rows, []))
        state = uow.imports.start_or_resume(sha, _options_digest(options), vault.clock())
        uow.commit()
        resumed = state.rows_done
        rows = islice(rows, state.rows_done, None)
        with _RejectWriter(reject_path, append=resumed > 0) as rejects:
            while not state.is_finished:
                chunk = list(islice(rows, vault.settings.import_batch_rows))
                state = _import_batch(
                    vault, uow, catalog, actor, plan, options, chunk, state, rejects
                )
                if progress:
                    progress(state.rows_done, total)
        return ImportReport(
            state.imported,
            state.rejected,
            str(reject_path),
            round(time.perf_counter() - started, 3),
            resumed,
        )


def _import_batch(
    vault: Vault,
    uow: UnitOfWork,
    catalog: Catalog,
    actor: Actor,
    plan: ColumnPlan,
    options: ImportOptions,
    chunk: list[Row],
    state: ImportProgress,
    rejects: _RejectWriter,
) -> ImportProgress:
    """An empty chunk marks the end of the file and closes the run."""
    batch = _prepare(
        vault, uow, catalog, actor, plan, options, chunk, first_row=state.rows_done + 2
    )  # 1-based, after the header
    screening = screen(vault, uow, catalog, [new for _, new, _ in batch.accepted])
    accepted: dict[ConsentContext, list[NewCustomer]] = {}
    for number, new, consent in batch.accepted:
        error = screening.duplicates.get(new.id)
        if error is None:
            accepted.setdefault(consent, []).append(new)
        else:
            batch.rejects.append(
                (number, plan.headers.get(error.field, error.field), error.message)
            )
    for consent, group in accepted.items():
        enrol(vault, uow, actor, Action.IMPORT, group, consent, screening)
    state = ImportProgress(
        state.run_id,
        state.rows_done + len(chunk),
        state.imported + sum(len(g) for g in accepted.values()),
        state.rejected + len(batch.rejects),
        is_finished=not chunk,
    )
    uow.imports.advance(state, finished_at=vault.clock() if state.is_finished else None)
    if state.is_finished:
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.IMPORT,
                    reason=f"import finished: {state.imported} imported, {state.rejected} rejected",
                )
            ]
        )
    uow.commit()
    rejects.write(sorted(batch.rejects))
    return state


def _prepare(
    vault: Vault,
    uow: UnitOfWork,
    catalog: Catalog,
    actor: Actor,
    plan: ColumnPlan,
    options: ImportOptions,
    chunk: list[Row],
    *,
    first_row: int,
) -> _Batch:
    batch = _Batch()
    today = vault.clock().date()
    contexts: dict[str | None, ConsentContext] = {}
    for number, cells in enumerate(chunk, start=first_row):
        parsed = parse_row(plan, cells)
        if not parsed.values:
            continue  # a blank line
        try:
            consent = _consent(uow, options, parsed, actor, contexts)
            guardian = parse_guardian(
                parsed.meta.get("guardian_name"), parsed.meta.get("guardian_relation")
            )
            prepared = prepare_customer(
                catalog, parsed.values, {*options.purposes, *parsed.purposes}, guardian, today=today
            )
        except InvalidInputError as error:
            column = plan.headers.get(error.field or "", error.field or "")
            batch.rejects.append((number, column, error.reason))
            continue
        store = parsed.meta.get("store") or options.store or vault.settings.default_store
        new = NewCustomer(
            str(uuid.uuid4()), prepared, store, guardian if prepared.is_minor else None
        )
        batch.accepted.append((number, new, consent))
    return batch


def _consent(
    uow: UnitOfWork,
    options: ImportOptions,
    parsed: ParsedRow,
    actor: Actor,
    cache: dict[str | None, ConsentContext],
) -> ConsentContext:
    version = parsed.meta.get("notice") or options.notice_version
    evidence = parsed.meta.get("evidence") or options.evidence
    if not version:
        raise InvalidInputError(
            "no notice version for this row: give --notice or a notice column", field="notice"
        )
    key = f"{version}\x1f{evidence}"
    if key not in cache:
        cache[key] = ConsentContext(
            resolve_notice(uow, version), Channel.IMPORT, actor.name, evidence
        )
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

    def write(self, rejects: list[tuple[int, str, str]]) -> None:
        self._writer.writerows(rejects)
        self._handle.flush()

    def __exit__(self, *exc: object) -> None:
        self._handle.close()
