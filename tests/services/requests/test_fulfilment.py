"""Each request type carried out end to end inside the caller's unit of work, with its audit."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import stat
import uuid
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import AuditEvent
from privault.domain.errors import InvalidInputError, LegalHoldError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.requests import RequestType
from privault.presets import load_preset
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, list_consents, withdraw_consents
from privault.services.consents.notices import publish_notice
from privault.services.customers.records import get_customer, reveal_field
from privault.services.customers.transactions import record_transaction
from privault.services.members.membership import enrol_member
from privault.services.points.movements import redeem_points
from privault.services.requests.answers import fulfil_request
from privault.services.requests.files import open_answer_at
from privault.services.requests.fulfilment import Fulfilment, FulfilmentInput, fulfil
from privault.services.requests.handling import open_request
from privault.services.retention.holds import place_hold
from privault.services.use_case import use_case
from privault.services.vault import Vault
from privault.services.wallet.movements import spend, top_up
from tests.conftest import START, FrozenClock
from tests.factories import MEMBER, NOTICE, approve_assessment_for, register

MOBILE = "13812345678"
VALUES = {"name": "张三丰", "mobile": MOBILE, "birth_date": "1990-03-07"}
WITH_MARKETING = (*MEMBER, "marketing_sms", "birthday_offers")


def run(
    vault: Vault, actor: Actor, customer_id: str, kind: RequestType, **extra: object
) -> Fulfilment:
    job = FulfilmentInput(str(uuid.uuid4()), customer_id, kind, **extra)  # type: ignore[arg-type]
    with use_case(vault, actor) as uc:
        done = fulfil(uc, job)
        uc.commit()
    return done


def answer(vault: Vault, actor: Actor, customer_id: str, path: Path) -> str:
    """An answer file as the person receives it: opened under the customer's data key."""
    sealed = path.with_name(f"{path.name}.sealed")
    return open_answer_at(vault, actor, customer_id, sealed).content.decode("utf-8-sig")


def events(vault: Vault, actor: Actor, customer_id: str, action: Action) -> list[AuditEvent]:
    found = list_audit_events(vault, actor, customer_id=customer_id)
    return [e for e in reversed(found) if e.action == action.value]


def add_purchase(vault: Vault, actor: Actor, customer_id: str) -> None:
    record_transaction(vault, actor, customer_id, "purchase", "128.00", item="洗剪吹")


def is_opted_out(vault: Vault, actor: Actor, customer_id: str, directory: Path) -> bool:
    """As the customer's access package states it: no staff view shows the flag."""
    run(vault, actor, customer_id, RequestType.ACCESS, out_dir=directory)
    document = json.loads(answer(vault, actor, customer_id, directory / "data.json"))
    return bool(document["is_sharing_opted_out"])


@pytest.fixture
def customer(vault: Vault, operator: Actor) -> str:
    return register(vault, operator, dict(VALUES), WITH_MARKETING)


@pytest.mark.legal("PIPL Art. 45", "GDPR Art. 15", "CCPA §1798.110")
@pytest.mark.parametrize("kind", [RequestType.ACCESS, RequestType.COPY])
def test_access_and_copy_write_a_private_package_with_every_field_in_clear(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path, kind: RequestType
) -> None:
    add_purchase(vault, operator, customer)
    out = tmp_path / "answer"

    done = run(vault, operator, customer, kind, out_dir=out)

    assert sorted(p.name for p in done.files) == [
        "data.csv.sealed",
        "data.json.sealed",
        "summary.txt.sealed",
    ]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in done.files)
    assert all(MOBILE.encode() not in p.read_bytes() for p in done.files)
    data = json.loads(answer(vault, operator, customer, out / "data.json"))
    assert {f["key"]: f["value"] for f in data["fields"]} == VALUES
    assert data["consent_history"][0]["notice_version"] == "2026.1"
    assert {p["key"] for p in data["purposes"]} == set(WITH_MARKETING)
    assert data["recipients"]["third_parties"] == []
    assert "No third party" in data["recipients"]["note"]
    assert data["source"] == {"channel": "store", "store": "main", "since": START.isoformat()}
    assert data["regimes"] == ["CN"]
    assert data["transactions"][0]["amount_cents"] == 12800
    rows = list(csv.reader(answer(vault, operator, customer, out / "data.csv").splitlines()))
    assert ["field", "mobile", "手机号", "Mobile", MOBILE, ""] in rows
    summary = answer(vault, operator, customer, out / "summary.txt")
    assert summary.index("您的个人信息副本") < summary.index("A copy of your personal information")
    assert "128.00 CNY" in summary
    # The digest is of what the person receives: the files as they open.
    handed = {p.name: open_answer_at(vault, operator, customer, p) for p in done.files}
    manifest = "".join(
        f"{hashlib.sha256(f.content).hexdigest()}  {f.name}\n"
        for f in sorted(handed.values(), key=lambda f: f.name)
    )
    assert done.evidence_sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    assert set(done.fields) == set(VALUES)
    disclosed = events(vault, operator, customer, Action.REQUEST_FULFIL)
    assert [set(e.fields) for e in disclosed] == [set(VALUES)]
    assert MOBILE not in json.dumps([e.reason for e in disclosed])


