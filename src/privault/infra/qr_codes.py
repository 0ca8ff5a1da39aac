"""QR codes (segno) as data URIs for an <img>: an authenticator app reads its secret from the
screen instead of a 32-character key typed by hand; a printed counter card carries a link."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """Error correction M: still read from a slightly glossy screen or a creased print."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=4))
