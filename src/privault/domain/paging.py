"""Long lists shown a page at a time: the page asked for, and what the page shows of the list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from privault.domain.errors import InvalidInputError

PAGE_SIZE = 50
T = TypeVar("T")
MAX_PAGE = 100_000  # deeper than any list a person pages through; refuses absurd offsets


def parse_page(value: str | int | None) -> int:
    """Blank is the first page; anything but a whole number from 1 is named as the bad field."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
        raise InvalidInputError("give a page number from 1", field="page")
    return int(text)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, its number and whether pages come before and after it.
    Fetching one row more than the page holds tells that, so no list is ever counted whole.
    A list paged by key (a growing log) also names its first and last rows' keys, which the
    previous and next links start from, so rows added meanwhile shift no page."""

    items: list[T]
    number: int
    size: int
    has_next: bool
    has_previous: bool
    first_key: int | None = None
    last_key: int | None = None

    @classmethod
    def cut(cls, fetched: list[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
        """A page fetched by offset: `size + 1` rows from the page's first."""
        return cls(fetched[:size], number, size, len(fetched) > size, number > 1)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        return self.offset + len(self.items)


def keyed_page(
    fetched: list[tuple[int, T]], number: int, *, backward: bool, size: int = PAGE_SIZE
) -> Page[T]:
    """A page fetched by key, `size + 1` rows in the list's order: going forward the extra row
    is the last (a next page exists); going back from a page it is the first (so does a
    previous one)."""
    more = len(fetched) > size
    kept = fetched[-size:] if backward else fetched[:size]
    has_previous = more if backward else number > 1
    keys = (kept[0][0], kept[-1][0]) if kept else (None, None)
    items = [item for _, item in kept]
    return Page(items, number, size, backward or more, has_previous, *keys)


def offset_of(number: int, size: int = PAGE_SIZE) -> int:
    return (number - 1) * size


def parse_key(value: str | None, field: str) -> int | None:
    """A row's key from a pager link; blank is none."""
    text = (value or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise InvalidInputError("give a page number from 1", field=field)
    return int(text)
