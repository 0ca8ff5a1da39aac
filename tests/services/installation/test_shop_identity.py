"""The shop's identity: checked setting by setting, changed by admins and privacy officers only,
audited without values; the notice is published from it, and until then nobody is registered."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.shop import ShopIdentity
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.consents.notices import get_notice, list_notices
from privault.services.customers.records import register_customer
from privault.services.installation.setup import init_installation
from privault.services.installation.shop_identity import (
    get_shop_identity,
    next_version,
    set_shop_identity,
)
from privault.services.vault import Vault, open_vault
from tests.conftest import SHOP, FrozenClock
from tests.factories import NOTICE, form, register, unique_mobile

ADMIN = Actor("admin.test", frozenset({"admin"}))
FRONT_DESK = Actor("desk.test", frozenset({"front_desk"}))


def test_the_test_installation_has_its_identity_and_its_notice(
    vault: Vault, operator: Actor
) -> None:
    assert get_shop_identity(vault, operator) == ShopIdentity(**SHOP)
    assert [n.version for n in list_notices(vault, operator)] == [NOTICE]


def test_an_admin_changes_the_officer_contact_and_the_notice_is_published_again(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=3)
    done = set_shop_identity(vault, ADMIN, {"officer_contact": "zhao@sanfeng.example.cn"})
    assert done.changed == ("officer_contact",)
    assert done.notice is not None
    assert (done.notice.version, done.notice.is_material) == (f"{NOTICE}.1", False)
    text = get_notice(vault, operator, done.notice.version).render("zh")
    assert "zhao@sanfeng.example.cn" in text
    assert SHOP["officer_contact"] not in text
    again = set_shop_identity(vault, ADMIN, {"officer_name": "赵经理"})
    assert again.notice is not None
    assert again.notice.version == f"{NOTICE}.2"
    event = list_audit_events(vault, operator, limit=5)
    reasons = [(e.action, e.actor, e.reason) for e in event if e.action == Action.SHOP_SETTINGS]
    assert reasons[0] == (Action.SHOP_SETTINGS, ADMIN.name, "changed: officer_name")
    assert all("赵经理" not in (e.reason or "") for e in event)


def test_setting_the_same_values_again_changes_and_publishes_nothing(
    vault: Vault, operator: Actor
) -> None:
    before = table_counts(vault.database)
    done = set_shop_identity(vault, operator, {"phone": "0755 8601 3388"})
    assert (done.changed, done.notice) == ((), None)
    assert table_counts(vault.database) == before


def test_customers_who_consented_to_sms_are_told_of_a_new_officer_phone(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    mobile = unique_mobile()
    register(vault, operator, {"name": "张三", "mobile": mobile}, ("service", "marketing_sms"))
    register(vault, operator, None, ("service",))
    assert isinstance(vault.sms, FileOutbox)
    before = len(vault.sms.messages())
    clock.advance(days=3)
    set_shop_identity(vault, operator, {"officer_contact": "13900002222"})
    told = vault.sms.messages()[before:]
    assert [m["to"] for m in told] == [mobile]
    assert f"{NOTICE}.1" in told[0]["text"]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("phone", "99999", "mainland mobile"),
        ("phone", "14012345678", "IoT"),
        ("email", "privacy@", "not a valid email address"),
        ("officer_contact", "not a contact", "mainland mobile"),
        ("business_name", "   ", "may not be empty"),
        ("address", "路" * 201, "at most 200 characters"),
        ("fax", "0755-86013388", "unknown setting"),
    ],
)
def test_a_bad_setting_is_refused_by_name_and_changes_nothing(
    vault: Vault, operator: Actor, setting: str, value: str, message: str
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message) as raised:
        set_shop_identity(vault, operator, {"email": "new@sanfeng.example.cn", setting: value})
    assert raised.value.field == (setting if setting != "fax" else "setting")
    assert value.strip() not in raised.value.message or not value.strip()
    assert table_counts(vault.database) == before


def test_settings_are_normalised_as_customer_contacts_are(vault: Vault, operator: Actor) -> None:
    done = set_shop_identity(
        vault,
        operator,
        {"phone": "+86 138-1234-5678", "email": "Privacy@Sanfeng.Example.CN", "address": " a  b "},
    )
    assert (done.identity.phone, done.identity.email) == (
        "13812345678",
        "privacy@sanfeng.example.cn",
    )
    assert done.identity.address == "a b"


def test_a_role_without_the_settings_action_is_refused_and_audited(vault: Vault) -> None:
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError):
        set_shop_identity(vault, FRONT_DESK, {"phone": "0755-86013389"})
    with pytest.raises(PolicyDeniedError):
        get_shop_identity(vault, FRONT_DESK)
    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 2}


def test_an_installation_set_up_without_its_identity_registers_nobody_until_it_is_set(
    tmp_path: Path, operator: Actor, clock: FrozenClock
) -> None:
    settings = Settings(home=tmp_path / "shop", database_url="", keystore_url="")
    installed = init_installation(settings, "salon", officer="owner", clock=clock)
    assert installed.notice_version is None
    vault = open_vault(settings, clock=clock)
    try:
        with pytest.raises(InvalidInputError, match="privault settings set") as raised:
            register_customer(vault, operator, form())
        assert raised.value.field == "notice"
        partial = set_shop_identity(vault, ADMIN, {"business_name": "三丰美发工作室"})
        assert partial.notice is None
        assert partial.identity.missing == (
            "address",
            "phone",
            "email",
            "officer_name",
            "officer_contact",
        )
        done = set_shop_identity(
            vault, ADMIN, {k: v for k, v in SHOP.items() if k != "business_name"}
        )
        assert done.notice is not None
        assert done.notice.version == NOTICE  # the preset's own version, first published now
        assert register_customer(vault, operator, form())
    finally:
        vault.close()


def test_init_refuses_a_bad_identity_before_anything_is_created(
    tmp_path: Path, clock: FrozenClock
) -> None:
    settings = Settings(home=tmp_path / "shop", database_url="", keystore_url="")
    with pytest.raises(InvalidInputError) as raised:
        init_installation(settings, "salon", officer="owner", clock=clock, identity={"phone": "1"})
    assert raised.value.field == "phone"
    assert not (tmp_path / "shop" / "privault.db").exists()


def test_next_versions_count_up_from_the_template() -> None:
    assert next_version("2026.1", set()) == "2026.1"
    assert next_version("2026.1", {"2026.1"}) == "2026.1.1"
    assert next_version("2026.1", {"2026.1", "2026.1.1"}) == "2026.1.2"
