"""Realistic demo customers (Faker zh_CN) with consents spread as a real shop collects them."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from privault.domain.catalog import Catalog, ValueKind
from privault.domain.consents import Channel, Guardian, GuardianRelation
from privault.domain.errors import InvalidInputError
from privault.domain.identifiers import new_customer_id
from privault.domain.policy import Action, Actor
from privault.domain.registration import prepare_customer
from privault.services.consents.ledger import current_notice
from privault.services.customers.enrolment import ConsentContext, NewCustomer, screen, seal, store
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

if TYPE_CHECKING:
    from faker import Faker

# Share of customers who agree to each purpose; contract purposes come with the service itself.
CONSENT_RATES = {
    "service": 1.0,
    "membership": 0.65,
    "marketing_sms": 0.35,
    "marketing_email": 0.15,
    "birthday_offers": 0.4,
    "personalisation": 0.45,
    "sensitive_care": 0.12,
    "delivery": 0.3,
    "parking": 0.2,
    # Not activated in the demo: no partner agreement exists, so nobody is asked.
    "partner_sharing": 0.0,
    "cross_border_transfer": 0.0,
}
CHANNELS = [(Channel.STORE, 0.6), (Channel.PHONE, 0.15), (Channel.WEB, 0.15), (Channel.POS, 0.1)]
ALLERGIES = [
    "对染发剂中的对苯二胺过敏",
    "对香精过敏",
    "对芒果过敏",
    "花粉过敏",
    "对酒精类护肤品敏感",
    "对坚果过敏",
    "乳糖不耐受",
    "海鲜过敏",
    "对镍金属过敏",
]
DISHES = ["白切鸡", "清蒸石斑", "东坡肉", "麻婆豆腐", "小笼包", "北京烤鸭", "酸菜鱼", "佛跳墙"]
DRINKS = ["普洱茶", "铁观音", "鲜榨橙汁", "青岛啤酒", "长城干红", "温开水"]
SEATING = ["靠窗", "安静包间", "无烟区", "大圆桌", "近门"]
CATEGORIES = ["女装", "童装", "运动户外", "鞋靴", "箱包", "家居", "美妆"]
CHILD_SHARE = 0.03
BATCH = 500


def seed_demo(
    vault: Vault, actor: Actor, count: int, *, seed: int | None = None, if_empty: bool = False
) -> int:
    """Returns how many customers were added (0 when `if_empty` and customers exist)."""
    if count < 1:
        raise InvalidInputError("give a positive number of customers", field="customers")
    rng = random.Random(seed)  # noqa: S311 -- demo data, not secrets
    # Faker is imported here: `privault` imports this module for every command, few seed.
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    with use_case(vault, actor) as uc:
        uc.require(Action.REGISTER)
        if if_empty and uc.uow.customers.count() > 0:
            return 0
        notice = current_notice(uc.uow)  # none until the shop's identity is set
        uc.commit()
    contexts = {c: ConsentContext(notice, c, actor.name, "demo data") for c, _ in CHANNELS}
    added = 0
    while added < count:
        # One use case per batch, as an import commits its batches.
        with use_case(vault, actor) as uc:
            added += _seed_batch(uc, contexts, fake, rng, min(BATCH, count - added))
    return added


def _seed_batch(
    uc: UseCase,
    contexts: dict[Channel, ConsentContext],
    fake: Faker,
    rng: random.Random,
    size: int,
) -> int:
    """`size` new customers, less any that duplicate one on record; returns how many."""
    catalog, today = uc.catalog, uc.now.date()
    people = [_person(catalog, fake, rng, today) for _ in range(size)]
    sealed = [(seal(uc.vault.sealer, catalog, p, c, uc.now), c) for p, c in people]
    duplicates = screen(uc.uow, [s for s, _ in sealed])
    added = 0
    for channel, context in contexts.items():
        group = [s for s, c in sealed if c is channel and s.id not in duplicates]
        store(uc, Action.REGISTER, group, context)
        added += len(group)
    uc.commit()
    return added


def _person(
    catalog: Catalog, fake: Faker, rng: random.Random, today: date
) -> tuple[NewCustomer, Channel]:
    purposes = {p for p in catalog.purposes if rng.random() < CONSENT_RATES.get(p, 0.2)}
    purposes.add("service")
    is_child = rng.random() < CHILD_SHARE
    born = today - timedelta(
        days=rng.randint(6 * 365, 12 * 365) if is_child else rng.randint(18 * 365, 70 * 365)
    )
    values = _values(catalog, fake, rng, born)
    kept = {k: v for k, v in values.items() if catalog.justifying(k, purposes)}
    guardian = Guardian(fake.name(), rng.choice(list(GuardianRelation))) if is_child else None
    prepared = prepare_customer(catalog, kept, purposes, guardian, today=today)
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    store = rng.choice(["main", "main", "east"])
    return NewCustomer(
        new_customer_id(), prepared, store, guardian if prepared.is_minor else None
    ), channel


def _values(catalog: Catalog, fake: Faker, rng: random.Random, born: date) -> dict[str, str]:
    makers: dict[str, Callable[[], str]] = {
        "name": fake.name,
        "mobile": fake.phone_number,
        "email": lambda: f"{fake.user_name()}{rng.randint(1, 999)}@{fake.free_email_domain()}",
        "birth_date": born.isoformat,
        "address": fake.address,
        "member_no": lambda: f"M{rng.randint(0, 99_999_999):08d}",
        "allergies": lambda: rng.choice(ALLERGIES),
        "dietary_restrictions": lambda: rng.choice(ALLERGIES[5:]),
        "favourite_dishes": lambda: "、".join(rng.sample(DISHES, 2)),
        "favourite_drinks": lambda: rng.choice(DRINKS),
        "seating": lambda: rng.choice(SEATING),
        "preferred_categories": lambda: "、".join(rng.sample(CATEGORIES, 2)),
        "employer": fake.company,
        "title": fake.job,
        "plate_number": lambda: f"粤B{rng.randint(10000, 99999)}",
        "anniversaries": lambda: f"结婚纪念日 {fake.date_between('-20y', '-1y').strftime('%m-%d')}",
    }
    values = {key: make() for key, make in makers.items() if key in catalog.fields}
    for key, spec in catalog.fields.items():
        if spec.kind is ValueKind.ENUM and key not in values:
            values[key] = rng.choice(list(spec.choices))
    return values
