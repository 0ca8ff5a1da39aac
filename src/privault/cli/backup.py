"""`privault backup` and `privault restore`: encrypted archives of the data database (admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, plain, table
from privault.domain.shop_time import shop_time
from privault.services.installation.backups import back_up, restore
from privault.services.installation.shop_zone import shop_zone


def backup(
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Archive file to write (default $PRIVAULT_HOME/backups/)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Write an encrypted archive of the data database; it holds no keys. A keystore backup
    goes to $PRIVAULT_HOME/backups/keystore and is deleted after PRIVAULT_KEYSTORE_BACKUP_DAYS
    (default 30) days, so that erasure reaches every copy. Files an interrupted backup left
    are removed first."""
    with context.vault() as vault:
        made = back_up(vault, context.actor(), to)
        days = vault.settings.keystore_backup_days
    if as_json:
        emit_json(_with_paths(made))
        return
    console.print(f"wrote {made.file} ({made.size} bytes)", highlight=False, soft_wrap=True)
    table("rows per table", ["table", "rows"], sorted(made.tables.items()))
    console.print(
        f"keystore backup {made.keystore_file} (kept {days} days); "
        f"{made.keystore_backups_deleted} older keystore backups deleted; "
        f"{made.unfinished_removed} files of an interrupted backup removed",
        highlight=False,
        soft_wrap=True,
    )


def restore_(
    file: Annotated[Path, typer.Argument(help="An archive written by `privault backup`.")],
    as_json: Json = False,
) -> None:
    """Replace the data with an archive's, after checking all of it. Customers erased since
    the backup was taken are erased again in the same step."""
    with context.vault() as vault:
        done = restore(vault, context.actor(), file)
        zone = shop_zone(vault)
    if as_json:
        emit_json(_with_paths(done))
        return
    console.print(
        f"restored {done.file}, taken {shop_time(done.taken_at, zone)}; "
        f"{done.customers_erased_again} customers erased since then were erased again",
        highlight=False,
        soft_wrap=True,
    )
    table("rows per table", ["table", "rows"], sorted(done.tables.items()))


def _with_paths(result: object) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Path) else v for k, v in plain(result).items()}
