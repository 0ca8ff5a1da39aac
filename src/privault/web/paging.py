"""What a paged list's links carry: the filters the reader chose, so "next" keeps them."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from starlette.requests import Request

PAGER = ("page", "after", "before")  # where a page is: the links set these themselves


def typed_filters(request: Request, names: Iterable[str]) -> dict[str, str]:
    """The list's query parameters as typed (blank when absent), to show back in the form."""
    return {name: request.query_params.get(name, "") for name in names}


def filter_query(values: dict[str, str]) -> str:
    """The filters in use, URL-encoded, for the pager's links to append `page=` to."""
    return urlencode({k: v for k, v in values.items() if v and k not in PAGER})
