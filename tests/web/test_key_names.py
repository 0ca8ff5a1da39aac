"""Keys a person reads (roles, actions) are shown in the reader's language, never raw."""

from __future__ import annotations

import tomllib

from fastapi.testclient import TestClient

from privault.domain.alerts import AlertKind
from privault.domain.policy import Action
from privault.presets import roles_text
from privault.services.vault import Vault
from privault.web.i18n import gettext
from tests.conftest import FrozenClock
from tests.web.conftest import sign_in, staff_account


def test_every_action_role_and_alert_kind_has_a_chinese_name() -> None:
    roles = tomllib.loads(roles_text())["roles"]
    keys = [*(a.value for a in Action), *roles, *(k.value for k in AlertKind)]
    untranslated = [k for k in keys if gettext("zh", k) == k]

    assert untranslated == []


def test_the_staff_and_audit_pages_name_roles_and_actions_in_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "po.li", ["privacy_officer", "admin"]), clock)

    staff = client.get("/staff").text
    audit = client.get("/audit").text

    assert "个人信息保护负责人" in staff
    assert "privacy_officer</td>" not in staff
    assert "员工登录" in audit  # staff.sign_in
    assert "<td>staff.sign_in</td>" not in audit