def publish_short_notice(vault: Vault, actor: Actor) -> None:
    """Notice 2026.2 naming a short processor, so the summary can be pinned in full."""
    document = copy.deepcopy(load_preset("salon")["notice"])
    document["version"] = "2026.2"
    document["zh"]["processor"] = "三丰美发工作室"
    document["en"]["processor"] = "Sanfeng Hair Studio"
    publish_notice(vault, actor, document)


SUMMARY = """\
您的个人信息副本
客户编号：{id}

一、我们保存的个人信息
  出生日期：1990-03-07
  手机号：13812345678
  姓名：张三丰

二、处理目的、法律依据与保存期限
  服务履行：依据履行与您的合同所必需，保存1095天
  会员服务：依据履行与您的合同所必需，保存1095天
  生日礼遇：依据您的同意，保存730天

三、同意记录
  2026-11-23 同意 生日礼遇、短信营销、会员服务、服务履行（隐私政策版本 2026.1）
  2026-11-25 撤回 短信营销（隐私政策版本 2026.2）

四、接收方
  个人信息处理者：三丰美发工作室
  除本店（个人信息处理者）外，没有任何第三方接收过您的个人信息。

五、来源
  收集渠道：store；门店：main；登记日期：2026-11-23
  适用法域：CN

六、交易记录
  2026-11-23 purchase 洗剪吹 128.00 CNY

七、会员
  无

八、积分与储值
  积分余额：128
    2026-11-23 earn 128
  储值余额：0.00

------------------------------------------------------------

A copy of your personal information
Customer id: {id}

1. The personal information we hold
  Date of birth: 1990-03-07
  Mobile: 13812345678
  Name: 张三丰

2. Purposes, lawful basis and how long we keep it
  Service delivery: necessary for the contract with you; kept 1095 days
  Membership: necessary for the contract with you; kept 1095 days
  Birthday offers: your consent; kept 730 days

3. Consent history
  2026-11-23 grant Birthday offers, SMS marketing, Membership, Service delivery (notice 2026.1)
  2026-11-25 withdraw SMS marketing (notice 2026.2)

4. Recipients
  Processor: Sanfeng Hair Studio
  No third party has received your personal information; only this business, the processor, \
holds it.

5. Source
  Channel: store; store: main; since 2026-11-23
  Regimes: CN

6. Transactions
  2026-11-23 purchase 洗剪吹 128.00 CNY

7. Membership
  none

8. Points and stored value
  Points balance: 128
    2026-11-23 earn 128
  Stored value balance: 0.00
"""


def test_the_summary_reads_chinese_then_english_section_by_section(
    vault: Vault, operator: Actor, customer: str, clock: FrozenClock, tmp_path: Path
) -> None:
    add_purchase(vault, operator, customer)
    clock.advance(days=2)
    publish_short_notice(vault, operator)
    withdraw_consents(vault, operator, customer, ["marketing_sms"], channel="phone")

    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)

    summary = answer(vault, operator, customer, tmp_path / "summary.txt")
    assert summary == SUMMARY.format(id=customer)


