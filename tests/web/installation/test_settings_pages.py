"""The settings pages beside the shop's identity (issue 18.3): opening hours and time zone,
retention rules, legal holds, backups and the role matrix. Each renders in Chinese and English,
works for the roles the matrix allows, refuses the others, and names the field of bad input
while changing nothing."""

from __future__ import annotations

import httpx2 as httpx
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.installation.backup_files import list_backups
from privault.services.retention.holds import list_holds
from privault.services.retention.records import retention_rules
from privault.services.staff.role_matrix import current_opening_hours
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import ADMIN, choose_language, form_token, sign_in, staff_account


def _as(client: TestClient, vault: Vault, clock: FrozenClock, role: str) -> None:
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)


def _post(client: TestClient, path: str, page: str, values: dict[str, str]) -> httpx.Response:
    token = form_token(client, page)
    return client.post(path, data={"csrf_token": token, **values}, follow_redirects=False)


def _in(client: TestClient, lang: str, path: str) -> str:
    choose_language(client, lang, path)
    page = client.get(path)
    assert page.status_code == 200
    return page.text


def test_an_admin_changes_the_opening_hours_and_a_bad_zone_is_named(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "admin")
    assert "营业时间与时区" in _in(client, "zh", "/settings/hours")
    assert 'value="Asia/Shanghai"' in _in(client, "en", "/settings/hours")
    hours = {"opens": "09:30", "closes": "21:00", "zone": "Asia/Shanghai"}
    saved = _post(client, "/settings/hours", "/settings/hours", hours)
    assert (saved.status_code, saved.headers["location"]) == (303, "/settings/hours?done=saved")
    assert "Saved." in client.get("/settings/hours?done=saved").text
    before = table_counts(vault.database)
    bad = _post(client, "/settings/hours", "/settings/hours", {**hours, "zone": "Mars/Base"})
    assert bad.status_code == 422
    assert 'data-field="hours.opening_hours"' in bad.text
    assert "error-summary" in bad.text
    assert table_counts(vault.database) == before
    assert current_opening_hours(vault, ADMIN).closes.strftime("%H:%M") == "21:00"


def test_a_privacy_officer_reads_the_hours_but_may_not_change_them(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "privacy_officer")
    assert "disabled" in _in(client, "en", "/settings/hours")
    values = {"opens": "10:00", "closes": "20:00", "zone": "Asia/Shanghai"}
    assert _post(client, "/settings/hours", "/settings/hours", values).status_code == 403
    assert current_opening_hours(vault, ADMIN).opens.strftime("%H:%M") != "10:00"


def test_a_privacy_officer_sets_the_inactive_period_and_a_short_one_is_refused(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "privacy_officer")
    assert "保留规则" in _in(client, "zh", "/settings/retention")
    assert "Retention per consent purpose" in _in(client, "en", "/settings/retention")
    ok = _post(client, "/settings/retention", "/settings/retention", {"inactive_days": "800"})
    assert ok.status_code == 303
    assert retention_rules(vault, ADMIN).inactive_days == 800
    bad = _post(client, "/settings/retention", "/settings/retention", {"inactive_days": "30"})
    assert bad.status_code == 422
    assert 'data-field="retention.inactive_days"' in bad.text
    assert retention_rules(vault, ADMIN).inactive_days == 800


def test_a_privacy_officer_places_and_lifts_a_hold_with_reasons(
    client: TestClient, vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    _as(client, vault, clock, "privacy_officer")
    assert "法律保全" in _in(client, "zh", "/settings/holds")
    before = table_counts(vault.database)
    bad = _post(client, "/settings/holds", "/settings/holds", {"customer": customer, "reason": ""})
    assert bad.status_code == 422
    assert 'data-field="place.reason"' in bad.text
    assert table_counts(vault.database)["legal_holds"] == before["legal_holds"]
    values = {"customer": customer, "reason": "case 2026-17"}
    assert _post(client, "/settings/holds", "/settings/holds", values).status_code == 303
    assert "The hold is placed." in _in(client, "en", "/settings/holds?done=placed")
    [hold] = list_holds(vault, ADMIN, customer)
    lifted = _post(
        client, f"/settings/holds/{hold.id}/lift", "/settings/holds", {"reason": "case closed"}
    )
    assert lifted.status_code == 303
    assert list_holds(vault, ADMIN, customer) == []


def test_an_auditor_reads_the_holds_but_places_none(
    client: TestClient, vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    _as(client, vault, clock, "auditor")
    assert 'action="/settings/holds"' not in _in(client, "en", "/settings/holds")
    values = {"customer": customer, "reason": "audit"}
    assert _post(client, "/settings/holds", "/settings/holds", values).status_code == 403
    assert list_holds(vault, ADMIN, customer) == []


def test_an_admin_backs_up_downloads_and_restores_only_after_typing_the_name(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "admin")
    assert "还没有备份" in _in(client, "zh", "/settings/backups")
    made = _post(client, "/settings/backups", "/settings/backups", {})
    assert made.status_code == 303
    [backup] = list_backups(vault, ADMIN)
    page = _in(client, "en", made.headers["location"])
    assert f"Backup {backup.name} is written." in page
    assert "17:30 Asia/Shanghai" in page
    download = client.get(f"/settings/backups/{backup.name}/download")
    assert download.status_code == 200
    assert len(download.content) == backup.size
    taken = [e.reason for e in list_audit_events(vault, ADMIN) if e.action == Action.BACKUP]
    assert f"data archive {backup.name} downloaded" in taken
    before = table_counts(vault.database)
    wrong = {"name": backup.name, "confirm": "yes"}
    refused = _post(client, "/settings/backups/restore", "/settings/backups", wrong)
    assert refused.status_code == 422
    assert 'data-field="restore.confirm"' in refused.text
    assert table_counts(vault.database) == before
    right = {"name": backup.name, "confirm": backup.name}
    assert "Type the backup's name to confirm" in page
    restored = _post(client, "/settings/backups/restore", "/settings/backups", right)
    assert restored.status_code == 303
    assert "done=restored" in restored.headers["location"]


def test_a_privacy_officer_may_neither_back_up_nor_download(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "privacy_officer")
    assert client.get("/settings/backups").status_code == 403
    assert _post(client, "/settings/backups", "/", {}).status_code == 403
    assert client.get("/settings/backups/data-x.pvbak/download").status_code == 403
    assert list_backups(vault, ADMIN) == []


def test_the_role_matrix_is_shown_in_the_readers_language_with_a_link_to_staff(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "privacy_officer")
    zh = _in(client, "zh", "/settings/roles")
    assert "前台" in zh
    assert "登记客户" in zh
    assert 'href="/staff"' in zh
    assert "front_desk" not in zh.split("<main>")[1]
    english = _in(client, "en", "/settings/roles").split("<main>")[1]
    assert "Register customers" in english
    assert "customer.register" not in english  # keys by their English names too


def test_front_desk_opens_no_settings_page(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    _as(client, vault, clock, "front_desk")
    for path in ("/settings/hours", "/settings/retention", "/settings/holds", "/settings/roles"):
        assert client.get(path).status_code == 403, path
