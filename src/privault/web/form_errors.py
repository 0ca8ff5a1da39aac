"""Every error of one form submit at once: each field's message, shown next to the field, and a
summary at the top of the form linking to each field by its id (one type for every form)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from privault.domain.errors import PrivaultError
from privault.web.explain import error_field, explain

FORM = "form"  # a message that names no field of the form


@dataclass(frozen=True)
class SummaryLine:
    anchor: str  # the id of the field's input (or fieldset) on the page
    label: str
    message: str


class FormErrors(dict[str, str]):
    """field key -> message, in the order found; the first message a field gets is kept."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, message)

    def add_refusals(
        self,
        lang: str,
        errors: Iterable[PrivaultError],
        *,
        known: Iterable[str],
        renamed: Mapping[str, str] | None = None,
    ) -> FormErrors:
        """Each refusal on the field it names (renamed to the form's own name for it), or on
        the form when the form has no such field."""
        fields = set(known)
        for error in errors:
            field = error_field(error) or FORM
            field = (renamed or {}).get(field, field)
            self.add(field if field in fields else FORM, explain(lang, error))
        return self

    def summary(self, targets: Mapping[str, tuple[str, str]]) -> list[SummaryLine]:
        """One line per error; `targets`: field key -> (element id, visible label). A field
        without a target, and the form itself, link to the form."""
        return [
            SummaryLine(*targets.get(field, (FORM, "")), message) for field, message in self.items()
        ]
