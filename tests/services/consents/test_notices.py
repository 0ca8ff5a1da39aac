"""Publishing privacy notices: complete texts only, each version once; consents cite the hash."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.notices import fill_identity, parse_notice
from privault.domain.policy import Action, Actor
from privault.domain.shop import ShopIdentity
from privault.presets import load_preset
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents, withdraw_consents
from privault.services.consents.notices import as_notice, list_notices, publish_notice
from privault.services.vault import Vault
from tests.conftest import OPERATOR, SHOP, FrozenClock
from tests.factories import NOTICE, register


def _notice(version: str = "2026.2") -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_preset("salon")["notice"])
    document["version"] = version
    document["zh"]["contact"] = "请致电 0755-86013388 联系本店隐私保护负责人。"
    document["en"]["contact"] = "Call our privacy officer on 0755-86013388."
    return document


def _consent_hashes(vault: Vault, customer_id: str) -> set[tuple[str, str]]:
    consents = list_consents(vault, OPERATOR, customer_id)
    return {(c.notice_version, c.notice_sha256) for c in consents}


def test_a_complete_notice_is_published_with_its_hash(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=30)
    document = _notice()
    stored = publish_notice(vault, operator, document)
    assert (stored.version, stored.published_by, stored.published_at) == (
        "2026.2",
        operator.name,
        clock.now,
    )
    rendered = parse_notice(fill_identity(document, ShopIdentity(**SHOP)))
    assert stored.sha256 == rendered.sha256
    assert not stored.is_material
    assert as_notice(stored) == rendered
    assert SHOP["business_name"] in rendered.texts["zh"]["processor"]


def test_the_list_shows_every_published_version_in_order(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice())
    published = list_notices(vault, operator)
    assert [n.version for n in published] == [NOTICE, "2026.2"]
    assert published[0].sha256 != published[1].sha256


def test_a_material_change_is_recorded_as_such(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=30)
    stored = publish_notice(vault, operator, {**_notice(), "material": True})
    assert stored.is_material
    assert list_notices(vault, operator)[-1].is_material


def test_publishing_is_audited(vault: Vault, operator: Actor, clock: FrozenClock) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice())
    latest = list_audit_events(vault, operator, limit=1)[0]
    assert (latest.action, latest.actor, latest.reason, latest.customer_id) == (
        Action.NOTICE_PUBLISH,
        operator.name,
        "notice 2026.2",
        None,
    )


@pytest.mark.legal("PIPL Art. 17")
@pytest.mark.parametrize(("lang", "key"), [("zh", "rights"), ("en", "processor")])
def test_a_notice_missing_an_element_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor, lang: str, key: str
) -> None:
    document = _notice()
    del document[lang][key]
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=f"{lang}.{key}") as raised:
        publish_notice(vault, operator, document)
    assert raised.value.field == "notice"
    assert table_counts(vault.database) == before
    assert [n.version for n in list_notices(vault, operator)] == [NOTICE]


def test_republishing_a_version_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    (original,) = list_notices(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="already published") as raised:
        publish_notice(vault, operator, _notice(NOTICE))
    assert raised.value.field == "version"
    assert table_counts(vault.database) == before
    assert list_notices(vault, operator) == [original]


def test_a_notice_without_a_version_is_refused(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        publish_notice(vault, operator, _notice(""))
    assert raised.value.field == "version"
    assert table_counts(vault.database) == before


def test_an_over_long_version_is_refused_and_changes_nothing(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        publish_notice(vault, operator, _notice("2026.2-" + "revised-" * 4))
    assert raised.value.field == "version"
    assert table_counts(vault.database) == before


def test_an_actor_without_a_role_may_not_publish(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError):
        publish_notice(vault, Actor("visitor", frozenset()), _notice())
    assert table_counts(vault.database) == {**before, "audit_events": before["audit_events"] + 1}


@pytest.mark.legal("PIPL Art. 14")
def test_registration_under_the_new_notice_records_its_hash(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=30)
    stored = publish_notice(vault, operator, _notice())
    customer_id = register(vault, operator, notice="2026.2")
    assert _consent_hashes(vault, customer_id) == {("2026.2", stored.sha256)}
    assert [r.notice_version for r in list_consents(vault, operator, customer_id)] == ["2026.2"]


def test_registration_under_the_earlier_notice_keeps_citing_its_hash(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    (first,) = list_notices(vault, operator)
    clock.advance(days=30)
    publish_notice(vault, operator, _notice())
    customer_id = register(vault, operator, notice=NOTICE)
    assert _consent_hashes(vault, customer_id) == {(NOTICE, first.sha256)}


def test_a_withdrawal_without_a_named_notice_cites_the_latest(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator, purposes=("service", "marketing_sms"))
    clock.advance(days=30)
    stored = publish_notice(vault, operator, _notice())
    withdraw_consents(vault, operator, customer_id, ["marketing_sms"], channel="web")
    withdrawal = list_consents(vault, operator, customer_id)[-1]
    assert (withdrawal.purpose, withdrawal.notice_version) == ("marketing_sms", "2026.2")
    assert withdrawal.notice_sha256 == stored.sha256
