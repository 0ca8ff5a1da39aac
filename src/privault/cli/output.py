"""Output for people (Rich tables) and for scripts (--json), and refusals on stderr."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from privault.domain.shop_time import shop_time

console = Console()
errors = Console(stderr=True)


def plain(value: Any) -> Any:
    """Dataclasses, enums and dates as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def emit_json(value: Any) -> None:
    print(json.dumps(plain(value), ensure_ascii=False, indent=2))  # noqa: T201 -- stdout is the API


# The shop's zone, set once the command has opened its installation (cli/context.py):
# tables print after the installation is closed.
_shown_zone: list[str] = []


def show_times_in(zone: str) -> None:
    _shown_zone[:] = [zone]


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    grid = Table(title=title, title_justify="left")
    for column in columns:
        # Ids are copied into the next command: never shorten them.
        grid.add_column(
            column,
            no_wrap=column == "id",
            min_width=36 if column == "id" else None,
            overflow="fold",
        )
    for row in rows:
        grid.add_row(*(_cell(v) for v in row))
    console.print(grid)


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return shop_time(value, _shown_zone[0]) if _shown_zone else value.isoformat()
    value = plain(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


def record(title: str, pairs: Iterable[tuple[str, Any]]) -> None:
    """One record as a two-column list: readable on a narrow terminal."""
    table(title, ["field", "value"], pairs)


def refuse(message: str) -> None:
    errors.print(f"[bold red]refused:[/] {escape(message)}", highlight=False, soft_wrap=True)


def stopped(error_class: str, debug_variable: str) -> None:
    errors.print(
        f"[bold red]stopped:[/] an unexpected {escape(error_class)}; its details may hold "
        f"personal data, so they are not shown. Run again with {debug_variable}=1 to see them.",
        highlight=False,
        soft_wrap=True,
    )


def show_credentials(credentials: Any) -> None:
    """A new account's secrets, printed once: privault keeps only their hashes."""
    lines = [f"account [bold]{escape(credentials.name)}[/]"]
    if credentials.password:
        lines.append(f"  initial password: [bold]{escape(credentials.password)}[/]")
    if credentials.totp_secret:
        lines.append(f"  TOTP secret:      [bold]{escape(credentials.totp_secret)}[/]")
        lines.append(f"  authenticator:    {escape(credentials.totp_uri)}")
    lines.append("  [yellow]shown once: hand them over now; privault cannot show them again[/]")
    console.print("\n".join(lines), highlight=False, soft_wrap=True)


def paged(page: Any, as_json: bool, show: Any) -> None:
    """A page of a list: in --json its rows with where it is, else `show(rows)` and a footer
    that gives the option for the next page."""
    if as_json:
        emit_json({"page": page.number, "has_next": page.has_next, "items": page.items})
        return
    show(page.items)
    following = f"; next: --page {page.number + 1}" if page.has_next else ""
    if page.last_key is not None and page.has_next:
        following += f" --after {page.last_key}"
    console.print(f"page {page.number}, rows {page.first_row}-{page.last_row}{following}")
