"""Photo files checked by what they are, not what they claim, and re-encoded with Pillow so
no EXIF, GPS, XMP or ICC block of the camera survives into the vault."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from privault.domain.errors import InvalidInputError
from privault.domain.photos import MAX_BYTES, MAX_PIXELS, THUMBNAIL_EDGE, ImageType

# Pillow's format name -> what we store and serve; anything else is refused.
_FORMATS = {"JPEG": ImageType.JPEG, "PNG": ImageType.PNG, "WEBP": ImageType.WEBP}
_SAVE_AS = {ImageType.JPEG: "JPEG", ImageType.PNG: "PNG", ImageType.WEBP: "WEBP"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    media_type: ImageType
    width: int
    height: int


def clean_image(content: bytes, *, field: str = "file") -> CleanImage:
    """The picture alone: type checked by its magic bytes, size and pixels bounded, and the
    pixels re-encoded into a new file, which carries none of the original's metadata."""
    if not content:
        raise InvalidInputError("the file is empty; choose a photo", field=field)
    if len(content) > MAX_BYTES:
        raise InvalidInputError(
            "the file is larger than {limit} MB; send a smaller photo",
            field=field,
            params={"limit": MAX_BYTES // (1024 * 1024)},
        )
    image, media_type = _opened(content, field)
    with image:
        upright = ImageOps.exif_transpose(image)  # keep the orientation the EXIF block gave
        pixels = _pixels_only(upright, media_type)
    out = io.BytesIO()
    pixels.save(out, format=_SAVE_AS[media_type], **_save_options(media_type))
    return CleanImage(out.getvalue(), media_type, pixels.width, pixels.height)


def thumbnail(content: bytes, media_type: ImageType) -> bytes:
    """A small copy for the profile page, made on the fly from the opened photo."""
    with Image.open(io.BytesIO(content)) as image:
        image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        out = io.BytesIO()
        image.save(out, format=_SAVE_AS[media_type], **_save_options(media_type))
        return out.getvalue()


def _opened(content: bytes, field: str) -> tuple[Image.Image, ImageType]:
    kinds = ", ".join(t.name for t in ImageType)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=list(_FORMATS))
            too_big = image.width * image.height > MAX_PIXELS
            if not too_big:
                image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInputError(
            "not a photo privault accepts; send {kinds}", field=field, params={"kinds": kinds}
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise InvalidInputError(
            "the photo is damaged and cannot be read; send it again", field=field
        ) from None
    if too_big:
        raise InvalidInputError(
            "the photo has more than {limit} million pixels; send a smaller one",
            field=field,
            params={"limit": MAX_PIXELS // 1_000_000},
        )
    return image, _FORMATS[str(image.format)]


def _pixels_only(image: Image.Image, media_type: ImageType) -> Image.Image:
    """A fresh image holding only pixel data: `info` (EXIF, XMP, ICC, text chunks) stays behind."""
    mode = "RGB" if media_type is ImageType.JPEG else ("RGBA" if "A" in image.getbands() else "RGB")
    converted = image.convert(mode)
    fresh = Image.new(mode, converted.size)
    fresh.paste(converted)
    return fresh


def _save_options(media_type: ImageType) -> dict[str, object]:
    if media_type is ImageType.JPEG:
        return {"quality": 90}
    if media_type is ImageType.WEBP:
        return {"quality": 90}
    return {"optimize": True}
