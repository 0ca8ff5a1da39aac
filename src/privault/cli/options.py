"""Option types every command shares."""

from __future__ import annotations

from typing import Annotated

import typer

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Opt = Annotated[str | None, typer.Option()]
