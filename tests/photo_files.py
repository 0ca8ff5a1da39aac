"""Photo files for tests, made with Pillow: a camera-like JPEG with EXIF and GPS, and others."""

from __future__ import annotations

import io

from PIL import Image

CAMERA = "PrivaultTestCam 9000"
GPS_IFD = 0x8825
MAKE_TAG = 0x010F


def camera_jpeg(
    width: int = 64, height: int = 48, *, colour: tuple[int, int, int] = (200, 80, 40)
) -> bytes:
    """A JPEG as a phone writes it: a camera name and a GPS position in its EXIF block."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 4):  # some structure, so the pixels are not one flat colour
        image.putpixel((x, x % height), (x % 256, 255 - x % 256, 30))
    exif = Image.Exif()
    exif[MAKE_TAG] = CAMERA
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 0.0), 3: "E", 4: (113.0, 56.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=95)
    return out.getvalue()


def image_file(fmt: str, width: int = 32, height: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, format=fmt)
    return out.getvalue()


def has_exif(content: bytes) -> bool:
    with Image.open(io.BytesIO(content)) as image:
        return bool(image.getexif()) or "exif" in image.info