def test_a_summary_without_transactions_says_so_in_both_languages(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)

    summary = answer(vault, operator, customer, tmp_path / "summary.txt")
    assert "六、交易记录\n  无\n\n七、" in summary
    assert "6. Transactions\n  none\n\n7. Membership\n  none\n" in summary


def test_a_package_is_never_written_over_an_earlier_one(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match="never overwritten"):
        run(vault, operator, customer, RequestType.COPY, out_dir=tmp_path)

    assert table_counts(vault.database) == before


def test_the_default_package_folder_is_under_the_home_named_by_the_request(
    vault: Vault, operator: Actor, customer: str
) -> None:
    done = run(vault, operator, customer, RequestType.ACCESS)
    assert done.files[0].parent.parent == vault.settings.home / "requests"


@pytest.mark.legal("PIPL Art. 45", "GDPR Art. 20")
def test_portability_writes_the_versioned_format(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    run(vault, operator, customer, RequestType.PORTABILITY, out_dir=tmp_path)

    document = json.loads(answer(vault, operator, customer, tmp_path / "portability.json"))
    assert (document["format"], document["version"]) == ("privault.portability", 1)
    assert document["customer"] == VALUES
    assert {c["purpose"] for c in document["consents"]} == set(WITH_MARKETING)
    assert [set(e.fields) for e in events(vault, operator, customer, Action.REQUEST_FULFIL)] == [
        set(VALUES)
    ]


@pytest.mark.legal("PIPL Art. 46", "GDPR Art. 16", "CCPA §1798.106")
def test_correction_changes_a_field_on_record_under_the_rules_of_registration(
    vault: Vault, operator: Actor, customer: str
) -> None:
    done = run(
        vault, operator, customer, RequestType.CORRECTION, changes={"mobile": "+86 139-0000-0002"}
    )

    assert done.fields == ("mobile",)
    assert reveal_field(vault, operator, customer, "mobile", "service") == "13900000002"
    updates = events(vault, operator, customer, Action.UPDATE)
    assert [(e.fields, e.reason) for e in updates][-1][0] == ("mobile",)
    assert "correction (request" in (updates[-1].reason or "")


@pytest.mark.parametrize(
    ("kind", "changes", "field", "message"),
    [
        (RequestType.CORRECTION, {"mobile": "12812345678"}, "mobile", "mobile"),
        (RequestType.CORRECTION, {"email": "a@example.com"}, "email", "not on record"),
        (RequestType.SUPPLEMENT, {"mobile": "13900000003"}, "mobile", "on record already"),
        (RequestType.SUPPLEMENT, {"gender": "female"}, "gender", "agreement to"),
        (RequestType.SUPPLEMENT, {"favourite_colour": "red"}, "favourite_colour", "catalog"),
    ],
)
def test_a_failing_correction_or_supplement_names_the_field_and_changes_nothing(
    vault: Vault,
    operator: Actor,
    customer: str,
    kind: RequestType,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match=message) as raised:
        run(vault, operator, customer, kind, changes=changes)

    assert raised.value.field == field
    assert table_counts(vault.database) == before


@pytest.mark.legal("PIPL Art. 46")
def test_supplement_adds_a_field_the_customer_agreed_to(
    vault: Vault, operator: Actor, customer: str
) -> None:
    done = run(vault, operator, customer, RequestType.SUPPLEMENT, changes={"address": "深圳市1号"})

    assert done.fields == ("address",)
    assert "address" in get_customer(vault, operator, customer).fields
    assert events(vault, operator, customer, Action.UPDATE)[-1].fields == ("address",)


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17", "CCPA §1798.105")
def test_deletion_shreds_the_customer_and_audits_the_erasure(
    vault: Vault, operator: Actor, customer: str
) -> None:
    job = FulfilmentInput("req-del-1", customer, RequestType.DELETION)
    with use_case(vault, operator) as uc:
        fulfil(uc, job)
        uc.commit()

    with pytest.raises(NotFoundError, match="deletion request"):
        get_customer(vault, operator, customer)
    erased = events(vault, operator, customer, Action.ERASE)
    assert [e.reason for e in erased] == ["deletion request (request req-del-1)"]
    assert table_counts(vault.database)["tombstones"] == 1


def test_deletion_under_a_legal_hold_is_refused_and_audited(
    vault: Vault, operator: Actor, customer: str
) -> None:
    place_hold(vault, operator, customer, "court order")

    with pytest.raises(LegalHoldError, match="restrict the customer instead"):
        run(vault, operator, customer, RequestType.DELETION)

    assert get_customer(vault, operator, customer).id == customer
    assert [e.outcome.value for e in events(vault, operator, customer, Action.ERASE)] == ["denied"]


@pytest.mark.legal("PIPL Art. 47", "PIPL Art. 15")
def test_withdrawing_every_consent_deletes_the_fields_only_they_justified(
    vault: Vault, operator: Actor, customer: str
) -> None:
    done = run(vault, operator, customer, RequestType.WITHDRAW_CONSENT)

    assert "marketing_sms" in done.summary
    assert "birthday_offers" in done.summary
    assert done.fields == ()  # mobile and birth date stay: membership still needs them
    history = list_consents(vault, operator, customer)
    assert {r.purpose for r in history if r.action == "withdraw"} == {
        "marketing_sms",
        "birthday_offers",
    }
    assert events(vault, operator, customer, Action.CONSENT)[-1].purpose == (
        "birthday_offers,marketing_sms"
    )


def test_withdrawing_a_named_consent_deletes_what_it_alone_justified(
    vault: Vault, operator: Actor
) -> None:
    customer = register(
        vault,
        operator,
        {"name": "张三", "mobile": MOBILE, "birth_date": "1990-03-07"},
        ("service", "birthday_offers"),
    )

    done = run(
        vault, operator, customer, RequestType.WITHDRAW_CONSENT, purposes=("birthday_offers",)
    )

    assert done.fields == ("birth_date",)
    assert "birth_date" not in get_customer(vault, operator, customer).fields
    assert events(vault, operator, customer, Action.CONSENT)[-1].fields == ("birth_date",)


@pytest.mark.legal("PIPL Art. 44")
def test_explanation_states_the_rules_that_apply_to_the_customer(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    done = run(vault, operator, customer, RequestType.EXPLANATION, out_dir=tmp_path)

    text = (tmp_path / "explanation.txt").read_text(encoding="utf-8")
    assert done.summary == text
    assert text.index("个人信息处理规则说明") < text.index("How your personal information")
    assert "[SMS marketing] basis: your consent; kept 730 days" in text
    assert "  Mobile: seen masked by front_desk, privacy_officer" in text
    assert "China (PIPL): answered within 30 days" in text
    assert MOBILE not in text
    assert events(vault, operator, customer, Action.REQUEST_FULFIL)[-1].fields == ()


@pytest.mark.legal("GDPR Art. 18")
def test_restriction_keeps_the_data_and_stops_processing(
    vault: Vault, operator: Actor, customer: str
) -> None:
    run(vault, operator, customer, RequestType.RESTRICTION)

    assert get_customer(vault, operator, customer).status == "restricted"
    restricted = events(vault, operator, customer, Action.RESTRICT)
    assert restricted[-1].reason is not None
    assert restricted[-1].reason.startswith("restricted: restriction request")


@pytest.mark.legal("CCPA §1798.120")
def test_opting_out_of_sharing_sets_the_flag_and_audits_it(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    done = run(vault, operator, customer, RequestType.OPT_OUT_SALE_SHARING)

    assert done.summary == "opted out of sale or sharing"
    assert is_opted_out(vault, operator, customer, tmp_path)
    assert "opted out of sale or sharing" in (
        events(vault, operator, customer, Action.CONSENT)[-1].reason or ""
    )


def with_sharing_purpose(vault: Vault) -> None:
    """A catalog whose one purpose hands data to a named partner (no preset has one)."""
    document = load_preset("salon")
    document["purposes"]["partner_offers"] = {
        "name_zh": "合作伙伴优惠",
        "name_en": "Partner offers",
        "lawful_basis": "consent",
        "separate_consent": True,
        "retention_days": 365,
        "shares_with": "Acme Spa Ltd",
    }
    with vault.unit_of_work() as uow:
        uow.installation.put("catalog", json.dumps(document, ensure_ascii=False))
        uow.commit()
    vault.forget_catalog()
    approve_assessment_for(vault, "partner_offers")


@pytest.mark.legal("CCPA §1798.120")
def test_opting_out_withdraws_sharing_consents_and_refuses_new_ones(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    customer = register(
        vault, operator, {"name": "张三", "mobile": MOBILE}, (*MEMBER, "partner_offers")
    )

    done = run(vault, operator, customer, RequestType.OPT_OUT_SALE_SHARING)

    assert done.summary == "opted out of sale or sharing; consents withdrawn: partner_offers"
    withdrawn = [r for r in list_consents(vault, operator, customer) if r.action == "withdraw"]
    assert [r.purpose for r in withdrawn] == ["partner_offers"]
    assert (withdrawn[0].evidence or "").startswith("data-subject request")
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=r"opted out.*partner_offers \(shares with Acme"):
        grant_consents(
            vault, operator, customer, ["partner_offers"], channel="store", notice_version=NOTICE
        )
    assert table_counts(vault.database) == before
    grant_consents(
        vault, operator, customer, ["marketing_sms"], channel="store", notice_version=NOTICE
    )


def test_the_package_names_the_partner_of_an_active_sharing_purpose(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    with_sharing_purpose(vault)
    customer = register(
        vault, operator, {"name": "张三", "mobile": MOBILE}, (*MEMBER, "partner_offers")
    )

    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)

    data = json.loads(answer(vault, operator, customer, tmp_path / "data.json"))
    assert data["recipients"]["third_parties"] == ["Acme Spa Ltd"]
    assert "第三方：Acme Spa Ltd" in answer(vault, operator, customer, tmp_path / "summary.txt")


def test_an_opt_out_opened_by_phone_is_fulfilled_through_the_request_service(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    assert not is_opted_out(vault, operator, customer, tmp_path / "before")
    opened = open_request(vault, operator, customer, "opt_out_sale_sharing", "phone")

    done = fulfil_request(vault, operator, opened.id)

    assert done.request.status.value == "completed"
    assert done.summary == "opted out of sale or sharing"
    assert is_opted_out(vault, operator, customer, tmp_path / "after")


@pytest.mark.legal("PIPL Art. 45")
def test_the_access_package_holds_the_membership_and_every_ledger_entry(
    vault: Vault, operator: Actor, customer: str, tmp_path: Path
) -> None:
    enrol_member(vault, operator, customer)
    add_purchase(vault, operator, customer)
    top_up(vault, operator, customer, "200.00")
    spend(vault, operator, customer, "50.50")
    redeem_points(vault, operator, customer, "28")

    run(vault, operator, customer, RequestType.ACCESS, out_dir=tmp_path)

    data = json.loads(answer(vault, operator, customer, tmp_path / "data.json"))
    assert data["membership"]["status"] == "active"
    assert data["membership"]["level_history"][0]["kind"] == "enrolled"
    points, wallet = data["ledgers"]["points"], data["ledgers"]["wallet"]
    assert (points["balance"], points["owed"]) == ("100", 0)
    assert [(e["kind"], e["amount"]) for e in points["entries"]] == [
        ("earn", "128"),
        ("redeem", "-28"),
    ]
    assert wallet["balance"] == "149.50"
    assert [(e["kind"], e["amount"]) for e in wallet["entries"]][-1] == ("spend", "-50.50")
    rows = list(csv.reader(answer(vault, operator, customer, tmp_path / "data.csv").splitlines()))
    assert ["balance", "wallet", "储值", "Stored value", "149.50", ""] in rows
    summary = answer(vault, operator, customer, tmp_path / "summary.txt")
    assert "储值余额：149.50" in summary
    assert "Points balance: 100" in summary
