"""Option types every command shares."""

from __future__ import annotations

from typing import Annotated

import typer

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Opt = Annotated[str | None, typer.Option()]
# A list's page of 50, from 1; the footer (or `has_next` in --json) says whether more follow.
PageOpt = Annotated[int | None, typer.Option("--page", min=1, help="Show this page of 50.")]
