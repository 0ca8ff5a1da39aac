"""Setting up an installation: idempotent per industry, each preset usable, clear refusals."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.presets import INDUSTRIES
from privault.services.audit.events import list_audit_events
from privault.services.consents.notices import list_notices
from privault.services.customers.records import get_customer, register_customer
from privault.services.installation.setup import Installation, init_installation
from privault.services.vault import open_vault
from tests.conftest import SHOP, FrozenClock
from tests.factories import NOTICE, form

PG_URL = "postgresql+psycopg://privault@db.internal:5432/privault"


def _sqlite(home: Path) -> Settings:
    return Settings(home=home, database_url="", keystore_url="", master_key_file=None)


@pytest.fixture
def fresh(tmp_path: Path) -> Settings:
    return _sqlite(tmp_path / "shop")


def _counts(settings: Settings) -> dict[str, int]:
    vault = open_vault(settings)
    try:
        return table_counts(vault.database)
    finally:
        vault.close()


def test_a_new_installation_gets_keys_databases_catalog_and_notice(
    fresh: Settings, operator: Actor, clock: FrozenClock
) -> None:
    installed = init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    assert installed.officer is not None
    assert installed == Installation(str(fresh.home), "salon", NOTICE, True, installed.officer)
    assert installed.officer.name == "owner"
    assert len(installed.officer.password) >= 16
    assert installed.officer.totp_secret  # privacy officer and admin sign in with a code
    assert stat.S_IMODE(fresh.key_file.stat().st_mode) == 0o600
    assert (fresh.home / "privault.db").exists()
    assert (fresh.home / "keystore.db").exists()
    vault = open_vault(fresh, clock=clock)
    try:
        with vault.unit_of_work() as uow:
            assert vault.catalog(uow).industry == "salon"
        assert [n.version for n in list_notices(vault, operator)] == [NOTICE]
        trail = [(e.action, e.reason) for e in reversed(list_audit_events(vault, operator))]
        assert trail == [
            (Action.ASSESSMENT_EDIT, "5 assessment drafts started from the preset's templates"),
            (Action.SHOP_SETTINGS, f"changed: {', '.join(SHOP)}"),
            (Action.NOTICE_PUBLISH, f"notice {NOTICE}"),
            (Action.INSTALL, "industry salon; first account owner"),
        ]
    finally:
        vault.close()


def test_init_a_second_time_changes_nothing(
    fresh: Settings, operator: Actor, clock: FrozenClock
) -> None:
    init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    key = fresh.key_file.read_bytes()
    before = _counts(fresh)
    clock.advance(days=1)
    again = init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    assert again == Installation(str(fresh.home), "salon", NOTICE, False)
    assert fresh.key_file.read_bytes() == key
    assert _counts(fresh) == before


def test_customers_stay_readable_after_init_runs_again(
    fresh: Settings, operator: Actor, clock: FrozenClock
) -> None:
    init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    vault = open_vault(fresh, clock=clock)
    try:
        customer_id = register_customer(
            vault, operator, form({"name": "张三", "mobile": "13812345678"})
        )
    finally:
        vault.close()
    init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    vault = open_vault(fresh, clock=clock)
    try:
        assert get_customer(vault, operator, customer_id).fields["mobile"] == "138****5678"
    finally:
        vault.close()


def test_init_on_an_installation_whose_master_key_is_missing_is_refused(
    fresh: Settings, operator: Actor, clock: FrozenClock
) -> None:
    init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    fresh.key_file.rename(fresh.home / "master.key.moved")
    with pytest.raises(ConfigurationError):
        init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    assert not fresh.key_file.exists()


def test_init_for_another_industry_on_an_existing_installation_is_refused(
    fresh: Settings, operator: Actor, clock: FrozenClock
) -> None:
    init_installation(fresh, "salon", officer="owner", clock=clock, identity=SHOP)
    before = _counts(fresh)
    with pytest.raises(ConfigurationError, match="already set up for salon") as raised:
        init_installation(fresh, "restaurant", officer="owner", clock=clock, identity=SHOP)
    assert "PRIVAULT_HOME" in raised.value.message
    assert _counts(fresh) == before
    vault = open_vault(fresh, clock=clock)
    try:
        with vault.unit_of_work() as uow:
            assert vault.catalog(uow).industry == "salon"
    finally:
        vault.close()


@pytest.mark.parametrize("industry", ["bakery", "", "Salon"])
def test_an_unknown_industry_is_refused_before_anything_is_created(
    fresh: Settings, operator: Actor, industry: str
) -> None:
    with pytest.raises(InvalidInputError, match="retail, salon, restaurant") as raised:
        init_installation(fresh, industry, officer="owner")
    assert raised.value.field == "industry"
    assert not fresh.home.exists()


def test_a_new_installation_needs_its_first_account_named(
    fresh: Settings, clock: FrozenClock
) -> None:
    with pytest.raises(InvalidInputError, match="--officer") as raised:
        init_installation(fresh, "salon", officer=None, clock=clock)
    assert raised.value.field == "officer"
    vault = open_vault(fresh, clock=clock)
    try:
        with vault.unit_of_work() as uow, pytest.raises(ConfigurationError, match="privault init"):
            vault.catalog(uow)
        counts = table_counts(vault.database)
        assert (counts["notices"], counts["installation"], counts["staff"]) == (0, 0, 0)
    finally:
        vault.close()


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_each_industry_initialises_with_a_usable_catalog(
    tmp_path: Path, operator: Actor, clock: FrozenClock, industry: str
) -> None:
    settings = _sqlite(tmp_path / industry)
    installed = init_installation(settings, industry, officer="owner", clock=clock, identity=SHOP)
    assert (installed.industry, installed.is_new) == (industry, True)
    assert installed.notice_version is not None
    vault = open_vault(settings, clock=clock)
    try:
        with vault.unit_of_work() as uow:
            catalog = vault.catalog(uow)
        assert catalog.industry == industry
        customer_id = register_customer(
            vault,
            operator,
            form({"name": "张三", "mobile": "13812345678"}, notice=installed.notice_version),
        )
        view = get_customer(vault, operator, customer_id)
        assert view.fields == {"mobile": "138****5678", "name": "张*"}
        assert view.purposes == ["service"]
    finally:
        vault.close()


def test_opening_a_home_without_an_installation_says_to_run_init(fresh: Settings) -> None:
    with pytest.raises(ConfigurationError, match="run: privault init") as raised:
        open_vault(fresh)
    assert str(fresh.home) in raised.value.message
    assert not fresh.key_file.exists()


def test_default_settings_keep_data_keystore_and_master_key_apart_under_home(
    tmp_path: Path,
) -> None:
    settings = _sqlite(tmp_path / "shop")
    assert settings.database_url == f"sqlite:///{tmp_path / 'shop' / 'privault.db'}"
    assert settings.keystore_url == f"sqlite:///{tmp_path / 'shop' / 'keystore.db'}"
    assert settings.key_file == tmp_path / "shop" / "master.key"


def test_settings_refuse_a_keystore_in_the_data_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    with pytest.raises(ValidationError, match="must differ"):
        Settings(home=tmp_path, database_url=url, keystore_url=url)


def test_settings_refuse_a_postgresql_database_without_a_keystore(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="PRIVAULT_KEYSTORE_URL must name a separate"):
        Settings(home=tmp_path, database_url=PG_URL, keystore_url="")


def test_settings_accept_postgresql_with_a_separate_keystore(tmp_path: Path) -> None:
    keystore = "postgresql+psycopg://privault@db.internal:5432/privault_keys"
    settings = Settings(home=tmp_path, database_url=PG_URL, keystore_url=keystore)
    assert (settings.database_url, settings.keystore_url) == (PG_URL, keystore)


@pytest.mark.parametrize(
    "keystore",
    [
        "postgresql+psycopg://privault@db.internal/privault",
        "postgresql://privault@db.internal:5432/privault",
    ],
)
def test_settings_refuse_the_data_database_spelled_another_way_as_keystore(
    tmp_path: Path, keystore: str
) -> None:
    with pytest.raises(ValidationError):
        Settings(home=tmp_path, database_url=PG_URL, keystore_url=keystore)
