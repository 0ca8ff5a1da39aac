"""Imports through the console: an uploaded file is imported, then deleted; its reject report
(row, column, reason, never a value) stays under the installation for download."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.imports.batches import ImportOptions, ImportReport, import_customers
from privault.services.imports.mappings import ImportPreview, list_mappings, preview_import
from privault.services.use_case import use_case
from privault.services.vault import Vault

SUFFIXES = (".csv", ".xlsx")
_REPORT_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class UploadedImport:
    report_id: str
    report: ImportReport


def import_upload(
    vault: Vault, actor: Actor, filename: str, upload: BinaryIO, options: ImportOptions
) -> UploadedImport:
    """The upload holds clear personal data: it lives in a private temporary folder only for
    the length of the import."""
    report_id = uuid.uuid4().hex
    target = reports_folder(vault) / f"{report_id}.rejects.csv"
    with _saved(filename, upload) as path:
        report = import_customers(vault, actor, path, replace(options, reject_file=target))
    return UploadedImport(report_id, report)


def preview_upload(
    vault: Vault,
    actor: Actor,
    filename: str,
    upload: BinaryIO,
    *,
    mapping: str | None = None,
    choices: Mapping[str, str] | None = None,
) -> ImportPreview:
    """The mapping step: the file is read for its header and first rows (masked), then
    deleted; importing asks for it again, so no clear file waits on the server between steps."""
    with _saved(filename, upload) as path:
        return preview_import(vault, actor, path, mapping=mapping, choices=choices)


@contextmanager
def _saved(filename: str, upload: BinaryIO) -> Iterator[Path]:
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInputError("choose a .csv or .xlsx file", field="file")
    with tempfile.TemporaryDirectory(prefix="privault-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            shutil.copyfileobj(upload, handle)
        if path.stat().st_size == 0:
            raise InvalidInputError("the file is empty; choose the file to import", field="file")
        yield path


def mapping_names(vault: Vault, actor: Actor) -> list[str]:
    return [m.name for m in list_mappings(vault, actor)]


def notices_for_import(vault: Vault, actor: Actor) -> list[str]:
    """The notice versions an import may name, newest first; only for those who may import."""
    with use_case(vault, actor) as uc:
        uc.require(Action.IMPORT)
        return [n.version for n in reversed(uc.uow.installation.notices())]


def read_reject_report(vault: Vault, actor: Actor, report_id: str) -> bytes:
    """Whoever may import may read a reject report; reading it is audited like the import."""
    if not _REPORT_ID.match(report_id):
        raise NotFoundError("no such reject report")
    with use_case(vault, actor) as uc:
        uc.require(Action.IMPORT)
        path = reports_folder(vault) / f"{report_id}.rejects.csv"
        if not path.is_file():
            raise NotFoundError("no such reject report")
        uc.record(Action.IMPORT, reason="reject report downloaded")
        uc.commit()
        return path.read_bytes()


def reports_folder(vault: Vault) -> Path:
    folder = vault.settings.home / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
