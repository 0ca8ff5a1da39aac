"""What a paged list's links carry: the filters the reader chose, so "next" keeps them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from privault.domain.paging import Page

PAGER = ("page", "after", "before")  # where a page is: the links set these themselves


def typed_filters(request: Request, names: Iterable[str]) -> dict[str, str]:
    """The list's query parameters as typed (blank when absent), to show back in the form."""
    return {name: request.query_params.get(name, "") for name in names}


def filter_query(values: dict[str, str]) -> str:
    """The filters in use, URL-encoded, for the pager's links to append `page=` to."""
    return urlencode({k: v for k, v in values.items() if v and k not in PAGER})


def page_links(request: Request, page: Page[Any]) -> dict[str, str]:
    """An API list's pages as RFC 8288 `Link` header (rel next/prev), keeping the caller's
    filters, so a client pages the same way a person does; none when there is one page."""
    links = []
    if page.has_previous:
        links.append((_moved(request, page, forward=False), "prev"))
    if page.has_next:
        links.append((_moved(request, page, forward=True), "next"))
    if not links:
        return {}
    return {"Link": ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)}


def _moved(request: Request, page: Page[Any], *, forward: bool) -> str:
    """The same query with the page moved: by number, and by the first or last row's key for a
    list paged by key."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGER]
    number = page.number + 1 if forward else max(page.number - 1, 1)
    kept.append(("page", str(number)))
    key = page.last_key if forward else page.first_key
    if key is not None:
        kept.append(("after" if forward else "before", str(key)))
    return str(request.url.replace(query=urlencode(kept)))
