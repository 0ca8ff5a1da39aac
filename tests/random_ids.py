"""Strip the random identifiers (uuids, hex digests, form tokens) from a text before a test
checks that no digit run of a personal value shows: a random id may hold "139" by chance."""

from __future__ import annotations

import re

# uuids and hex digests; then url-safe tokens (CSRF, signed form tokens) of 20+ characters
_RANDOM = re.compile(
    r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{16,}\b|[A-Za-z0-9_\-.]{20,}"
)


def without_random_ids(text: str) -> str:
    return _RANDOM.sub("", text)
