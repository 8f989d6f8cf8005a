"""``POST /signup``: email or phone sign-up with a password, and anonymous sign-in."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import (
    AuthError,
    issue_session,
    json_response,
    read_json,
    redirect_target,
    state,
    user_json,
)
from .otp import send_token
from .passwords import hash_password, validate_password
from .pkce import create_flow_state
from .users import (
    fetch_factors,
    fetch_identities,
    fetch_user,
    find_user_by_email,
    find_user_by_phone,
    normalize_email,
    normalize_phone,
    timestamp,
)

__all__ = ["insert_user", "routes"]


async def insert_user(
    conn: asyncpg.Connection,
    *,
    email: str | None = None,
    phone: str | None = None,
    password_hash: str | None = None,
    data: dict[str, Any] | None = None,
    confirmed: bool = False,
) -> uuid.UUID:
    """Insert a user with an email or phone identity and return its id.

    Args:
        conn: connection, inside the caller's transaction.
        email: normalized email, or ``None``.
        phone: normalized phone, or ``None``.
        password_hash: bcrypt hash, or ``None`` for passwordless users.
        data: the user's ``user_metadata``.
        confirmed: stamp ``email_confirmed_at``/``phone_confirmed_at`` now.
    """
    provider = "email" if email else "phone"
    app_metadata = {"provider": provider, "providers": [provider]}
    user_id = await conn.fetchval(
        "insert into auth.users (email, phone, encrypted_password, raw_app_meta_data, raw_user_meta_data, "
        "email_confirmed_at, phone_confirmed_at) values ($1, $2, $3, $4::jsonb, $5::jsonb, "
        "case when $6 and $1::text is not null then now() end, "
        "case when $6 and $2::text is not null then now() end) returning id",
        email, phone, password_hash, json.dumps(app_metadata), json.dumps(data or {}), confirmed,
    )
    identity_data: dict[str, Any] = {
        "sub": str(user_id),
        "email_verified": bool(email) and confirmed,
        "phone_verified": bool(phone) and confirmed,
    }
    if email:
        identity_data["email"] = email
    else:
        identity_data["phone"] = phone
    await conn.execute(
        "insert into auth.identities (provider_id, user_id, identity_data, provider) values ($1, $2, $3::jsonb, $4)",
        str(user_id), user_id, json.dumps(identity_data), provider,
    )
    return user_id


async def signup(request: Request) -> Response:
    """Sign a user up; return a Session (autoconfirm) or the unconfirmed User."""
    body = await read_json(request)
    auth = state(request)

    if not body.get("email") and not body.get("phone"):
        return await _sign_in_anonymously(request, body)

    email = normalize_email(body["email"]) if body.get("email") else None
    phone = None if email else normalize_phone(body["phone"])
    if not body.get("password"):
        raise AuthError(422, "validation_failed", "Signup requires a valid password")
    password = validate_password(body["password"], auth.config)
    data = body.get("data") or {}
    if not isinstance(data, dict):
        raise AuthError(400, "validation_failed", "data must be a JSON object of user metadata")
    redirect_to = redirect_target(request, request.query_params.get("redirect_to"))
    password_hash = await hash_password(password, auth.config.bcrypt_rounds)

    async with auth.pool.acquire() as conn, conn.transaction():
        existing = await (find_user_by_email(conn, email) if email else find_user_by_phone(conn, phone))
        if existing is not None:
            confirmed = existing["email_confirmed_at"] if email else existing["phone_confirmed_at"]
            if confirmed is not None:
                if auth.config.autoconfirm:
                    raise AuthError(422, "user_already_exists", "User already registered")
                return json_response(_obfuscated_user(email, phone, data))
            user_id = existing["id"]
            await conn.execute(
                "update auth.users set encrypted_password = $2, raw_user_meta_data = $3::jsonb, "
                "updated_at = now() where id = $1",
                user_id, password_hash, json.dumps(data),
            )
        else:
            user_id = await insert_user(
                conn, email=email, phone=phone, password_hash=password_hash, data=data,
                confirmed=auth.config.autoconfirm,
            )

        if auth.config.autoconfirm:
            session = await issue_session(conn, user_id, amr=[{"method": "password"}], aal="aal1", state=auth)
            return json_response(session)

        flow_state_id = await create_flow_state(
            conn, body, authentication_method="email/signup", redirect_to=redirect_to
        )
        await send_token(
            conn, auth, user_id=user_id,
            token_type="confirmation_token" if email else "phone_confirmation_token",
            recipient=email or phone, kind="email" if email else "sms",
            redirect_to=redirect_to, flow_state_id=flow_state_id,
        )
        await conn.execute(
            "update auth.users set confirmation_sent_at = now() where id = $1", user_id
        )
        user = await fetch_user(conn, user_id)
        body_json = user_json(user, await fetch_identities(conn, user_id), await fetch_factors(conn, user_id))
    return json_response(body_json)


async def _sign_in_anonymously(request: Request, body: dict[str, Any]) -> Response:
    auth = state(request)
    if not auth.config.anonymous_enabled:
        raise AuthError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled")
    data = body.get("data") or {}
    if not isinstance(data, dict):
        raise AuthError(400, "validation_failed", "data must be a JSON object of user metadata")

    async with auth.pool.acquire() as conn, conn.transaction():
        user_id = await conn.fetchval(
            "insert into auth.users (is_anonymous, raw_user_meta_data) values (true, $1::jsonb) returning id",
            json.dumps(data),
        )
        session = await issue_session(conn, user_id, amr=[{"method": "anonymous"}], aal="aal1", state=auth)
    return json_response(session)


def _obfuscated_user(email: str | None, phone: str | None, data: dict[str, Any]) -> dict[str, Any]:
    # A confirmed address signing up again gets a look-alike user, so the response does not
    # reveal that the address is registered.
    now = timestamp(dt.datetime.now(dt.UTC))
    provider = "email" if email else "phone"
    return {
        "id": str(uuid.uuid4()), "aud": "authenticated", "role": "authenticated",
        "email": email or "", "phone": phone or "", "confirmation_sent_at": now,
        "app_metadata": {"provider": provider, "providers": [provider]}, "user_metadata": data,
        "identities": [], "created_at": now, "updated_at": now, "is_anonymous": False,
    }


routes = [Route("/signup", signup, methods=["POST"])]
