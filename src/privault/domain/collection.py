"""The collection form (客户信息收集表, seed 003 附表 6.1): which items a form may hold, how each
was obtained, the review's decisions and the business's clocks (review, entry onto the card).

The seed also gathers by overhearing conversations and asking people who know the guest, and
records companions, drivers and appearance: those items are refused here, at entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from privault.domain.catalog import Catalog, Category, FieldSpec
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.free_text.screening import OnFound
from privault.domain.transactions import short_text
from privault.domain.values import normalise


class ItemSource(StrEnum):
    TOLD = "told"  # the customer said it
    OBSERVED = "observed"  # seen while serving them (a dish left untouched)


class FormStatus(StrEnum):
    COLLECTING = "collecting"
    SUBMITTED = "submitted"  # at the booking desk, awaiting review
    REVIEWED = "reviewed"  # every item decided; accepted ones are on the record
    ENTERED = "entered"  # the desk confirmed the card is written
    DISCARDED = "discarded"  # never submitted in time: its values deleted, unreviewed


class ItemStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"


class Decision(StrEnum):
    ACCEPT = "accept"
    CORRECT = "correct"
    REJECT = "reject"


class FormEntry(StrEnum):
    DEVICE = "device"  # filled by the server on a device
    PAPER = "paper"  # entered from the paper form after the meal


# Covert or second-hand sources the seed names (倾听客人谈话, 与客人熟悉的人了解): never recorded.
REFUSED_SOURCES = {
    "overheard": "overheard conversations",
    "asked_others": "asking other people about the customer",
    "second_hand": "second-hand reports",
}
# Item keys that are about another person (附属客户: family, driver, friends, office staff).
OTHER_PERSON_WORDS = (
    "companion", "driver", "family", "friend", "spouse", "secretary", "assistant", "guest_of",
    "附属", "司机", "家属", "家人", "朋友", "主任", "秘书", "同伴",
)  # fmt: skip
APPEARANCE_WORDS = ("appearance", "looks", "相貌", "外貌", "长相")
MAX_VALUE = 200
MAX_ITEMS = 30
DEFAULT_REVIEW_HOURS = 84  # twice a week: a form waits at most 3.5 days for its review
MAX_REVIEW_HOURS = 24 * 31
ENTRY_DUE = timedelta(hours=24)  # 订餐员在24小时内 writes the reviewed items onto the card

ITEM_FORMAT = "write each item as KEY=VALUE:told or KEY=VALUE:observed"
COVERT_SOURCE = (
    "{item} was obtained by {source}; only what the customer told you or what you observed "
    "while serving them is recorded: leave it out"
)
UNKNOWN_SOURCE = "{item}: say how it was obtained, told or observed"
OTHER_PERSON = (
    "{item} is about another person (a companion, driver or family member); another person's "
    "data is not recorded without their own consent: leave it out, or register them as a "
    "customer with their own consent"
)
APPEARANCE = (
    "{item} (appearance, 相貌特征) is not recorded: no purpose of this business's catalog with "
    "separate consent justifies it; leave it out"
)
UNKNOWN_ITEM = (
    "{item} is not a field of this business's catalog, so no purpose justifies collecting it; "
    "leave it out (fields: {known})"
)
UNJUSTIFIED = "no purpose of this business justifies collecting {item}; leave it out"
CONTACT_ITEM = (
    "{item} is contact data: it is taken at the booking desk with the customer's registration, "
    "never on the collection form"
)


@dataclass(frozen=True)
class CollectedItem:
    key: str
    value: str
    source: ItemSource


@dataclass(frozen=True)
class FormItem:
    key: str
    source: ItemSource
    status: ItemStatus
    has_value: bool
    decided_at: datetime | None = None
    decided_by: str | None = None


@dataclass(frozen=True)
class CollectionForm:
    id: str
    booking_id: str
    store: str
    collector: str
    entry: FormEntry
    status: FormStatus
    created_at: datetime
    key_owner: str | None = None  # the customer whose data key seals the values
    submitted_at: datetime | None = None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    review_with: str | None = None
    entered_at: datetime | None = None
    entered_by: str | None = None
    paper_destruction_id: int | None = None
    items: tuple[FormItem, ...] = ()

    @property
    def pending(self) -> tuple[FormItem, ...]:
        return tuple(i for i in self.items if i.status is ItemStatus.PENDING)

    @property
    def accepted(self) -> tuple[FormItem, ...]:
        taken = (ItemStatus.ACCEPTED, ItemStatus.CORRECTED)
        return tuple(i for i in self.items if i.status in taken)


def parse_item_text(raw: str) -> tuple[str, str, str]:
    """`key=value:source`; the value may hold colons, the source is after the last one."""
    key, sep, rest = raw.partition("=")
    value, colon, source = rest.rpartition(":")
    if not (sep and colon and key.strip()):
        raise InvalidInputError(ITEM_FORMAT, field="item")
    return key.strip(), value, source.strip()


def check_item(
    catalog: Catalog,
    key: str,
    value: str,
    source: str,
    *,
    today: date,
    on_found: OnFound = OnFound.REFUSE,
) -> CollectedItem:
    """One item as collected: a way of obtaining it the customer knows of, about the customer
    only, and a catalog field some purpose justifies (appearance only with separate consent)."""
    item = key.strip()
    how = _source(item, source)
    lowered = item.casefold()
    if any(word in lowered for word in OTHER_PERSON_WORDS):
        raise InvalidInputError(OTHER_PERSON, field=item, params={"item": item})
    spec = _field(catalog, item)
    _check_justified(catalog, spec, item)
    text = short_text(value, spec.key, MAX_VALUE)
    if text is None:
        raise InvalidInputError("{item} needs a value", field=spec.key, params={"item": item})
    # The value as the record would hold it (a choice, a date), so the review meets no surprise.
    value = normalise(spec, text, today=today, on_found=on_found).value
    return CollectedItem(spec.key, value, how)


def _source(item: str, raw: str) -> ItemSource:
    cleaned = raw.strip().casefold().replace("-", "_")
    if cleaned in REFUSED_SOURCES:
        params = {"item": item, "source": REFUSED_SOURCES[cleaned]}
        raise InvalidInputError(COVERT_SOURCE, field=item, params=params)
    try:
        return ItemSource(cleaned)
    except ValueError:
        raise InvalidInputError(UNKNOWN_SOURCE, field=item, params={"item": item}) from None


def _field(catalog: Catalog, item: str) -> FieldSpec:
    key = catalog.resolve_column(item)
    if key is None:
        if any(word in item.casefold() for word in APPEARANCE_WORDS):
            raise InvalidInputError(APPEARANCE, field=item, params={"item": item})
        raise InvalidInputError(
            UNKNOWN_ITEM, field=item, params={"item": item, "known": ", ".join(catalog.fields)}
        )
    return catalog.fields[key]


def _check_justified(catalog: Catalog, spec: FieldSpec, item: str) -> None:
    if spec.category is Category.CONTACT:
        raise InvalidInputError(CONTACT_ITEM, field=item, params={"item": item})
    if not spec.purposes:
        raise InvalidInputError(UNJUSTIFIED, field=item, params={"item": item})
    is_appearance = any(w in f"{spec.key} {spec.label_zh}".casefold() for w in APPEARANCE_WORDS)
    separate = any(catalog.purpose(p).needs_separate_consent for p in spec.purposes)
    if is_appearance and not separate:
        raise InvalidInputError(APPEARANCE, field=item, params={"item": item})


def parse_decision(item: str, raw: str) -> Decision:
    try:
        return Decision(raw.strip().casefold())
    except ValueError:
        raise InvalidInputError(
            "{item}: decide accept, correct or reject", field=item, params={"item": item}
        ) from None


def check_status(form: CollectionForm, wanted: FormStatus, doing: str) -> None:
    if form.status is not wanted:
        raise ConflictError(
            "form {id} is {status}; {doing} needs a form that is {wanted}",
            params={
                "id": form.id,
                "status": form.status.value,
                "doing": doing,
                "wanted": wanted.value,
            },
        )


def parse_review_hours(raw: int | str) -> int:
    try:
        hours = int(str(raw).strip())
    except ValueError:
        hours = 0
    if not 1 <= hours <= MAX_REVIEW_HOURS:
        raise InvalidInputError(
            "a whole number of hours from 1 to {limit} (84: twice a week)",
            field="review_hours",
            params={"limit": MAX_REVIEW_HOURS},
        )
    return hours


def parse_required(catalog: Catalog, keys: Iterable[str]) -> tuple[str, ...]:
    """The business's required items (※): catalog fields a collection form may hold."""
    required: list[str] = []
    for key in (k.strip() for k in keys if k.strip()):
        spec = _field(catalog, key)
        _check_justified(catalog, spec, key)
        required.append(spec.key)
    return tuple(dict.fromkeys(required))


def review_overdue(submitted_at: datetime, now: datetime, hours: int) -> bool:
    return now - submitted_at > timedelta(hours=hours)


def entry_late(reviewed_at: datetime, now: datetime) -> bool:
    return now - reviewed_at > ENTRY_DUE
