"""Where an unfinished import stands, in words: rows are committed in batches, so an import
that stops (its time limit, a failure) keeps whole batches, and rerunning the same file with the
same options continues after the last one. Both messages say how many rows stay and from which
row the rerun goes on."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.errors import PrivaultError

OUT_OF_TIME = (
    "the import reached its limit of {limit} seconds and stopped: {done} rows were committed "
    "({imported} imported, {rejected} rejected) and stay; run the same import again with the "
    "same file and options to continue from row {row}"
)
FAILED = (
    "the import stopped at row {row} ({cause}): {done} rows were committed ({imported} "
    "imported, {rejected} rejected) and stay; run the same import again with the same file and "
    "options to continue from row {row}"
)


@dataclass(frozen=True)
class ImportStop:
    done: int  # data rows committed, imported or rejected
    imported: int
    rejected: int

    @property
    def next_row(self) -> int:
        return self.done + 2  # the header is row 1

    def params(self) -> dict[str, object]:
        return {
            "done": self.done,
            "imported": self.imported,
            "rejected": self.rejected,
            "row": self.next_row,
        }


class ImportStoppedError(PrivaultError):
    """An import failed after committing batches; the message says what stays and how to go
    on. `field` is the file, so forms show it there."""

    code = "import_stopped"
    field = "file"

    def __init__(self, stop: ImportStop, cause: str) -> None:
        super().__init__(FAILED, params={**stop.params(), "cause": cause})
        self.stop = stop


def out_of_time(stop: ImportStop, limit: float) -> str:
    return OUT_OF_TIME.format(**stop.params(), limit=round(limit))
