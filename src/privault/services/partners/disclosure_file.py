"""The file handed to the partner: the disclosed fields in clear for the customers who passed,
each row stamped with the disclosure id so a copy found later names its disclosure."""

from __future__ import annotations

from pathlib import Path

from privault.db.partners import DisclosureRow
from privault.infra.private_files import open_private
from privault.infra.tabular_writer import CsvRows
from privault.services.customers.sealing import open_sealed
from privault.services.use_case import UseCase

PAGE = 500


def write_disclosure_file(uc: UseCase, row: DisclosureRow, sent: list[str], out: Path) -> None:
    specs = [uc.catalog.field(f) for f in row.fields]
    with open_private(out) as handle:
        handle.write("\ufeff")  # Excel opens UTF-8 Chinese text only with a BOM
        rows = CsvRows(handle)
        rows.writerow(
            ["disclosure_id", "customer_id", *(f"{s.label_zh} {s.label_en}" for s in specs)]
        )
        for start in range(0, len(sent), PAGE):
            page = sent[start : start + PAGE]
            sealed = uc.uow.customers.sealed_fields(page)
            values = open_sealed(uc.vault, uc.uow, sealed, only=row.fields)
            for cid in page:
                shown = values.get(cid, {})
                rows.writerow([row.id, cid, *(shown.get(f, "") for f in row.fields)])
