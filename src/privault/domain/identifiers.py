"""Customer ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by 74 random bits.

Still unguessable, but new ids sort after old ones, so every index keyed by customer id grows
at its end instead of splitting random pages: an import of a million customers writes far less.
"""

from __future__ import annotations

import os
import time
import uuid


def new_customer_id() -> str:
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return str(uuid.UUID(int=value))
