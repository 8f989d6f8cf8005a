"""Settings of the sandbox's GoTrue-compatible ``/auth/v1``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FAST_BCRYPT_ROUNDS", "JWT_ALGORITHMS", "AuthConfig"]

#: Signing algorithms the sandbox issues access tokens with.
JWT_ALGORITHMS = ("HS256", "ES256")

#: bcrypt cost for tests, the demo and the bench seed; each round step halves the hashing time.
FAST_BCRYPT_ROUNDS = 4


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """Settings of the auth service.

    Args:
        jwt_secret: HS256 secret shared with ``/rest/v1``; signs HS256 access tokens.
        anon_key: the ``anon`` API key the gateway accepts.
        service_role_key: the ``service_role`` API key the gateway accepts.
        site_url: default redirect target of email links and OAuth flows.
        autoconfirm: confirm new emails and phones at sign-up (sign-up then returns a session).
        jwt_expiry: lifetime of access tokens, in seconds.
        jwt_algorithm: ``"HS256"`` (shared secret) or ``"ES256"`` (P-256 key, listed in the JWKS).
        es256_private_key_pem: PEM of the ES256 signing key; ``None`` generates one per app.
        anonymous_enabled: allow anonymous sign-ins.
        manual_linking_enabled: allow ``/user/identities`` linking and unlinking.
        oauth_server_enabled: serve the OAuth 2.1 server's client administration.
        password_min_length: shortest accepted password, in characters.
        external_url: public URL of ``/auth/v1``, used in links and as the ``iss`` claim.
        bcrypt_rounds: bcrypt cost factor for new password hashes (``FAST_BCRYPT_ROUNDS`` in tests).
        secure_password_change: require a reauthentication nonce to change a password.
        secure_email_change: confirm an email change from both the old and the new address.
        refresh_token_reuse_interval: seconds a rotated refresh token may still be used.
        otp_expiry: lifetime of emailed and texted one-time codes and links, in seconds.
        email_min_interval: minimum seconds between two emails or texts to one address.
        redirect_allow_list: URL prefixes accepted as ``redirect_to`` besides ``site_url`` and
            loopback URLs.
    """

    jwt_secret: str
    anon_key: str
    service_role_key: str
    site_url: str = "http://127.0.0.1:3000"
    autoconfirm: bool = True
    jwt_expiry: int = 3600
    jwt_algorithm: str = "HS256"
    es256_private_key_pem: str | None = None
    anonymous_enabled: bool = True
    manual_linking_enabled: bool = True
    oauth_server_enabled: bool = True
    password_min_length: int = 6
    external_url: str = "http://127.0.0.1:54321/auth/v1"
    bcrypt_rounds: int = 10
    secure_password_change: bool = False
    secure_email_change: bool = True
    refresh_token_reuse_interval: int = 10
    otp_expiry: int = 3600
    email_min_interval: int = 1
    redirect_allow_list: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.jwt_algorithm not in JWT_ALGORITHMS:
            raise ValueError(
                f"Unsupported jwt_algorithm {self.jwt_algorithm!r}: use one of {', '.join(JWT_ALGORITHMS)}."
            )
        if not 4 <= self.bcrypt_rounds <= 31:
            raise ValueError(f"Invalid bcrypt_rounds {self.bcrypt_rounds}: use 4 to 31.")
        if self.jwt_expiry < 1:
            raise ValueError(f"Invalid jwt_expiry {self.jwt_expiry}: use a positive number of seconds.")
