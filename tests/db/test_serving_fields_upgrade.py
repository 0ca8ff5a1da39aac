"""An installation set up before issue 15 keeps its stored catalog: the upgrade marks the
preset's service-relevant fields `serving`, and leaves a shop's own choice and every other
field as they were."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from privault.db.migrate import downgrade, upgrade
from privault.domain.catalog import parse_catalog, serving_fields
from privault.services.vault import Vault

BEFORE = {"data": "f2b7d0e4a6c1", "keystore": "5d2f7a9c1e40"}


def _stored(vault: Vault) -> dict[str, Any]:
    with vault.database.data_engine.connect() as connection:
        value = connection.execute(text("SELECT value FROM installation WHERE key = 'catalog'"))
        return dict(json.loads(str(value.scalar())))


def _store(vault: Vault, catalog: dict[str, Any]) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE installation SET value = :v WHERE key = 'catalog'"),
            {"v": json.dumps(catalog, ensure_ascii=False)},
        )


@pytest.mark.parametrize("industry", ["restaurant"])
def test_an_upgraded_restaurant_shows_its_serving_fields_and_keeps_the_shops_choice(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = _stored(vault)
    assert not any("serving" in spec for spec in old["fields"].values())
    for added_later in ("favourite_drinks", "seating"):  # the preset before issue 15
        del old["fields"][added_later]
    old["fields"]["title"]["serving"] = False  # the shop does not put job titles on cards
    _store(vault, old)

    upgrade(vault.database)

    catalog = parse_catalog(_stored(vault))
    assert [spec.key for spec in serving_fields(catalog)] == [
        "favourite_dishes",
        "dietary_restrictions",
    ]
    assert "seating" not in catalog.fields  # a new preset field waits for the shop's notice


def test_a_salon_gains_hair_skin_and_allergies(vault: Vault) -> None:
    downgrade(vault.database, **BEFORE)
    upgrade(vault.database)

    shown = serving_fields(parse_catalog(_stored(vault)))
    assert [spec.key for spec in shown] == ["hair_type", "skin_type", "allergies"]
