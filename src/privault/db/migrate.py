"""Run and write Alembic migrations for both databases without an alembic.ini.

Alembic (which brings Mako and Pygments) is imported inside the functions: every `privault`
command imports this module, and only `init` and upgrades migrate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from privault.db.unit_of_work import Database

if TYPE_CHECKING:
    from alembic.config import Config

TREES = Path(__file__).parent / "migrations"


def _config(tree: str, engine: Engine) -> tuple[Config, Engine]:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(TREES / tree))
    return config, engine


def upgrade(database: Database) -> None:
    from alembic import command

    for tree, engine in (("data", database.data_engine), ("keystore", database.keystore_engine)):
        config, _ = _config(tree, engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def downgrade(database: Database, *, data: str, keystore: str) -> None:
    """Back to the given revisions (a developer's and the migration tests' tool)."""
    from alembic import command

    for tree, engine, target in (
        ("data", database.data_engine, data),
        ("keystore", database.keystore_engine, keystore),
    ):
        config, _ = _config(tree, engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, target)


def revision(database: Database, tree: str, message: str) -> None:
    """Developer command: autogenerate a migration from the models (`python -m ...migrate`)."""
    from alembic import command

    engine = database.data_engine if tree == "data" else database.keystore_engine
    config, _ = _config(tree, engine)
    upgrade(database)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    from privault.config import Settings

    settings = Settings()
    revision(Database(settings.database_url, settings.keystore_url), sys.argv[1], sys.argv[2])
