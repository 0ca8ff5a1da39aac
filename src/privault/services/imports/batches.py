"""Bulk import of CSV and XLSX: streamed, validated per row, committed in bounded batches.

A file is checked before its first row is stored (infra/tabular.py bounds what a hostile file
may make a worker read), and a run is bounded in time: past TIME_LIMIT_SECONDS it stops after
the batch at hand, and says, like a run that fails after committing batches, how many rows stay
and from which row rerunning the same import continues.

Sealing worker processes were measured and dropped: on two cores, writing is the bottleneck
and workers only added memory (bench/README.md).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from privault.crypto.sealer import Sealer
from privault.db.imports import ImportProgress
from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel, parse_evidence
from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.free_text.columns import SAMPLE_ROWS, refuse_misplaced_columns
from privault.domain.free_text.screening import OnFound
from privault.domain.identifiers import new_customer_id
from privault.domain.import_columns import (
    ColumnPlan,
    ParsedRow,
    parse_row,
    plan_columns,
    refuse_unconfirmed,
)
from privault.domain.import_mapping import Opening, parse_opening, reform
from privault.domain.import_progress import ImportStop, ImportStoppedError, out_of_time
from privault.domain.members import LevelRules
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.registration import ConsentAges, prepare_customer
from privault.infra.crash_points import crash_point
from privault.infra.tabular import Row, check_file, fingerprint, read_rows
from privault.infra.tabular_writer import CsvRows
from privault.services.customers.enrolment import (
    ConsentContext,
    NewCustomer,
    SealedNew,
    consent_ages,
    screen,
    seal,
    store,
)
from privault.services.customers.member_levels import level_rules
from privault.services.customers.records import parse_guardian
from privault.services.free_text.rule import on_found
from privault.services.imports.mappings import chosen_mapping, keep_mapping
from privault.services.imports.openings import (
    PURPOSE,
    Opened,
    open_accounts,
    require_openings,
)
from privault.services.requests.portability import read_portable, register_portable
from privault.services.use_case import UseCase, grouped, use_case
from privault.services.vault import Vault

Progress = Callable[[int, int | None], None]  # rows handled so far, total if known
Reject = tuple[int, str, str]  # row number, column as written, reason
# A run past this stops after its current batch: no worker is held for hours by one file.
TIME_LIMIT_SECONDS = 600.0


@dataclass(frozen=True)
class ImportOptions:
    """The batch's consent as declared on the command line; rows may add their own."""

    notice_version: str | None = None
    purposes: tuple[str, ...] = ()
    evidence: str | None = None
    store: str | None = None
    reject_file: Path | None = None
    # Issue 17 point 7: a saved mapping by name (else the one saved for these headers), the
    # columns chosen now (header -> target, "" left out), whether columns that map to nothing
    # may be left out, and the name to save this file's mapping under.
    mapping: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    confirm: bool = False
    save_mapping: str | None = None
    # Issue 17 point 1: a survey's questionnaires arrive through the importer under their own
    # channel (records and consents say "survey"); anything else is a file import.
    channel: str = Channel.IMPORT.value


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: int
    reject_file: str
    seconds: float
    resumed_from_row: int = 0
    is_complete: bool = True
    next_row: int = 0  # unfinished: the row a rerun continues from
    message: str = ""  # unfinished: what stays and how to go on
    unimported: tuple[str, ...] = ()  # the columns left out, headers as written
    mapping: str | None = None  # the saved mapping applied or saved


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
    ages: ConsentAges  # below which a guardian consents, by the default regimes
    on_found: OnFound  # a personal value in a free-text column: refuse the row or mask it
    levels: LevelRules  # a member level in the file is one of these
    zone: ZoneInfo  # the shop's: a last visit in the file is a time there
    source: str  # the mapping's name (the system moved from), else "import": entries' reasons
    mapping: str | None = None
    channel: Channel = Channel.IMPORT  # or SURVEY: where the records and consents came from


