"""Objects the Auth server returns: users, identities, factors, sessions and OAuth clients.

Each dataclass has ``from_dict`` (from the server's JSON) and ``to_dict`` (back to JSON-ready
values, timestamps as RFC 3339 strings). Unknown keys of the server's JSON are ignored.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "AMREntry",
    "Factor",
    "Identity",
    "OAuthClient",
    "Session",
    "User",
    "UserIdentity",
    "parse_time",
    "to_json",
]


def parse_time(value: Any) -> datetime | None:
    """Return an RFC 3339 timestamp as an aware datetime, or ``None`` for an empty value."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def to_json(value: Any) -> Any:
    """Return ``value`` with dataclasses turned into dicts and datetimes into RFC 3339 strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_json(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


class _Model:
    """JSON conversion shared by the models."""

    def to_dict(self) -> dict[str, Any]:
        """Return the object as JSON-ready values."""
        return to_json(self)


@dataclass
class AMREntry(_Model):
    """One authentication method of a session (``amr`` claim): the method and when it was used."""

    method: str
    timestamp: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AMREntry:
        return cls(method=str(data.get("method", "")), timestamp=int(data.get("timestamp") or 0))


@dataclass
class UserIdentity(_Model):
    """A provider identity linked to a user, deleted by `unlink_identity` through ``identity_id``."""

    id: str
    identity_id: str
    user_id: str
    provider: str
    identity_data: dict[str, Any] = field(default_factory=dict)
    email: str | None = None
    created_at: datetime | None = None
    last_sign_in_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UserIdentity:
        return cls(
            id=str(data.get("id", "")),
            identity_id=str(data.get("identity_id", "")),
            user_id=str(data.get("user_id", "")),
            provider=str(data.get("provider", "")),
            identity_data=data.get("identity_data") or {},
            email=data.get("email"),
            created_at=parse_time(data.get("created_at")),
            last_sign_in_at=parse_time(data.get("last_sign_in_at")),
            updated_at=parse_time(data.get("updated_at")),
        )


#: Same class as `UserIdentity`, under its shorter name.
Identity = UserIdentity


@dataclass
class Factor(_Model):
    """An MFA factor of a user: ``factor_type`` totp, phone or webauthn, ``status`` verified or unverified."""

    id: str
    factor_type: str
    status: str
    friendly_name: str | None = None
    phone: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_challenged_at: datetime | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Factor:
        return cls(
            id=str(data.get("id", "")),
            factor_type=str(data.get("factor_type") or data.get("type") or ""),
            status=str(data.get("status", "")),
            friendly_name=data.get("friendly_name"),
            phone=data.get("phone") or None,
            created_at=parse_time(data.get("created_at")),
            updated_at=parse_time(data.get("updated_at")),
            last_challenged_at=parse_time(data.get("last_challenged_at")),
        )


_USER_TIMES = (
    "email_confirmed_at",
    "phone_confirmed_at",
    "confirmed_at",
    "confirmation_sent_at",
    "recovery_sent_at",
    "invited_at",
    "email_change_sent_at",
    "phone_change_sent_at",
    "reauthentication_sent_at",
    "last_sign_in_at",
    "banned_until",
    "deleted_at",
    "created_at",
    "updated_at",
)


@dataclass
class User(_Model):
    """A user of the project (a row of ``auth.users`` as the Auth API shows it)."""

    id: str
    aud: str = ""
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    app_metadata: dict[str, Any] = field(default_factory=dict)
    user_metadata: dict[str, Any] = field(default_factory=dict)
    identities: list[UserIdentity] | None = None
    factors: list[Factor] | None = None
    is_anonymous: bool = False
    is_sso_user: bool = False
    new_email: str | None = None
    new_phone: str | None = None
    action_link: str | None = None
    email_confirmed_at: datetime | None = None
    phone_confirmed_at: datetime | None = None
    confirmed_at: datetime | None = None
    confirmation_sent_at: datetime | None = None
    recovery_sent_at: datetime | None = None
    invited_at: datetime | None = None
    email_change_sent_at: datetime | None = None
    phone_change_sent_at: datetime | None = None
    reauthentication_sent_at: datetime | None = None
    last_sign_in_at: datetime | None = None
    banned_until: datetime | None = None
    deleted_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> User:
        identities = data.get("identities")
        factors = data.get("factors")
        values: dict[str, Any] = {name: parse_time(data.get(name)) for name in _USER_TIMES}
        return cls(
            id=str(data.get("id", "")),
            aud=str(data.get("aud") or ""),
            role=data.get("role") or None,
            email=data.get("email") or None,
            phone=data.get("phone") or None,
            app_metadata=data.get("app_metadata") or {},
            user_metadata=data.get("user_metadata") or {},
            identities=None
            if identities is None
            else [UserIdentity.from_dict(i) for i in identities],
            factors=None if factors is None else [Factor.from_dict(f) for f in factors],
            is_anonymous=bool(data.get("is_anonymous", False)),
            is_sso_user=bool(data.get("is_sso_user", False)),
            new_email=data.get("new_email") or None,
            new_phone=data.get("new_phone") or None,
            action_link=data.get("action_link") or None,
            **values,
        )


@dataclass
class Session(_Model):
    """Tokens of a signed-in user: the access token (JWT), the single-use refresh token and the user.

    ``expires_at`` is in Unix seconds. When the server leaves it out, it is computed from
    ``expires_in`` at parse time.
    """

    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"
    expires_at: int | None = None
    user: User | None = None
    provider_token: str | None = None
    provider_refresh_token: str | None = None
    weak_password: dict[str, Any] | None = None

    def __repr__(self) -> str:
        # Tokens stay out of reprs so they never land in logs or tracebacks.
        user_id = self.user.id if self.user else None
        return f"Session(user_id={user_id!r}, expires_at={self.expires_at!r})"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        expires_in = int(data.get("expires_in") or 0)
        expires_at = data.get("expires_at")
        if expires_at is None and expires_in:
            expires_at = int(time.time()) + expires_in
        user = data.get("user")
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or ""),
            expires_in=expires_in,
            token_type=str(data.get("token_type") or "bearer"),
            expires_at=None if expires_at is None else int(expires_at),
            user=User.from_dict(user) if isinstance(user, dict) else None,
            provider_token=data.get("provider_token"),
            provider_refresh_token=data.get("provider_refresh_token"),
            weak_password=data.get("weak_password"),
        )


@dataclass
class OAuthClient(_Model):
    """A client application registered with the project's OAuth 2.1 server.

    ``client_secret`` is only set in the answers of create and regenerate.
    """

    client_id: str
    client_name: str | None = None
    client_secret: str | None = None
    client_type: str | None = None
    token_endpoint_auth_method: str | None = None
    registration_type: str | None = None
    client_uri: str | None = None
    logo_uri: str | None = None
    redirect_uris: list[str] = field(default_factory=list)
    grant_types: list[str] = field(default_factory=list)
    response_types: list[str] = field(default_factory=list)
    scope: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r}, client_name={self.client_name!r})"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OAuthClient:
        return cls(
            client_id=str(data.get("client_id", "")),
            client_name=data.get("client_name"),
            client_secret=data.get("client_secret"),
            client_type=data.get("client_type"),
            token_endpoint_auth_method=data.get("token_endpoint_auth_method"),
            registration_type=data.get("registration_type"),
            client_uri=data.get("client_uri"),
            logo_uri=data.get("logo_uri"),
            redirect_uris=list(data.get("redirect_uris") or []),
            grant_types=list(data.get("grant_types") or []),
            response_types=list(data.get("response_types") or []),
            scope=data.get("scope"),
            created_at=parse_time(data.get("created_at")),
            updated_at=parse_time(data.get("updated_at")),
        )
