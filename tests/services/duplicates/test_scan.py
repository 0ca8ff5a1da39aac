"""The scan finds every planted near-duplicate from the digests alone, and no false pair among
ten thousand distinct people."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from faker import Faker

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.duplicates.review import list_candidates
from privault.services.duplicates.scan import scan_duplicates
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.jobs.runner import run_due_jobs
from privault.services.vault import Vault
from tests.factories import MEMBER, NOTICE, register
from tests.web.test_api import READER

DESK = Actor("desk.test", frozenset({"front_desk"}))
HEADER = ["姓名", "手机号", "电子邮箱", "出生日期"]

# Pairs a desk typically creates: (first record, second record, the variant kinds that meet).
PLANTED = [
    (
        {"name": "李娜", "mobile": "13912345678"},
        {"name": "李娜", "mobile": "13912345679"},
        {"name_mobile"},
    ),
    (
        {"name": "陈静", "email": "Chen.Jing@gmail.com"},
        {"name": "陈晶", "email": "chenjing+salon@gmail.com"},
        {"email"},
    ),
    (
        {"name": "张伟", "birth_date": "1988-04-02"},
        {"name": "章炜", "birth_date": "1988-04-02"},
        {"pinyin_birth"},
    ),
    (
        {"name": "王芳", "birth_date": "1990-12-01", "mobile": "13700000001"},
        {"name": "王芳", "birth_date": "1990-12-01", "mobile": "18600000002"},
        {"name_birth", "pinyin_birth"},
    ),
]


def _plant(vault: Vault, operator: Actor) -> list[tuple[str, str, set[str]]]:
    planted = []
    for first, second, kinds in PLANTED:
        a = register(vault, operator, first, MEMBER)
        b = register(vault, operator, second, MEMBER)
        low, high = sorted((a, b))
        planted.append((low, high, kinds))
    return planted


def _pairs(vault: Vault, operator: Actor) -> dict[tuple[str, str], set[str]]:
    page = list_candidates(vault, operator, limit=200)
    return {(p.first.id, p.second.id): set(p.kinds) for p in page.pairs}


def test_registration_flags_each_planted_pair_on_entry(vault: Vault, operator: Actor) -> None:
    planted = _plant(vault, operator)
    assert _pairs(vault, operator) == {(a, b): kinds for a, b, kinds in planted}


def test_a_scan_finds_the_same_pairs_and_adds_none_twice(vault: Vault, operator: Actor) -> None:
    planted = _plant(vault, operator)
    report = scan_duplicates(vault, operator)
    assert (report.pairs, report.added, report.open) == (len(planted), 0, len(planted))
    events = [
        e for e in list_audit_events(vault, READER, limit=50) if e.action == "duplicates.scan"
    ]
    assert [e.reason for e in events] == ["pairs 4, new 0"]


def test_two_people_with_one_field_in_common_are_no_pair(vault: Vault, operator: Actor) -> None:
    register(vault, operator, {"name": "刘洋", "birth_date": "1985-01-01"}, MEMBER)
    register(vault, operator, {"name": "刘洋", "birth_date": "1985-01-02"}, MEMBER)
    register(vault, operator, {"name": "赵敏", "mobile": "13912345678"}, MEMBER)
    register(vault, operator, {"name": "钱敏", "mobile": "13912345679"}, MEMBER)
    assert scan_duplicates(vault, operator).pairs == 0


def test_the_desk_may_not_scan(vault: Vault) -> None:
    with pytest.raises(PolicyDeniedError, match=r"may not duplicates.scan"):
        scan_duplicates(vault, DESK)


def _distinct_people(path: Path, count: int) -> None:
    """Faker's zh_CN people, each name used once (two people of one name and birth date ARE a
    likely duplicate), with their own mobile and mailbox."""
    fake = Faker("zh_CN")
    fake.seed_instance(17)
    rng = random.Random(17)
    mobiles = rng.sample(range(10**8), count)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(count):
            birth = fake.date_of_birth(minimum_age=18, maximum_age=80)
            writer.writerow(
                [fake.unique.name(), f"13{i % 10}{mobiles[i]:08d}", f"p{i}@example.cn", birth]
            )


def test_no_false_pair_among_ten_thousand_distinct_people(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    _distinct_people(source, 10_000)
    report = import_customers(vault, operator, source, ImportOptions(NOTICE, MEMBER))
    assert (report.imported, report.rejected) == (10_000, 0)
    planted = _plant(vault, operator)
    scanned = scan_duplicates(vault, operator)
    assert _pairs(vault, operator) == {(a, b): kinds for a, b, kinds in planted}
    assert scanned.pairs == len(planted)


def test_scan_is_recorded_with_no_customer(vault: Vault, operator: Actor) -> None:
    scan_duplicates(vault, operator)
    events = [
        e for e in list_audit_events(vault, READER, limit=50) if e.action == "duplicates.scan"
    ]
    assert [(e.customer_id, e.actor) for e in events] == [(None, operator.name)]
    assert Action.DUPLICATES_SCAN.value == "duplicates.scan"


def test_the_daily_job_scans_the_whole_base_as_the_system(vault: Vault, operator: Actor) -> None:
    planted = _plant(vault, operator)

    [run] = run_due_jobs(vault, "w1", only="duplicates-scan")

    assert run.summary == f"pairs={len(planted)}, added=0"
    [event] = [
        e for e in list_audit_events(vault, READER, limit=50) if e.action == "duplicates.scan"
    ]
    assert event.actor == "system"
