"""Keystore backups expire on a schedule, not only when someone makes the next backup.

The README promises that an erased customer's key leaves every copy within the keystore-backup
retention (30 days by default). A shop that stops making backups would otherwise keep its last
keystore copies for ever; this daily job deletes them, and what a killed backup left, on time.
"""

from __future__ import annotations

from privault.domain.errors import ConflictError
from privault.domain.policy import Action, Actor
from privault.services.installation.backups import (
    KEYSTORE,
    backups_dir,
    delete_files,
    expired_keystore_backups,
    keystore_window,
    one_backup_at_a_time,
)
from privault.services.use_case import use_case
from privault.services.vault import Vault


def prune_backups(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        now = uc.now
    folder = backups_dir(vault) / KEYSTORE
    try:
        with one_backup_at_a_time(vault) as held:
            expired = expired_keystore_backups(folder, now - keystore_window(vault))
            delete_files(expired)
    except ConflictError:
        return {"backup_running": 1}  # that backup prunes as it finishes
    counts = {"keystore_backups_deleted": len(expired), "leftovers_removed": len(held.leftovers)}
    with use_case(vault, actor) as uc:
        uc.record(Action.HOUSEKEEPING, reason=f"backup pruning: {counts}")
        uc.commit()
    return counts
