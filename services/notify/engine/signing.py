"""HMAC-SHA256 webhook signatures: v1=<hex> over f"{timestamp}.{body}"."""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Grimreel-Signature"
TIMESTAMP_HEADER = "X-Grimreel-Timestamp"
TOLERANCE_S = 300


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify(
    secret: bytes,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance_s: int = TOLERANCE_S,
) -> bool:
    """What a receiver does: a fresh timestamp and a matching v1 signature (constant time).

    The header may carry several comma-separated signatures (during a secret rotation)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > tolerance_s:
        return False
    expected = sign(secret, ts, body)
    return any(hmac.compare_digest(expected, s.strip()) for s in signature.split(","))
