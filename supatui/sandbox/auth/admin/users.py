"""``/admin/users``: listing, creating, reading, updating and deleting users with an admin key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..common import (
    AuthError,
    json_response,
    parse_uuid,
    read_json,
    require_admin,
    state,
    user_json,
)
from ..passwords import hash_password, validate_password
from ..users import (
    fetch_user,
    find_user_by_email,
    find_user_by_phone,
    load_user_json,
    normalize_email,
    normalize_phone,
)
from .fields import merge_metadata, metadata_field, parse_ban_duration

__all__ = ["path_user_id", "routes"]

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000

#: ``sort`` fields of the user list and their columns.
SORT_COLUMNS = {
    "created_at": "created_at",
    "updated_at": "updated_at",
    "last_sign_in_at": "last_sign_in_at",
    "email": "email",
}

#: Prefixes of bcrypt hashes accepted as ``password_hash``.
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def path_user_id(request: Request) -> uuid.UUID:
    """Return the ``{user_id}`` of the path.

    Raises:
        AuthError: 404 ``validation_failed`` when it is not a UUID.
    """
    raw = request.path_params["user_id"]
    user_id = parse_uuid(raw)
    if user_id is None:
        raise AuthError(404, "validation_failed", f"user_id must be a UUID, got {raw!r}")
    return user_id


def _query_int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise AuthError(400, "validation_failed", f"Invalid {name} {raw!r}: use a positive integer") from None
    if value < 1:
        raise AuthError(400, "validation_failed", f"Invalid {name} {raw!r}: use a positive integer")
    return value


def _sort_clause(raw: str | None) -> str:
    if not raw:
        return "created_at desc, id desc"
    field, _, direction = raw.strip().partition(" ")
    direction = direction.strip().lower() or "asc"
    if field not in SORT_COLUMNS or direction not in ("asc", "desc"):
        raise AuthError(
            400, "validation_failed",
            f"Invalid sort {raw!r}: use '<field> asc|desc' with field one of {', '.join(SORT_COLUMNS)}",
        )
    # Both parts come from the allow-lists above, never from the request text itself.
    return f"{SORT_COLUMNS[field]} {direction} nulls last, id {direction}"


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_users(request: Request) -> Response:
    """``GET /admin/users``: a page of users with ``X-Total-Count`` and ``Link`` headers.

    ``filter`` matches a substring of the email, phone, id or ``user_metadata.full_name``,
    ignoring case. Soft-deleted users are left out.
    """
    await require_admin(request)
    page = _query_int(request, "page", 1)
    per_page = min(_query_int(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    order = _sort_clause(request.query_params.get("sort"))

    text = (request.query_params.get("filter") or "").strip()
    pattern = _like_pattern(text) if text else None
    phone_pattern = _like_pattern(text.lstrip("+").replace(" ", "")) if text else None
    where = (
        "deleted_at is null and ($1::text is null or email ilike $1 or id::text ilike $1 "
        "or phone ilike $2 or raw_user_meta_data ->> 'full_name' ilike $1)"
    )

    async with state(request).pool.acquire() as conn:
        total = await conn.fetchval(f"select count(*) from auth.users where {where}", pattern, phone_pattern)
        rows = await conn.fetch(
            f"select * from auth.users where {where} order by {order} limit $3 offset $4",
            pattern, phone_pattern, per_page, (page - 1) * per_page,
        )
        ids = [row["id"] for row in rows]
        identities = await conn.fetch(
            "select * from auth.identities where user_id = any($1::uuid[]) order by created_at, id", ids
        )
        factors = await conn.fetch(
            "select * from auth.mfa_factors where user_id = any($1::uuid[]) order by created_at, id", ids
        )

    by_user: dict[Any, tuple[list[Any], list[Any]]] = {user_id: ([], []) for user_id in ids}
    for identity in identities:
        by_user[identity["user_id"]][0].append(identity)
    for factor in factors:
        by_user[factor["user_id"]][1].append(factor)
    users = [user_json(row, *by_user[row["id"]]) for row in rows]

    last_page = max(1, -(-total // per_page))
    links = []
    if page < last_page:
        links.append(f'</admin/users?page={page + 1}&per_page={per_page}>; rel="next"')
    links.append(f'</admin/users?page={last_page}&per_page={per_page}>; rel="last"')
    headers = {"X-Total-Count": str(total), "Link": ", ".join(links)}
    return json_response({"users": users, "aud": "authenticated"}, headers=headers)


async def _password_hash(request: Request, body: dict[str, Any]) -> str | None:
    """Return the hash to store for ``password`` or ``password_hash``, or ``None`` for neither."""
    auth = state(request)
    if body.get("password_hash") is not None:
        given = body["password_hash"]
        if not isinstance(given, str) or not given.startswith(BCRYPT_PREFIXES):
            raise AuthError(
                400, "validation_failed",
                "password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$); the sandbox reads no other format",
            )
        return given
    if body.get("password") is not None:
        password = validate_password(body["password"], auth.config)
        return await hash_password(password, auth.config.bcrypt_rounds)
    return None


def _identity_data(user_id: Any, provider: str, address: str, verified: bool) -> str:
    data: dict[str, Any] = {
        "sub": str(user_id),
        "email_verified": provider == "email" and verified,
        "phone_verified": provider == "phone" and verified,
        provider: address,
    }
    return json.dumps(data)


async def create_user(request: Request) -> Response:
    """``POST /admin/users``: create a user with an email, a phone or both, and return the User."""
    await require_admin(request)
    body = await read_json(request)
    auth = state(request)

    email = normalize_email(body["email"]) if body.get("email") else None
    phone = normalize_phone(body["phone"]) if body.get("phone") else None
    if email is None and phone is None:
        raise AuthError(400, "validation_failed", "Creating a user requires an email or a phone")

    user_id = uuid.uuid4()
    if body.get("id") is not None:
        user_id = parse_uuid(body["id"])
        if user_id is None:
            raise AuthError(400, "validation_failed", f"id must be a UUID, got {body['id']!r}")

    password_hash = await _password_hash(request, body)
    if password_hash is None:
        # Without a password the user signs in by OTP or link, because the random one is never shown.
        password_hash = await hash_password(secrets.token_urlsafe(24), auth.config.bcrypt_rounds)

    providers = [name for name, value in (("email", email), ("phone", phone)) if value]
    app_metadata = {"provider": providers[0], "providers": providers}
    app_metadata = merge_metadata(app_metadata, metadata_field(body, "app_metadata") or {})
    user_metadata = metadata_field(body, "user_metadata") or {}
    banned_until = parse_ban_duration(body["ban_duration"]) if body.get("ban_duration") else None
    role = _text_field(body, "role") or "authenticated"
    aud = _text_field(body, "aud") or "authenticated"
    email_confirmed = bool(body.get("email_confirm")) and email is not None
    phone_confirmed = bool(body.get("phone_confirm")) and phone is not None

    async with auth.pool.acquire() as conn, conn.transaction():
        await _check_unique(conn, email, phone, user_id)
        if await fetch_user(conn, user_id) is not None:
            raise AuthError(422, "user_already_exists", f"A user with id {user_id} already exists")

        await conn.execute(
            "insert into auth.users (id, aud, role, email, phone, encrypted_password, "
            "raw_app_meta_data, raw_user_meta_data, banned_until, email_confirmed_at, phone_confirmed_at) "
            "values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, "
            "case when $10 then now() end, case when $11 then now() end)",
            user_id, aud, role, email, phone, password_hash, json.dumps(app_metadata),
            json.dumps(user_metadata), banned_until, email_confirmed, phone_confirmed,
        )
        if email is not None:
            await _insert_identity(conn, user_id, "email", email, email_confirmed)
        if phone is not None:
            await _insert_identity(conn, user_id, "phone", phone, phone_confirmed)
        user = await load_user_json(conn, user_id)
    return json_response(user)


def _text_field(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise AuthError(400, "validation_failed", f"{key} must be a string, got {value!r}")
    return value


async def _insert_identity(conn: asyncpg.Connection, user_id: Any, provider: str, address: str, verified: bool) -> None:
    await conn.execute(
        "insert into auth.identities (provider_id, user_id, identity_data, provider) values ($1, $2, $3::jsonb, $4)",
        str(user_id), user_id, _identity_data(user_id, provider, address, verified), provider,
    )


async def _check_unique(conn: asyncpg.Connection, email: str | None, phone: str | None, user_id: Any) -> None:
    if email is not None:
        other = await find_user_by_email(conn, email)
        if other is not None and other["id"] != user_id:
            raise AuthError(422, "email_exists", f"A user with email {email} has already been registered")
    if phone is not None:
        other = await find_user_by_phone(conn, phone)
        if other is not None and other["id"] != user_id:
            raise AuthError(422, "phone_exists", f"A user with phone {phone} has already been registered")


async def get_user(request: Request) -> Response:
    """``GET /admin/users/{user_id}``: the User with identities and factors."""
    await require_admin(request)
    user_id = path_user_id(request)

    async with state(request).pool.acquire() as conn:
        user = await load_user_json(conn, user_id)
    return json_response(user)


async def update_user(request: Request) -> Response:
    """``PUT /admin/users/{user_id}``: change the given fields and return the User."""
    await require_admin(request)
    user_id = path_user_id(request)
    body = await read_json(request)

    email = normalize_email(body["email"]) if body.get("email") else None
    phone = normalize_phone(body["phone"]) if body.get("phone") else None
    password_hash = await _password_hash(request, {"password": body.get("password")})
    user_patch = metadata_field(body, "user_metadata")
    app_patch = metadata_field(body, "app_metadata")
    role = _text_field(body, "role")

    async with state(request).pool.acquire() as conn, conn.transaction():
        user = await conn.fetchrow("select * from auth.users where id = $1 for update", user_id)
        if user is None:
            raise AuthError(404, "user_not_found", f"User {user_id} not found")
        await _check_unique(conn, email, phone, user_id)

        changes: dict[str, Any] = {}
        if email is not None and email != user["email"]:
            changes["email"] = email
            await _upsert_identity(conn, user_id, "email", email)
        if phone is not None and phone != user["phone"]:
            changes["phone"] = phone
            await _upsert_identity(conn, user_id, "phone", phone)
        if password_hash is not None:
            changes["encrypted_password"] = password_hash
        if role is not None:
            changes["role"] = role
        if "ban_duration" in body and body["ban_duration"] is not None:
            changes["banned_until"] = parse_ban_duration(body["ban_duration"])
        if body.get("email_confirm") is True:
            changes["email_confirmed_at"] = user["email_confirmed_at"] or dt.datetime.now(dt.UTC)
        if body.get("phone_confirm") is True:
            changes["phone_confirmed_at"] = user["phone_confirmed_at"] or dt.datetime.now(dt.UTC)
        if user_patch is not None:
            current = _jsonb(user["raw_user_meta_data"])
            changes["raw_user_meta_data"] = json.dumps(merge_metadata(current, user_patch))
        if app_patch is not None or "email" in changes or "phone" in changes:
            current = _jsonb(user["raw_app_meta_data"])
            merged = merge_metadata(current, app_patch or {})
            changes["raw_app_meta_data"] = json.dumps(await _with_providers(conn, user_id, merged))

        if changes:
            # Column names come from the fixed keys above, never from the request.
            assignments = ", ".join(
                f"{column} = ${index}{'::jsonb' if column.startswith('raw_') else ''}"
                for index, column in enumerate(changes, start=2)
            )
            await conn.execute(
                f"update auth.users set {assignments}, updated_at = now() where id = $1",
                user_id, *changes.values(),
            )
        if changes.get("banned_until") is not None:
            # A ban signs the user out: refresh tokens die, issued access tokens live until exp.
            await conn.execute("delete from auth.sessions where user_id = $1", user_id)
        result = await load_user_json(conn, user_id)
    return json_response(result)


async def _upsert_identity(conn: asyncpg.Connection, user_id: Any, provider: str, address: str) -> None:
    updated = await conn.fetchval(
        "update auth.identities set identity_data = identity_data || jsonb_build_object($3::text, $4::text), "
        "updated_at = now() where user_id = $1 and provider = $2 returning id",
        user_id, provider, provider, address,
    )
    if updated is None:
        await _insert_identity(conn, user_id, provider, address, False)


async def _with_providers(conn: asyncpg.Connection, user_id: Any, app_metadata: dict[str, Any]) -> dict[str, Any]:
    providers = await conn.fetch(
        "select provider from auth.identities where user_id = $1 group by provider order by min(created_at)",
        user_id,
    )
    names = [row["provider"] for row in providers]
    if names:
        app_metadata = {**app_metadata, "providers": names}
        app_metadata.setdefault("provider", names[0])
    return app_metadata


def _jsonb(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        return json.loads(value)
    return dict(value)


def _scramble(value: str | None) -> str | None:
    if value is None:
        return None
    return hashlib.sha256(f"{value}{uuid.uuid4()}".encode()).hexdigest()


async def delete_user(request: Request) -> Response:
    """``DELETE /admin/users/{user_id}``: remove the user, or soft delete with ``should_soft_delete``.

    A soft delete keeps the row with ``deleted_at`` set, replaces the email, phone and
    identity subjects with hashes (so they can be registered again), and removes the
    password, factors and sessions.
    """
    await require_admin(request)
    user_id = path_user_id(request)
    body = await read_json(request)
    soft = body.get("should_soft_delete", False)
    if not isinstance(soft, bool):
        raise AuthError(400, "validation_failed", f"should_soft_delete must be true or false, got {soft!r}")

    async with state(request).pool.acquire() as conn, conn.transaction():
        user = await conn.fetchrow("select * from auth.users where id = $1 for update", user_id)
        if user is None:
            raise AuthError(404, "user_not_found", f"User {user_id} not found")

        if not soft:
            await conn.execute("delete from auth.users where id = $1", user_id)
            return json_response({})

        await conn.execute(
            "update auth.users set email = $2, phone = $3, email_change = null, phone_change = null, "
            "encrypted_password = null, deleted_at = now(), updated_at = now() where id = $1",
            user_id, _scramble(user["email"]), _scramble(user["phone"]),
        )
        identities = await conn.fetch("select id, provider_id from auth.identities where user_id = $1", user_id)
        for identity in identities:
            await conn.execute(
                "update auth.identities set provider_id = $2, "
                "identity_data = jsonb_build_object('sub', $2::text), updated_at = now() where id = $1",
                identity["id"], _scramble(identity["provider_id"]),
            )
        await conn.execute("delete from auth.mfa_factors where user_id = $1", user_id)
        await conn.execute("delete from auth.sessions where user_id = $1", user_id)
        await conn.execute("delete from auth.one_time_tokens where user_id = $1", user_id)
    return json_response({})


routes = [
    Route("/admin/users", list_users, methods=["GET"]),
    Route("/admin/users", create_user, methods=["POST"]),
    Route("/admin/users/{user_id}", get_user, methods=["GET"]),
    Route("/admin/users/{user_id}", update_user, methods=["PUT"]),
    Route("/admin/users/{user_id}", delete_user, methods=["DELETE"]),
]
