"""Return values of the auth calls, named as in the official Python client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

from ._models import AMREntry, Factor, OAuthClient, Session, User, UserIdentity, _Model

__all__ = [
    "AuthChangeEvent",
    "AuthMFAAdminDeleteFactorResponse",
    "AuthMFAAdminListFactorsResponse",
    "AuthMFAChallengeResponse",
    "AuthMFAEnrollResponse",
    "AuthMFAEnrollResponseTotp",
    "AuthMFAGetAuthenticatorAssuranceLevelResponse",
    "AuthMFAListFactorsResponse",
    "AuthMFAUnenrollResponse",
    "AuthMFAVerifyResponse",
    "AuthOtpResponse",
    "AuthResponse",
    "ClaimsResponse",
    "GenerateLinkProperties",
    "GenerateLinkResponse",
    "IdentitiesResponse",
    "OAuthClientListResponse",
    "OAuthClientResponse",
    "OAuthResponse",
    "SSOResponse",
    "Subscription",
    "UserListResponse",
    "UserResponse",
]

AuthChangeEvent = Literal[
    "INITIAL_SESSION",
    "SIGNED_IN",
    "SIGNED_OUT",
    "TOKEN_REFRESHED",
    "USER_UPDATED",
    "PASSWORD_RECOVERY",
    "MFA_CHALLENGE_VERIFIED",
]


@dataclass
class AuthResponse(_Model):
    """A user and, when the call signed them in, their session."""

    user: User | None = None
    session: Session | None = None


@dataclass
class AuthOtpResponse(_Model):
    """Response of a call that sent a code: ``message_id`` of the SMS, ``None`` for email."""

    user: None = None
    session: None = None
    message_id: str | None = None


@dataclass
class OAuthResponse(_Model):
    """The provider and the URL to open in a browser to sign in (or link) with it."""

    provider: str
    url: str


@dataclass
class SSOResponse(_Model):
    """The identity provider's URL to open in a browser."""

    url: str


@dataclass
class UserResponse(_Model):
    """One user."""

    user: User


@dataclass
class UserListResponse(_Model):
    """One page of `admin.list_users_page` with the server's total and page numbers."""

    users: list[User]
    total: int | None = None
    next_page: int | None = None
    last_page: int | None = None


@dataclass
class IdentitiesResponse(_Model):
    """The identities linked to the signed-in user."""

    identities: list[UserIdentity]


@dataclass
class AuthMFAEnrollResponseTotp(_Model):
    """TOTP enrolment data: the QR code as a ``data:image/svg+xml`` URL, the secret and the otpauth URI."""

    qr_code: str
    secret: str
    uri: str

    def __repr__(self) -> str:
        return "AuthMFAEnrollResponseTotp(secret=..., uri=...)"


@dataclass
class AuthMFAEnrollResponse(_Model):
    """A factor just enrolled, still unverified: challenge and verify it next."""

    id: str
    type: str
    friendly_name: str | None = None
    totp: AuthMFAEnrollResponseTotp | None = None
    phone: str | None = None


@dataclass
class AuthMFAChallengeResponse(_Model):
    """A challenge of a factor and when it stops being usable (Unix seconds)."""

    id: str
    expires_at: int
    factor_type: str | None = None


@dataclass
class AuthMFAVerifyResponse(_Model):
    """The new aal2 session issued after a verified challenge."""

    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    user: User | None = None

    def __repr__(self) -> str:
        user_id = self.user.id if self.user else None
        return f"AuthMFAVerifyResponse(user_id={user_id!r}, expires_in={self.expires_in!r})"


@dataclass
class AuthMFAUnenrollResponse(_Model):
    """The id of the factor removed."""

    id: str


@dataclass
class AuthMFAListFactorsResponse(_Model):
    """All factors of the user, and the verified TOTP and phone factors among them."""

    all: list[Factor]
    totp: list[Factor]
    phone: list[Factor]


@dataclass
class AuthMFAGetAuthenticatorAssuranceLevelResponse(_Model):
    """The session's assurance level, the level it can reach, and its authentication methods."""

    current_level: str | None = None
    next_level: str | None = None
    current_authentication_methods: list[AMREntry] = field(default_factory=list)


@dataclass
class AuthMFAAdminDeleteFactorResponse(_Model):
    """The id of the factor an admin deleted."""

    id: str


@dataclass
class AuthMFAAdminListFactorsResponse(_Model):
    """Every factor of one user, as the admin API returns them."""

    factors: list[Factor]


@dataclass
class GenerateLinkProperties(_Model):
    """An email link made by `admin.generate_link`, with its OTP and hashed token (no email is sent)."""

    action_link: str
    email_otp: str
    hashed_token: str
    redirect_to: str
    verification_type: str


@dataclass
class GenerateLinkResponse(_Model):
    """The generated link and the user it belongs to."""

    properties: GenerateLinkProperties
    user: User


@dataclass
class OAuthClientResponse(_Model):
    """One OAuth client, or ``None`` when the server returned no body."""

    client: OAuthClient | None = None


@dataclass
class OAuthClientListResponse(_Model):
    """A page of OAuth clients, with the total and page numbers when the server sends them."""

    clients: list[OAuthClient] = field(default_factory=list)
    aud: str | None = None
    next_page: int | None = None
    last_page: int = 0
    total: int = 0


class ClaimsResponse(TypedDict):
    """The verified claims, header and signature of a JWT."""

    claims: dict[str, Any]
    headers: dict[str, Any]
    signature: bytes


@dataclass
class Subscription:
    """A registered `on_auth_state_change` callback, removed by calling `unsubscribe`."""

    id: str
    callback: Callable[[str, Session | None], Any]
    unsubscribe: Callable[[], None]
