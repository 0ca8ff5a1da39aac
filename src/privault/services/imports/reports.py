"""Imports through the console: an uploaded file is imported, then deleted; its reject report
(row, column, reason, never a value) stays under the installation for download."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.imports.batches import ImportOptions, ImportReport, import_customers
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
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInputError("choose a .csv or .xlsx file", field="file")
    report_id = uuid.uuid4().hex
    target = reports_folder(vault) / f"{report_id}.rejects.csv"
    with tempfile.TemporaryDirectory(prefix="privault-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            shutil.copyfileobj(upload, handle)
        if path.stat().st_size == 0:
            raise InvalidInputError("the file is empty; choose the file to import", field="file")
        chosen = replace(options, reject_file=target)
        report = import_customers(vault, actor, path, chosen)
    return UploadedImport(report_id, report)


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
