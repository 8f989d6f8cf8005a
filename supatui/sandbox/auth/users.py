"""Reading users from ``auth.users`` and shaping them as GoTrue's User JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import asyncpg

from .errors import AuthError

__all__ = [
    "factor_json",
    "fetch_factors",
    "fetch_identities",
    "fetch_user",
    "find_user_by_email",
    "find_user_by_phone",
    "identity_json",
    "load_user_json",
    "normalize_email",
    "normalize_phone",
    "timestamp",
    "user_json",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[1-9][0-9]{6,14}$")

_OPTIONAL_TIMES = {
    "email_confirmed_at": "email_confirmed_at",
    "phone_confirmed_at": "phone_confirmed_at",
    "confirmed_at": "confirmed_at",
    "confirmation_sent_at": "confirmation_sent_at",
    "recovery_sent_at": "recovery_sent_at",
    "invited_at": "invited_at",
    "email_change_sent_at": "email_change_sent_at",
    "phone_change_sent_at": "phone_change_sent_at",
    "reauthentication_sent_at": "reauthentication_sent_at",
    "last_sign_in_at": "last_sign_in_at",
    "banned_until": "banned_until",
    "deleted_at": "deleted_at",
}


def timestamp(value: dt.datetime | None) -> str | None:
    """Return ``value`` as an RFC 3339 UTC string with microseconds, or ``None``."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_email(value: Any) -> str:
    """Return ``value`` lower-cased and trimmed.

    Raises:
        AuthError: 400 ``validation_failed`` when it is not an email address.
    """
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise AuthError(400, "validation_failed", f"Unable to validate email address: invalid format ({value!r})")
    return value.strip().lower()


def normalize_phone(value: Any) -> str:
    """Return ``value`` as E.164 digits without ``+``, spaces or dashes.

    Raises:
        AuthError: 400 ``validation_failed`` when it is not a phone number.
    """
    digits = re.sub(r"[\s()+-]", "", value) if isinstance(value, str) else ""
    if not _PHONE.match(digits):
        raise AuthError(
            400, "validation_failed",
            f"Invalid phone number format {value!r}: use E.164, such as +15551234567",
        )
    return digits


async def fetch_user(conn: asyncpg.Connection, user_id: Any) -> asyncpg.Record | None:
    """Return the ``auth.users`` row of ``user_id``, or ``None``."""
    return await conn.fetchrow("select * from auth.users where id = $1", user_id)


async def find_user_by_email(conn: asyncpg.Connection, email: str) -> asyncpg.Record | None:
    """Return the non-SSO user with ``email`` (already normalized), or ``None``."""
    return await conn.fetchrow(
        "select * from auth.users where email = $1 and is_sso_user = false", email
    )


async def find_user_by_phone(conn: asyncpg.Connection, phone: str) -> asyncpg.Record | None:
    """Return the user with ``phone`` (already normalized), or ``None``."""
    return await conn.fetchrow("select * from auth.users where phone = $1", phone)


async def fetch_identities(conn: asyncpg.Connection, user_id: Any) -> list[asyncpg.Record]:
    """Return the identities of ``user_id``, oldest first."""
    return await conn.fetch(
        "select * from auth.identities where user_id = $1 order by created_at, id", user_id
    )


async def fetch_factors(conn: asyncpg.Connection, user_id: Any) -> list[asyncpg.Record]:
    """Return the MFA factors of ``user_id``, oldest first."""
    return await conn.fetch(
        "select * from auth.mfa_factors where user_id = $1 order by created_at, id", user_id
    )


async def load_user_json(conn: asyncpg.Connection, user_id: Any) -> dict[str, Any]:
    """Return the User JSON of ``user_id`` with its identities and factors.

    Raises:
        AuthError: 404 ``user_not_found``.
    """
    user = await fetch_user(conn, user_id)
    if user is None:
        raise AuthError(404, "user_not_found", f"User {user_id} not found")
    return user_json(user, await fetch_identities(conn, user_id), await fetch_factors(conn, user_id))


def user_json(
    user: asyncpg.Record | dict[str, Any],
    identities: list[Any] | None,
    factors: list[Any] | None,
) -> dict[str, Any]:
    """Return the User object of GoTrue for an ``auth.users`` row.

    ``identities=None`` gives ``"identities": null`` (as admin user lists do); ``factors``
    appear only when the user has some.
    """
    app_metadata = _jsonb(user["raw_app_meta_data"])
    body: dict[str, Any] = {
        "id": str(user["id"]),
        "aud": user["aud"],
        "role": user["role"],
        "email": user["email"] or "",
        "phone": user["phone"] or "",
    }
    for key, column in _OPTIONAL_TIMES.items():
        value = user[column]
        if value is not None:
            body[key] = timestamp(value)

    if user["email_change"]:
        body["new_email"] = user["email_change"]
    if user["phone_change"]:
        body["new_phone"] = user["phone_change"]

    body["app_metadata"] = {} if user["is_anonymous"] and not app_metadata else app_metadata
    body["user_metadata"] = _jsonb(user["raw_user_meta_data"])
    body["identities"] = None if identities is None else [identity_json(row) for row in identities]
    if factors:
        body["factors"] = [factor_json(row) for row in factors]
    body["created_at"] = timestamp(user["created_at"])
    body["updated_at"] = timestamp(user["updated_at"])
    body["is_anonymous"] = bool(user["is_anonymous"])
    return body


def identity_json(row: asyncpg.Record | dict[str, Any]) -> dict[str, Any]:
    """Return the Identity object for an ``auth.identities`` row."""
    return {
        "identity_id": str(row["id"]),
        "id": row["provider_id"],
        "user_id": str(row["user_id"]),
        "identity_data": _jsonb(row["identity_data"]),
        "provider": row["provider"],
        "email": row["email"] or "",
        "last_sign_in_at": timestamp(row["last_sign_in_at"]),
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }


def factor_json(row: asyncpg.Record | dict[str, Any]) -> dict[str, Any]:
    """Return the Factor object for an ``auth.mfa_factors`` row (never its secret)."""
    return {
        "id": str(row["id"]),
        "friendly_name": row["friendly_name"] or "",
        "factor_type": row["factor_type"],
        "status": row["status"],
        "phone": row["phone"] or "",
        "last_challenged_at": timestamp(row["last_challenged_at"]),
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }


def _jsonb(value: Any) -> dict[str, Any]:
    # asyncpg returns jsonb as text unless a codec is set on the connection.
    if value is None:
        return {}
    if isinstance(value, str):
        return json.loads(value)
    return dict(value)