@dataclass
class _Sealed:
    accepted: list[tuple[int, SealedNew, ConsentContext]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    openings: dict[str, Opened] = field(default_factory=dict)  # by customer id


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
    total = check_file(path)
    rows = read_rows(path)
    sha, _ = fingerprint(path)
    job, catalog, state = _begin(vault, actor, path, options, rows, sha)
    resumed = state.rows_done
    chunks = _chunks(islice(rows, resumed, None), vault.settings.import_batch_rows)
    with _RejectWriter(reject_path, append=resumed > 0) as rejects:
        run = _Run(vault, actor, job, rejects, state)
        run.through(
            _sealed_chunks(job, vault.sealer, catalog, chunks, resumed + 2), progress, total
        )
    seconds = round(time.perf_counter() - started, 3)
    left_out = tuple(name for _, name in job.plan.unimported)
    return run.report(
        ImportReport(
            state.imported,
            state.rejected,
            str(reject_path),
            seconds,
            resumed,
            unimported=left_out,
            mapping=job.mapping,
        )
    )


class _Run:
    """The batches of one run, each in its own use case: each commits its rows, so a rerun
    resumes after it. A failure after a commit is told with what stays and how to go on."""

    def __init__(
        self, vault: Vault, actor: Actor, job: _Job, rejects: _RejectWriter, state: ImportProgress
    ) -> None:
        self.vault, self.actor, self.job, self.rejects = vault, actor, job, rejects
        self.state = state
        self.started = time.perf_counter()

    def through(
        self, chunks: Iterator[tuple[int, _Sealed]], progress: Progress | None, total: int
    ) -> None:
        try:
            for size, sealed in chunks:
                with use_case(self.vault, self.actor) as uc:
                    self.state = _store_chunk(uc, self.job, size, sealed, self.state, self.rejects)
                crash_point("import.batch-committed")
                if progress:
                    progress(self.state.rows_done, total)
                if time.perf_counter() - self.started > TIME_LIMIT_SECONDS:
                    return
        except Exception as error:
            if self.state.rows_done == 0 and isinstance(error, InvalidInputError):
                raise  # nothing was committed: the file's own refusal says it all
            raise ImportStoppedError(self._stop(), _cause(error)) from error

    def _stop(self) -> ImportStop:
        return ImportStop(self.state.rows_done, self.state.imported, self.state.rejected)

    def report(self, started: ImportReport) -> ImportReport:
        """`started`'s counts replaced by the run's own, and whether it is complete."""
        done = replace(started, imported=self.state.imported, rejected=self.state.rejected)
        if self.state.is_finished:
            return done
        stop = self._stop()
        message = out_of_time(stop, TIME_LIMIT_SECONDS)
        return replace(done, is_complete=False, next_row=stop.next_row, message=message)


def _cause(error: Exception) -> str:
    """A refusal's own words (they never hold a value); any other failure by its kind only,
    since a driver's or the system's message may quote a value."""
    if isinstance(error, InvalidInputError):
        return error.reason
    return error.message if isinstance(error, PrivaultError) else type(error).__name__


def _begin(
    vault: Vault, actor: Actor, path: Path, options: ImportOptions, rows: Iterator[Row], sha: str
) -> tuple[_Job, Catalog, ImportProgress]:
    """The policy check, the column plan from the header row, and the run's progress row:
    a rerun of the same file with the same options resumes it."""
    with use_case(vault, actor) as uc:
        store_name = options.store or vault.settings.default_store
        uc.require(Action.IMPORT, fields=[f"file:{path.name}"], store=store_name)
        header = next(rows, [])
        mapping, choices = chosen_mapping(uc, header, options.mapping, dict(options.choices))
        plan = plan_columns(uc.catalog, header, choices)
        if not options.confirm:
            refuse_unconfirmed(plan)
        sample = islice(read_rows(path), 1, SAMPLE_ROWS + 1)  # the header is row 0
        refuse_misplaced_columns(uc.catalog, plan.fields, plan.headers, sample)
        require_openings(uc, plan, store_name)
        if options.save_mapping:
            mapping = keep_mapping(uc, options.save_mapping, header, plan)
        job = _job(uc, plan, options, mapping)
        _check_notice(job)
        digest = _options_digest(options, plan, choices)
        state = uc.uow.imports.start_or_resume(sha, digest, uc.now)
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


def _job(uc: UseCase, plan: ColumnPlan, options: ImportOptions, mapping: str | None) -> _Job:
    notices = {n.version: n for n in uc.uow.installation.notices()}
    zone = ZoneInfo(uc.vault.opening_hours(uc.uow).zone)
    return _Job(
        plan,
        options,
        notices,
        uc.actor.name,
        uc.vault.settings.default_store,
        store_scope(uc.actor, uc.roles, Action.IMPORT),
        uc.now.date(),
        uc.now,
        consent_ages(uc),
        on_found(uc.vault),
        level_rules(uc),
        zone,
        mapping or "import",
        mapping,
        import_channel(options.channel),
    )


IMPORT_CHANNELS = (Channel.IMPORT, Channel.SURVEY)


def import_channel(raw: str) -> Channel:
    """A file arrives as an import, or as a survey's questionnaires; the desk, the page and the
    phone have their own doors."""
    found = next((c for c in IMPORT_CHANNELS if c.value == raw.strip()), None)
    if found is None:
        raise InvalidInputError("a file comes in through channel import or survey", field="channel")
    return found


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
    job: _Job,
    size: int,
    sealed: _Sealed,
    state: ImportProgress,
    rejects: _RejectWriter,
) -> ImportProgress:
    """Rejects are written before the commit: a crash in between repeats a line on the rerun
    rather than losing it."""
    groups = _without_duplicates(uc.uow, job, sealed)
    for consent, group in groups.items():
        store(uc, Action.IMPORT, group, consent)
    stored = (sealed.openings.get(new.id) for group in groups.values() for new in group)
    open_accounts(uc, job.source, (o for o in stored if o is not None))
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
    uow: UnitOfWork, job: _Job, sealed: _Sealed
) -> dict[ConsentContext, list[SealedNew]]:
    """The accepted rows by consent; a row duplicating a stored customer becomes a reject."""
    plan = job.plan
    duplicates = screen(uow, [new for _, new, _ in sealed.accepted], job.stores)
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
            new, opening = _new_customer(job, catalog, parsed)
        except InvalidInputError as error:
            column = job.plan.headers.get(error.field or "", error.field or "")
            result.rejects.append((number, column, error.reason))
            continue
        if job.stores and new.store not in job.stores:
            column = job.plan.headers.get("store", "store")
            result.rejects.append((number, column, f"store {new.store} is outside your stores"))
            continue
        result.accepted.append((number, seal(sealer, catalog, new, job.channel, job.now), consent))
        if opening.is_member or opening.has_history:
            has_number = "member_no" in new.prepared.values
            result.openings[new.id] = Opened(new.id, new.store, opening, has_number)
    return result


