"""Service photos: their kinds, the channels they may be published on, and the limits of input."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from privault.domain.errors import InvalidInputError

MAX_CAPTION = 200
MAX_BYTES = 10 * 1024 * 1024  # a phone photo at full quality is a few MB
MAX_PIXELS = 40_000_000  # beyond a 48-megapixel phone's output: a decompression bomb, not a photo
THUMBNAIL_EDGE = 240
# The audit trail's "field" for one photo: the id, never its content.
FIELD_PREFIX = "photo:"
# The catalog purpose whose separate consent a publication rests on (the salon preset has it).
PUBLICATION_PURPOSE = "photo_publication"


class PhotoKind(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    OTHER = "other"


class PublicationChannel(StrEnum):
    SOCIAL_MEDIA = "social_media"
    SHOP_WINDOW = "shop_window"
    WEBSITE = "website"


class PublicationState(StrEnum):
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # the consent went: the shop must take the published copies down


def publication_state(withdrawn: list[bool]) -> PublicationState:
    """A photo's state from its publications (each: is it withdrawn?)."""
    if not withdrawn:
        return PublicationState.UNPUBLISHED
    if all(withdrawn):
        return PublicationState.WITHDRAWN
    return PublicationState.PUBLISHED


class ImageType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"


@dataclass(frozen=True)
class PhotoDetails:
    """What staff say about a photo when adding it; the caption is sealed like a field."""

    kind: PhotoKind
    taken_at: datetime
    caption: str | None = None
    booking_ref: str | None = None


def photo_field(photo_id: str) -> str:
    return f"{FIELD_PREFIX}{photo_id}"


def caption_field(photo_id: str) -> str:
    return f"{FIELD_PREFIX}{photo_id}:caption"


def parse_kind(raw: str) -> PhotoKind:
    try:
        return PhotoKind(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "kind must be one of {kinds}",
            field="kind",
            params={"kinds": ", ".join(k.value for k in PhotoKind)},
        ) from None


def parse_channel(raw: str) -> PublicationChannel:
    try:
        return PublicationChannel(raw.strip().lower())
    except ValueError:
        raise InvalidInputError(
            "channel must be one of {channels}",
            field="channel",
            params={"channels": ", ".join(c.value for c in PublicationChannel)},
        ) from None


def parse_caption(raw: str | None) -> str | None:
    caption = " ".join((raw or "").split())
    if len(caption) > MAX_CAPTION:
        raise InvalidInputError(
            "at most {limit} characters", field="caption", params={"limit": MAX_CAPTION}
        )
    return caption or None


def parse_booking_ref(raw: str | None) -> str | None:
    """A booking's id, kept as given: bookings live in their own area, so no key binds it."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise InvalidInputError(
            "give the booking's id (a UUID) or leave it empty", field="booking"
        ) from None


def parse_taken_at(taken_at: datetime | None, *, now: datetime) -> datetime:
    when = taken_at or now
    if when.tzinfo is None:
        raise InvalidInputError("give the time with its zone", field="taken_at")
    if when > now:
        raise InvalidInputError("a photo cannot be taken in the future", field="taken_at")
    return when
