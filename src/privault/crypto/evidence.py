"""Signing and checking the compliance report's evidence pack with Ed25519.

The private key is derived from the master key for this job only (it never sits in a database
or a file of its own); the public key travels in the pack and is published with the report, so
anyone holding the published key can tell a rewritten pack from the one the shop issued."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from privault.domain.compliance import EvidenceRejectedError

ALGORITHM = "Ed25519"


def canonical(document: Mapping[str, object]) -> bytes:
    """One byte string per document: keys sorted, no spaces, UTF-8 (Chinese kept readable)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def public_key_text(seed: bytes) -> str:
    raw = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return base64.b64encode(raw.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign_pack(seed: bytes, report: Mapping[str, object]) -> dict[str, object]:
    body = canonical(report)
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(body)
    return {
        "report": dict(report),
        "sha256": hashlib.sha256(body).hexdigest(),
        "signature": {
            "algorithm": ALGORITHM,
            "public_key": public_key_text(seed),
            "value": base64.b64encode(signature).decode(),
        },
    }


def verify_pack(pack: Mapping[str, object], expected_key: str | None = None) -> str:
    """The public key the pack verifies under; raises when it does not, saying why."""
    report, signature = pack.get("report"), pack.get("signature")
    if not isinstance(report, dict) or not isinstance(signature, dict):
        raise EvidenceRejectedError("not an evidence pack: it needs a report and a signature")
    if pack.get("sha256") != hashlib.sha256(canonical(report)).hexdigest():
        raise EvidenceRejectedError(
            "the report's digest does not match it: the pack was changed after it was signed"
        )
    key_text = str(signature.get("public_key", ""))
    if expected_key is not None and key_text != expected_key.strip():
        raise EvidenceRejectedError(
            "signed by another key than the published one; the pack is not the shop's report"
        )
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text, validate=True))
        key.verify(
            base64.b64decode(str(signature.get("value", "")), validate=True), canonical(report)
        )
    except (ValueError, InvalidSignature):
        raise EvidenceRejectedError(
            "the signature does not match the report: the pack was changed after it was signed"
        ) from None
    return key_text
