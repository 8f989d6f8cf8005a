"""Time-based one-time passwords (RFC 6238) as Supabase Auth uses them for TOTP factors.

Factors use HMAC-SHA1, 6 digits and a 30 second step. A code is also accepted one step early
or late, to allow for clock drift. Secrets are base32 strings without ``=`` padding, as
authenticator apps expect them in ``otpauth://`` URIs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import struct
import time
from urllib.parse import quote, urlencode

__all__ = [
    "DIGITS",
    "PERIOD",
    "decode_secret",
    "generate_secret",
    "hotp",
    "placeholder_qr_svg",
    "provisioning_uri",
    "totp",
    "verify_totp",
]

#: Digits of a code.
DIGITS = 6

#: Length of one time step, in seconds.
PERIOD = 30

#: Bytes of a new secret: 20 bytes (160 bits) is the HMAC-SHA1 key size RFC 4226 recommends.
SECRET_BYTES = 20

_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}


def generate_secret(length: int = SECRET_BYTES) -> str:
    """Return a random secret of ``length`` bytes as unpadded upper-case base32."""
    return base64.b32encode(secrets.token_bytes(length)).decode("ascii").rstrip("=")


def decode_secret(secret: str) -> bytes:
    """Decode a base32 secret, ignoring case, spaces and missing padding.

    Raises:
        ValueError: ``secret`` is not base32.
    """
    compact = secret.replace(" ", "").upper()
    padded = compact + "=" * (-len(compact) % 8)
    try:
        return base64.b32decode(padded)
    except ValueError as error:
        raise ValueError(f"Invalid base32 TOTP secret {secret!r}: {error}") from error


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, algorithm: str = "sha1") -> str:
    """Compute the RFC 4226 one-time password for ``counter``, zero-padded to ``digits``."""
    digest = hmac.new(key, struct.pack(">Q", counter), _ALGORITHMS[algorithm]).digest()

    # Dynamic truncation: the low nibble of the last byte picks 4 bytes, without their top bit.
    offset = digest[-1] & 0x0F
    (value,) = struct.unpack(">I", digest[offset : offset + 4])
    value &= 0x7FFFFFFF

    return str(value % 10**digits).zfill(digits)


def totp(
    secret: str,
    at: float | None = None,
    *,
    digits: int = DIGITS,
    period: int = PERIOD,
    algorithm: str = "sha1",
) -> str:
    """Compute the code of base32 ``secret`` at Unix time ``at`` (now when ``None``)."""
    moment = time.time() if at is None else at
    return hotp(decode_secret(secret), int(moment // period), digits=digits, algorithm=algorithm)


def verify_totp(secret: str, code: str, at: float | None = None, *, window: int = 1) -> bool:
    """Check ``code`` against the steps from ``window`` before to ``window`` after ``at``.

    The comparison runs in constant time for each step.
    """
    candidate = code.strip()
    if len(candidate) != DIGITS or not candidate.isdigit():
        return False

    moment = time.time() if at is None else at
    key = decode_secret(secret)
    step = int(moment // PERIOD)

    matched = False
    for offset in range(-window, window + 1):
        expected = hotp(key, step + offset)
        matched |= hmac.compare_digest(expected, candidate)
    return matched


def provisioning_uri(secret: str, account_name: str, issuer: str) -> str:
    """Build the ``otpauth://totp/...`` URI that authenticator apps import.

    The label is ``issuer:account_name``. The query repeats the issuer and states the
    algorithm, digits and period explicitly.
    """
    label = quote(f"{issuer}:{account_name}", safe=":@")
    query = urlencode(
        {
            "algorithm": "SHA1",
            "digits": DIGITS,
            "issuer": issuer,
            "period": PERIOD,
            "secret": secret,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def placeholder_qr_svg(uri: str) -> str:
    """Return an SVG that shows ``uri`` as text where Supabase Auth returns a QR code.

    NOTE: the sandbox ships no QR encoder, so this image cannot be scanned. Enter the secret
    or the ``uri`` field in the authenticator app instead.
    """
    escaped = html.escape(uri, quote=True)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80" viewBox="0 0 320 80">'
        '<rect width="320" height="80" fill="#fff" stroke="#000"/>'
        '<text x="8" y="24" font-family="monospace" font-size="12">'
        "QR code not available in the sandbox; enter this URI:</text>"
        f'<text x="8" y="48" font-family="monospace" font-size="8">{escaped}</text>'
        "</svg>"
    )