def _new_customer(job: _Job, catalog: Catalog, parsed: ParsedRow) -> tuple[NewCustomer, Opening]:
    """The row's customer and opening figures. Consents are those the file evidences: the
    batch's, the row's consent columns, and membership where the row shows one (a level, a
    number, points or stored value); marketing never without its own column."""
    guardian = parse_guardian(
        parsed.meta.get("guardian_name"), parsed.meta.get("guardian_relation")
    )
    opening = parse_opening(parsed.extras, job.levels.levels, job.zone, job.now)
    values = reform(catalog, parsed.values)
    purposes = {*job.options.purposes, *parsed.purposes}
    if (opening.is_member or "member_no" in values) and PURPOSE in catalog.purposes:
        purposes.add(PURPOSE)
    prepared = prepare_customer(
        catalog,
        values,
        purposes,
        guardian,
        today=job.today,
        ages=job.ages,
        on_found=job.on_found,
    )
    store_name = parsed.meta.get("store") or job.options.store or job.default_store
    kept = guardian if prepared.is_minor else None
    return NewCustomer(new_customer_id(), prepared, store_name, kept), opening


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
        cache[key] = ConsentContext(notice, job.channel, job.collected_by, evidence)
    return cache[key]


def _options_digest(options: ImportOptions, plan: ColumnPlan, choices: dict[str, str]) -> str:
    """A rerun resumes only the run of the same file read the same way (a plain file's digest
    is the one it had before mappings)."""
    document: dict[str, object] = {
        "notice": options.notice_version,
        "purposes": sorted(options.purposes),
        "evidence": options.evidence,
        "store": options.store,
    }
    if choices or plan.extras or plan.unimported:
        document["mapping"] = sorted(plan.choices.items())
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
        self._writer = CsvRows(self._handle)
        if not self._append:
            self._writer.writerow(["row", "column", "reason"])
        return self

    def write(self, rejects: list[Reject]) -> None:
        self._writer.writerows(rejects)
        self._handle.flush()

    def __exit__(self, *exc: object) -> None:
        self._handle.close()
