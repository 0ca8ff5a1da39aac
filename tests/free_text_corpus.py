"""A labelled corpus of Chinese staff notes, generated deterministically: Faker zh_CN sentences
with planted personal values (each with its kind and span) and hard negatives that look like them
(order, invoice and landline numbers, prices, dates, IDs with a wrong check digit)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker
from stdnum import luhn
from stdnum.cn import ric

from privault.domain.free_text import Finding, Kind


@dataclass(frozen=True)
class Planted:
    kind: Kind
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    text: str
    planted: tuple[Planted, ...]


@dataclass(frozen=True)
class Score:
    planted: int
    found_planted: int
    findings: int
    true_findings: int

    @property
    def recall(self) -> float:
        return self.found_planted / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.true_findings / self.findings if self.findings else 1.0


def _mobile(fake: Faker, rng: random.Random) -> str:
    number = str(fake.phone_number())
    shape = rng.randrange(5)
    if shape == 1:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if shape == 2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if shape == 3:
        return f"+86 {number}"
    return f"86-{number}" if shape == 4 else number


def _resident_id(fake: Faker, rng: random.Random) -> str:
    return str(fake.ssn())


def _bank_card(fake: Faker, rng: random.Random) -> str:
    body = "62" + "".join(rng.choice("0123456789") for _ in range(rng.choice((13, 14, 16))))
    card = body + luhn.calc_check_digit(body)
    if rng.random() < 0.5:
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    return card


def _plate(fake: Faker, rng: random.Random) -> str:
    # Faker's plates may use I or O, which no real plate does (they read as 1 and 0).
    plate = str(fake.license_plate()).replace("I", "J").replace("O", "Q")
    if rng.random() < 0.3:  # a new-energy plate: D or F, then five
        return f"{plate[0]}{plate[1]}{rng.choice('DF')}{rng.randrange(10**5):05d}"
    return plate if rng.random() < 0.5 else plate.replace("-", "")


def _email(fake: Faker, rng: random.Random) -> str:
    return str(fake.email())


def _address(fake: Faker, rng: random.Random) -> str:
    if rng.random() < 0.3:
        estate = fake.last_name() + rng.choice(("花园", "小区", "公寓", "苑"))
        flat = f"{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元{rng.randrange(101, 3300)}室"
        return estate + flat
    place = f"{fake.province()}{fake.city()}{fake.district()}区"
    street = f"{fake.street_name()}{rng.randrange(1, 999)}号"
    return place + street if rng.random() < 0.6 else street


PLANTERS: dict[Kind, Callable[[Faker, random.Random], str]] = {
    Kind.MOBILE: _mobile,
    Kind.RESIDENT_ID: _resident_id,
    Kind.BANK_CARD: _bank_card,
    Kind.PLATE: _plate,
    Kind.EMAIL: _email,
    Kind.ADDRESS: _address,
}
LEADS: dict[Kind, tuple[str, ...]] = {
    Kind.MOBILE: ("客人电话", "手机", "联系方式：", "她说打"),
    Kind.RESIDENT_ID: ("身份证", "证件号：", "登记了"),
    Kind.BANK_CARD: ("卡号", "转账到", "银行卡："),
    Kind.PLATE: ("车牌", "停车位的车是", "开的"),
    Kind.EMAIL: ("邮箱", "发到", "email: "),
    Kind.ADDRESS: ("住在", "地址：", "送到"),
}


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _bad_id(fake: Faker, rng: random.Random) -> str:
    good = str(fake.ssn())
    wrong = [d for d in "0123456789X" if d != ric.calc_check_digit(good)]
    return good[:17] + rng.choice(wrong)


NEGATIVES: tuple[Callable[[Faker, random.Random], str], ...] = (
    lambda fake, rng: f"订单号{rng.choice(('2026', '2025'))}{_digits(rng, 12)}",
    lambda fake, rng: f"订单号：1{rng.choice('3589')}{_digits(rng, 9)}",
    lambda fake, rng: f"￥{rng.randrange(1, 99)},{rng.randrange(100, 999)}.{rng.randrange(10, 99)}",
    lambda fake, rng: f"共计{rng.randrange(10, 9999)}元",
    lambda fake, rng: f"{rng.randrange(2000, 2030)}年{rng.randrange(1, 13)}月{rng.choice('135')}日",
    lambda fake, rng: f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}号",
    lambda fake, rng: f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} 09:30",
    lambda fake, rng: f"发票号码{_digits(rng, rng.choice((8, 20)))}",
    lambda fake, rng: f"发票代码{_digits(rng, 12)}",
    lambda fake, rng: f"座机0{rng.choice('2345789')}{_digits(rng, 9)}",
    lambda fake, rng: f"编号1{rng.choice('012')}{_digits(rng, 9)}",
    lambda fake, rng: f"证件{_bad_id(fake, rng)}",
    lambda fake, rng: f"{rng.randrange(1, 30)}号楼",
    lambda fake, rng: f"第{rng.randrange(1, 9)}桌{rng.randrange(2, 12)}位",
)


def corpus(count: int, *, seed: int = 17) -> list[Note]:
    """`count` notes, each a few sentences with up to two planted values and up to two hard
    negatives; the same seed gives the same corpus."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    return [_note(fake, rng) for _ in range(count)]


def _note(fake: Faker, rng: random.Random) -> Note:
    text = ""
    planted: list[Planted] = []
    pieces = [None] * rng.randrange(0, 3) + [
        rng.choice(NEGATIVES) for _ in range(rng.randrange(0, 3))
    ]
    rng.shuffle(pieces)
    for piece in pieces:
        text += str(fake.sentence())
        if piece is None:
            kind = rng.choice(list(Kind))
            text += rng.choice(LEADS[kind])
            value = PLANTERS[kind](fake, rng)
            planted.append(Planted(kind, len(text), len(text) + len(value)))
            text += value + "，"
        else:
            text += piece(fake, rng) + "，"
    return Note(text + str(fake.sentence()), tuple(planted))


def score(notes: list[Note], scan: Callable[[str], list[Finding]]) -> Score:
    planted = found_planted = findings = true_findings = 0
    for note in notes:
        results = scan(note.text)
        planted += len(note.planted)
        found_planted += sum(
            any(f.kind is p.kind and f.overlaps(p.start, p.end) for f in results)
            for p in note.planted
        )
        findings += len(results)
        true_findings += sum(
            any(f.kind is p.kind and f.overlaps(p.start, p.end) for p in note.planted)
            for f in results
        )
    return Score(planted, found_planted, findings, true_findings)


def missed(notes: list[Note], scan: Callable[[str], list[Finding]]) -> list[str]:
    """The planted values not found and the findings that are none, for a failing test's message
    (the corpus is synthetic: its values belong to nobody)."""
    lines: list[str] = []
    for note in notes:
        results = scan(note.text)
        for p in note.planted:
            if not any(f.kind is p.kind and f.overlaps(p.start, p.end) for f in results):
                lines.append(f"missed {p.kind}: {note.text[p.start : p.end]}")
        for f in results:
            if not any(f.kind is p.kind and f.overlaps(p.start, p.end) for p in note.planted):
                lines.append(f"false {f.kind}: {note.text[f.start : f.end]} in {note.text}")
    return lines
