"""``POST /otp``, ``/magiclink``, ``/recover`` and ``/resend``: sending codes and links."""

from __future__ import annotations

from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import AuthError, json_response, read_json, redirect_target, state
from .otp import send_token
from .pkce import create_flow_state
from .signup import insert_user
from .state import AuthState
from .users import find_user_by_email, find_user_by_phone, normalize_email, normalize_phone

__all__ = ["routes"]

_RESEND_TYPES = ("signup", "email_change", "sms", "phone_change")


async def otp(request: Request) -> Response:
    """Send a sign-in code (and link, for email), creating the user unless ``create_user`` is false."""
    body = await read_json(request)
    if request.url.path.endswith("/magiclink") and not body.get("email"):
        raise AuthError(400, "validation_failed", "Magic link sign-in needs an email address")
    if not body.get("email") and not body.get("phone"):
        raise AuthError(400, "validation_failed", "Sign in with a one-time code needs an email or a phone number")

    auth = state(request)
    data = body.get("data") or {}
    create_user = body.get("create_user", True) is not False
    redirect_to = redirect_target(request, request.query_params.get("redirect_to"))

    async with auth.pool.acquire() as conn, conn.transaction():
        if body.get("email"):
            email = normalize_email(body["email"])
            user = await find_user_by_email(conn, email)
            user_id = await _existing_or_new(conn, user, create_user, email=email, data=data)
            confirmed = user is not None and user["email_confirmed_at"] is not None
            method = "magiclink" if confirmed else "email/signup"
            flow_state_id = await create_flow_state(
                conn, body, authentication_method=method, redirect_to=redirect_to
            )
            await send_token(
                conn, auth, user_id=user_id,
                token_type="magiclink_token" if confirmed else "confirmation_token",
                recipient=email, redirect_to=redirect_to, flow_state_id=flow_state_id,
            )
            column = "recovery_sent_at" if confirmed else "confirmation_sent_at"
            await conn.execute(f"update auth.users set {column} = now() where id = $1", user_id)
            return json_response({})

        phone = normalize_phone(body["phone"])
        user = await find_user_by_phone(conn, phone)
        user_id = await _existing_or_new(conn, user, create_user, phone=phone, data=data)
        message_id = await send_token(
            conn, auth, user_id=user_id, token_type="phone_confirmation_token", recipient=phone, kind="sms"
        )
        await conn.execute("update auth.users set confirmation_sent_at = now() where id = $1", user_id)
    return json_response({"message_id": message_id})


async def _existing_or_new(
    conn: asyncpg.Connection, user: asyncpg.Record | None, create_user: bool, **fields: Any
) -> Any:
    if user is not None:
        return user["id"]
    if not create_user:
        raise AuthError(422, "otp_disabled", "Signups not allowed for otp")
    return await insert_user(conn, **fields)


async def recover(request: Request) -> Response:
    """Send a password-recovery link; answers ``{}`` for unknown emails too."""
    body = await read_json(request)
    if not body.get("email"):
        raise AuthError(400, "validation_failed", "Password recovery requires an email")
    email = normalize_email(body["email"])
    auth = state(request)
    redirect_to = redirect_target(request, request.query_params.get("redirect_to"))

    async with auth.pool.acquire() as conn, conn.transaction():
        user = await find_user_by_email(conn, email)
        if user is None or user["deleted_at"] is not None:
            return json_response({})
        flow_state_id = await create_flow_state(
            conn, body, authentication_method="recovery", user_id=user["id"], redirect_to=redirect_to
        )
        await send_token(
            conn, auth, user_id=user["id"], token_type="recovery_token", recipient=email,
            redirect_to=redirect_to, flow_state_id=flow_state_id,
        )
        await conn.execute("update auth.users set recovery_sent_at = now() where id = $1", user["id"])
    return json_response({})


async def resend(request: Request) -> Response:
    """Send the signup, email-change, SMS or phone-change code again."""
    body = await read_json(request)
    resend_type = body.get("type")
    if resend_type not in _RESEND_TYPES:
        raise AuthError(
            400, "validation_failed", f"Invalid resend type {resend_type!r}: use one of {', '.join(_RESEND_TYPES)}"
        )
    auth = state(request)
    redirect_to = redirect_target(request, request.query_params.get("redirect_to"))

    async with auth.pool.acquire() as conn, conn.transaction():
        if resend_type in ("signup", "email_change"):
            if not body.get("email"):
                raise AuthError(400, "validation_failed", f"Resending a {resend_type} email requires an email")
            result = await _resend_email(conn, auth, resend_type, normalize_email(body["email"]), body, redirect_to)
        else:
            if not body.get("phone"):
                raise AuthError(400, "validation_failed", f"Resending a {resend_type} code requires a phone")
            result = await _resend_sms(conn, auth, resend_type, normalize_phone(body["phone"]))
    return json_response(result)


async def _resend_email(
    conn: asyncpg.Connection, auth: AuthState, resend_type: str, email: str, body: dict[str, Any],
    redirect_to: str,
) -> dict[str, Any]:
    if resend_type == "signup":
        user = await find_user_by_email(conn, email)
        if user is None or user["email_confirmed_at"] is not None:
            return {}
        flow_state_id = await create_flow_state(
            conn, body, authentication_method="email/signup", redirect_to=redirect_to
        )
        await send_token(
            conn, auth, user_id=user["id"], token_type="confirmation_token", recipient=email,
            redirect_to=redirect_to, flow_state_id=flow_state_id,
        )
        await conn.execute("update auth.users set confirmation_sent_at = now() where id = $1", user["id"])
        return {}

    user = await conn.fetchrow("select * from auth.users where email_change = $1", email)
    if user is None:
        return {}
    await send_token(
        conn, auth, user_id=user["id"], token_type="email_change_token_new", recipient=email,
        redirect_to=redirect_to,
    )
    await conn.execute("update auth.users set email_change_sent_at = now() where id = $1", user["id"])
    return {}


async def _resend_sms(conn: asyncpg.Connection, auth: AuthState, resend_type: str, phone: str) -> dict[str, Any]:
    if resend_type == "sms":
        user = await find_user_by_phone(conn, phone)
        if user is None or user["phone_confirmed_at"] is not None:
            return {}
        token_type = "phone_confirmation_token"
    else:
        user = await conn.fetchrow("select * from auth.users where phone_change = $1", phone)
        if user is None:
            return {}
        token_type = "phone_change_token"
    message_id = await send_token(conn, auth, user_id=user["id"], token_type=token_type, recipient=phone, kind="sms")
    return {"message_id": message_id}


routes = [
    Route("/otp", otp, methods=["POST"]),
    Route("/magiclink", otp, methods=["POST"]),
    Route("/recover", recover, methods=["POST"]),
    Route("/resend", resend, methods=["POST"]),
]
