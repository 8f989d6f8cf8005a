"""RFC 6238 TOTP: the RFC's test vectors, the verification window and otpauth URIs."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from supatui.sandbox.auth.totp import (
    decode_secret,
    generate_secret,
    hotp,
    placeholder_qr_svg,
    provisioning_uri,
    totp,
    verify_totp,
)

# RFC 6238 appendix B: ASCII seeds per algorithm, 8-digit codes at the listed Unix times.
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC_6238_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

# RFC 4226 appendix D: 6-digit HOTP codes for counters 0..9 of the SHA1 seed.
RFC_4226_CODES = [
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
]


def b32(seed: bytes) -> str:
    return base64.b32encode(seed).decode("ascii").rstrip("=")


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC_6238_VECTORS)
def test_totp_rfc_6238_vectors(at: int, sha1: str, sha256: str, sha512: str) -> None:
    assert totp(b32(SEEDS["sha1"]), at, digits=8) == sha1
    assert totp(b32(SEEDS["sha256"]), at, digits=8, algorithm="sha256") == sha256
    assert totp(b32(SEEDS["sha512"]), at, digits=8, algorithm="sha512") == sha512


def test_hotp_rfc_4226_vectors() -> None:
    codes = [hotp(SEEDS["sha1"], counter) for counter in range(10)]

    assert codes == RFC_4226_CODES


def test_totp_default_is_six_digits() -> None:
    # The 6-digit code is the last 6 digits of the 8-digit one (same truncated value).
    code = totp(b32(SEEDS["sha1"]), 59)

    assert code == "287082"


def test_verify_accepts_one_step_drift() -> None:
    secret = generate_secret()
    now = 1_700_000_015.0

    assert verify_totp(secret, totp(secret, now), now)
    assert verify_totp(secret, totp(secret, now - 30), now)
    assert verify_totp(secret, totp(secret, now + 30), now)


def test_verify_rejects_two_step_drift() -> None:
    secret = generate_secret()
    now = 1_700_000_015.0
    old = totp(secret, now - 60)
    late = totp(secret, now + 60)

    # A collision with one of the three accepted codes is possible but would be a 3-in-a-million fluke.
    accepted = {totp(secret, now + delta) for delta in (-30, 0, 30)}
    if old not in accepted:
        assert not verify_totp(secret, old, now)
    if late not in accepted:
        assert not verify_totp(secret, late, now)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", "      "])
def test_verify_rejects_malformed_codes(code: str) -> None:
    assert not verify_totp(generate_secret(), code, 1_700_000_000.0)


def test_generated_secret_is_160_bit_base32() -> None:
    secret = generate_secret()

    assert len(secret) == 32
    assert "=" not in secret
    assert len(decode_secret(secret)) == 20
    assert generate_secret() != secret


def test_decode_secret_ignores_case_and_spaces() -> None:
    assert decode_secret("jbsw y3dp ehpk 3pxp") == decode_secret("JBSWY3DPEHPK3PXP")


def test_decode_secret_rejects_non_base32() -> None:
    with pytest.raises(ValueError, match="base32"):
        decode_secret("not base32!")


def test_provisioning_uri_fields() -> None:
    uri = provisioning_uri("JBSWY3DPEHPK3PXP", "ann@example.com", "127.0.0.1:3000")

    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    assert parts.path == "/127.0.0.1:3000:ann@example.com"
    assert query == {
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "issuer": ["127.0.0.1:3000"],
        "period": ["30"],
        "secret": ["JBSWY3DPEHPK3PXP"],
    }


def test_provisioning_uri_escapes_label() -> None:
    uri = provisioning_uri("JBSWY3DPEHPK3PXP", "a b/c", "My App")

    assert uri.startswith("otpauth://totp/My%20App:a%20b%2Fc?")
    assert "issuer=My%20App" in uri


def test_placeholder_svg_contains_escaped_uri() -> None:
    svg = placeholder_qr_svg("otpauth://totp/x?a=1&b=<2>")

    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "a=1&amp;b=&lt;2&gt;" in svg
