"""``GET/PUT /user``, ``GET /reauthenticate`` and ``POST /logout``."""

from __future__ import annotations

import json
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import (
    AuthError,
    json_response,
    parse_uuid,
    read_json,
    redirect_target,
    require_user,
    state,
)
from .otp import find_one_time_token, hash_token, send_token
from .passwords import check_password, hash_password, validate_password
from .sessions import end_sessions
from .state import AuthState
from .users import load_user_json, normalize_email, normalize_phone
from .verify import apply_email_change, apply_phone_change

__all__ = ["routes"]


async def get_user(request: Request) -> Response:
    """Return the signed-in user."""
    user, _claims = await require_user(request)
    async with state(request).pool.acquire() as conn:
        return json_response(await load_user_json(conn, user["id"]))


async def put_user(request: Request) -> Response:
    """Update the signed-in user's metadata, password, email or phone; return the User."""
    user, claims = await require_user(request)
    body = await read_json(request)
    auth = state(request)
    if "app_metadata" in body:
        raise AuthError(403, "not_admin", "Only an admin can update app_metadata; use the admin API")

    sensitive = any(body.get(key) for key in ("email", "phone", "password"))
    async with auth.pool.acquire() as conn, conn.transaction():
        if sensitive and claims.get("aal") != "aal2":
            has_factor = await conn.fetchval(
                "select 1 from auth.mfa_factors where user_id = $1 and status = 'verified' limit 1", user["id"]
            )
            if has_factor:
                raise AuthError(
                    401, "insufficient_aal",
                    "AAL2 session is required to update email or password when MFA is enabled.",
                )

        if "data" in body:
            await _merge_metadata(conn, user, body["data"])
        if body.get("password"):
            await _change_password(conn, auth, user, body)
        redirect_to = redirect_target(request, request.query_params.get("redirect_to"))
        if body.get("email"):
            await _change_email(conn, auth, user, normalize_email(body["email"]), redirect_to)
        if body.get("phone"):
            await _change_phone(conn, auth, user, normalize_phone(body["phone"]))
        return json_response(await load_user_json(conn, user["id"]))


async def _merge_metadata(conn: asyncpg.Connection, user: asyncpg.Record, data: Any) -> None:
    if not isinstance(data, dict):
        raise AuthError(400, "validation_failed", "data must be a JSON object of user metadata")
    metadata = json.loads(user["raw_user_meta_data"]) if isinstance(user["raw_user_meta_data"], str) else dict(
        user["raw_user_meta_data"] or {}
    )
    for key, value in data.items():
        if value is None:
            metadata.pop(key, None)
        else:
            metadata[key] = value
    await conn.execute(
        "update auth.users set raw_user_meta_data = $2::jsonb, updated_at = now() where id = $1",
        user["id"], json.dumps(metadata),
    )


async def _change_password(conn: asyncpg.Connection, auth: AuthState, user: asyncpg.Record, body: dict[str, Any]) -> None:
    password = validate_password(body["password"], auth.config)
    if await check_password(password, user["encrypted_password"]):
        raise AuthError(422, "same_password", "New password should be different from the old password.")
    current = body.get("current_password")
    if current is not None and not await check_password(str(current), user["encrypted_password"]):
        raise AuthError(400, "current_password_mismatch", "Current password is incorrect")

    if auth.config.secure_password_change and user["encrypted_password"]:
        nonce = body.get("nonce")
        if not nonce:
            raise AuthError(400, "reauthentication_needed", "Password update requires reauthentication")
        address = user["email"] or user["phone"] or ""
        row = await find_one_time_token(
            conn, auth, token_types=("reauthentication_token",), token_hash=hash_token(address, str(nonce))
        )
        if row is None or row["user_id"] != user["id"]:
            raise AuthError(422, "reauthentication_not_valid", "Requires reauthentication")

    password_hash = await hash_password(password, auth.config.bcrypt_rounds)
    await conn.execute(
        "update auth.users set encrypted_password = $2, updated_at = now() where id = $1", user["id"], password_hash
    )


async def _change_email(conn: asyncpg.Connection, auth: AuthState, user: asyncpg.Record, email: str, redirect_to: str) -> None:
    if email == user["email"]:
        return
    taken = await conn.fetchval("select 1 from auth.users where email = $1 and id <> $2", email, user["id"])
    if taken:
        raise AuthError(422, "email_exists", "A user with this email address has already been registered")

    await conn.execute(
        "update auth.users set email_change = $2, email_change_sent_at = now(), email_change_confirm_status = 0, "
        "updated_at = now() where id = $1",
        user["id"], email,
    )
    if auth.config.autoconfirm:
        await apply_email_change(conn, user["id"])
        return

    await send_token(
        conn, auth, user_id=user["id"], token_type="email_change_token_new", recipient=email, redirect_to=redirect_to
    )
    if auth.config.secure_email_change and user["email"]:
        await send_token(
            conn, auth, user_id=user["id"], token_type="email_change_token_current", recipient=user["email"],
            redirect_to=redirect_to,
        )


async def _change_phone(conn: asyncpg.Connection, auth: AuthState, user: asyncpg.Record, phone: str) -> None:
    if phone == user["phone"]:
        return
    taken = await conn.fetchval("select 1 from auth.users where phone = $1 and id <> $2", phone, user["id"])
    if taken:
        raise AuthError(422, "phone_exists", "A user with this phone number has already been registered")

    await conn.execute(
        "update auth.users set phone_change = $2, phone_change_sent_at = now(), updated_at = now() where id = $1",
        user["id"], phone,
    )
    if auth.config.autoconfirm:
        await apply_phone_change(conn, user["id"])
        return
    await send_token(conn, auth, user_id=user["id"], token_type="phone_change_token", recipient=phone, kind="sms")


async def reauthenticate(request: Request) -> Response:
    """Send a nonce to the user's email (or phone) for a secure password change."""
    user, _claims = await require_user(request)
    auth = state(request)
    if not user["email"] and not user["phone"]:
        raise AuthError(422, "validation_failed", "Reauthentication requires the user to have an email or a phone")
    if user["email"] and user["email_confirmed_at"] is None:
        raise AuthError(422, "email_not_confirmed", "Please verify your email first.")

    async with auth.pool.acquire() as conn, conn.transaction():
        kind = "email" if user["email"] else "sms"
        message_id = await send_token(
            conn, auth, user_id=user["id"], token_type="reauthentication_token",
            recipient=user["email"] or user["phone"], kind=kind,
        )
        await conn.execute("update auth.users set reauthentication_sent_at = now() where id = $1", user["id"])
    return json_response({} if kind == "email" else {"message_id": message_id})


async def logout(request: Request) -> Response:
    """End the user's sessions (``?scope=global|local|others``); 204."""
    user, claims = await require_user(request)
    scope = request.query_params.get("scope", "global")
    async with state(request).pool.acquire() as conn:
        await end_sessions(conn, user["id"], parse_uuid(claims.get("session_id")), scope)
    return Response(status_code=204)


routes = [
    Route("/user", get_user, methods=["GET"]),
    Route("/user", put_user, methods=["PUT"]),
    Route("/reauthenticate", reauthenticate, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
]
