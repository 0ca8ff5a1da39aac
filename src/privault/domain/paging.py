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
    """One page of a list: its rows, its number and whether another follows. Fetching one row
    more than the page holds tells that, so no list is ever counted whole."""

    items: list[T]
    number: int
    size: int
    has_next: bool

    @classmethod
    def cut(cls, fetched: list[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
        return cls(fetched[:size], number, size, len(fetched) > size)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        return self.offset + len(self.items)


def offset_of(number: int, size: int = PAGE_SIZE) -> int:
    return (number - 1) * size
