"""Fixtures: a fresh installation per test on SQLite, or on PostgreSQL when
PRIVAULT_TEST_DATABASE_URL is set (the data and a separate keystore database on that server)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from privault.config import Settings
from privault.db.inspection import truncate_all
from privault.db.migrate import upgrade
from privault.db.unit_of_work import Database
from privault.domain.policy import Actor
from privault.services.installation.setup import init_installation
from privault.services.vault import Vault, open_vault
from tests import pg_templates
from tests.factories import approve_preset_assessments

PG_URL = os.environ.get("PRIVAULT_TEST_DATABASE_URL", "")
START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


class FrozenClock:
    """Tests move time by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def keystore_url(data_url: str) -> str:
    url = make_url(data_url)
    return url.set(database=f"{url.database}_keystore").render_as_string(hide_password=False)


def _ensure_pg_keystore(data_url: str) -> None:
    name = make_url(keystore_url(data_url)).database
    admin = create_engine(data_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[Database | None]:
    if not PG_URL:
        yield None
        return
    _ensure_pg_keystore(PG_URL)
    database = Database(PG_URL, keystore_url(PG_URL))
    upgrade(database)
    yield database
    database.dispose()


def make_settings(home: Path) -> Settings:
    if PG_URL:
        return Settings(home=home, database_url=PG_URL, keystore_url=keystore_url(PG_URL))
    return Settings(home=home, database_url="", keystore_url="")


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One initialised installation per industry, copied for each test (migrations run once)."""
    templates = {}
    for industry in ("salon", "restaurant", "retail"):
        home = tmp_path_factory.mktemp(f"template-{industry}")
        settings = Settings(home=home, database_url="", keystore_url="")
        init_installation(settings, industry, officer=OFFICER, clock=FrozenClock(), identity=SHOP)
        approve_assessments(settings)
        templates[industry] = home
    return templates


@pytest.fixture(scope="session")
def pg_template(
    pg_database: Database | None, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], pg_templates.Template]:
    """On PostgreSQL, one installation per industry set up when first asked for and kept in
    memory (tests/pg_templates.py), restored for each test."""
    made: dict[str, pg_templates.Template] = {}

    def template(industry: str) -> pg_templates.Template:
        if industry not in made:
            assert pg_database is not None
            truncate_all(pg_database)
            home = tmp_path_factory.mktemp(f"pg-template-{industry}")
            settings = make_settings(home)
            init_installation(
                settings, industry, officer=OFFICER, clock=FrozenClock(), identity=SHOP
            )
            approve_assessments(settings)
            made[industry] = pg_templates.take(pg_database, home)
        return made[industry]

    return template


def approve_assessments(settings: Settings) -> None:
    opened = open_vault(settings, clock=FrozenClock())
    try:
        approve_preset_assessments(opened)
    finally:
        opened.close()


OFFICER = "owner"  # the first account every test installation has
# The shop's identity every test installation is set up with, so its notice is published.
SHOP = {
    "business_name": "三丰美发工作室",
    "address": "广东省深圳市南山区科技园路1号",
    "phone": "0755-86013388",
    "email": "privacy@sanfeng.example.cn",
    "officer_name": "王店长",
    "officer_contact": "13900001111",
}
# Most service tests act as a trained store manager who is also the privacy officer (a small
# shop's owner); tests of the policy itself build their own actors.
OPERATOR = Actor(name="operator.test", roles=frozenset({"store_manager", "privacy_officer"}))


@pytest.fixture
def operator() -> Actor:
    return OPERATOR


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def industry() -> str:
    return "salon"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def settings(
    home: Path,
    industry: str,
    sqlite_templates: dict[str, Path],
    pg_database: Database | None,
    pg_template: Callable[[str], pg_templates.Template],
) -> Settings:
    """An initialised installation of `industry` under `home`."""
    if pg_database is not None:
        pg_templates.restore(pg_database, pg_template(industry), home)
        return make_settings(home)
    shutil.copytree(sqlite_templates[industry], home)
    return make_settings(home)


@pytest.fixture
def vault(settings: Settings, clock: FrozenClock) -> Iterator[Vault]:
    opened = open_vault(settings, clock=clock)
    yield opened
    opened.close()
