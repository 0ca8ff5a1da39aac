"""`privault notices ...`: list, show and publish privacy notices."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.errors import InvalidInputError
from privault.services.consents.notices import get_notice, list_notices, publish_notice

app = typer.Typer(help="Privacy notices shown to customers before they consent.")


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        notices = list_notices(vault, context.actor())
    rows = [
        {
            "version": n.version,
            "sha256": n.sha256,
            "material": n.is_material,
            "published_at": n.published_at,
            "published_by": n.published_by,
        }
        for n in notices
    ]
    if as_json:
        emit_json(rows)
    else:
        table(
            "privacy notices",
            ["version", "sha256", "published at", "by"],
            [
                (r["version"], str(r["sha256"])[:16], r["published_at"], r["published_by"])
                for r in rows
            ],
        )


@app.command("show")
def show(version: str, lang: str = "zh", as_json: Json = False) -> None:
    with context.vault() as vault:
        notice = get_notice(vault, context.actor(), version)
    if as_json:
        emit_json(notice.as_document())
    else:
        console.print(notice.render(lang), markup=False, highlight=False)


@app.command("publish")
def publish(file: Path, as_json: Json = False) -> None:
    """Publish a notice file (TOML or JSON) with version, zh and en element tables."""
    document = _read(file)
    with context.vault() as vault:
        stored = publish_notice(vault, context.actor(), document.get("notice", document))
    if as_json:
        emit_json({"version": stored.version, "sha256": stored.sha256})
    else:
        console.print(f"published notice {stored.version} (sha256 {stored.sha256[:16]}…)")


def _read(file: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
        parsed: dict[str, Any] = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
        return parsed
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"cannot read {file}: {exc}", field="file") from None
