"""``POST /invite`` and ``POST /admin/generate_link``: invitation emails and links made for admins."""

from __future__ import annotations

from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..common import AuthError, json_response, read_json, redirect_target, require_admin, state
from ..otp import create_one_time_token, hash_token, send_token
from ..passwords import hash_password, validate_password
from ..signup import insert_user
from ..state import AuthState
from ..users import find_user_by_email, load_user_json, normalize_email
from .fields import metadata_field

__all__ = ["routes"]

#: generate_link type -> token type of ``auth.one_time_tokens``.
LINK_TOKEN_TYPES = {
    "signup": "confirmation_token",
    "invite": "invite_token",
    "magiclink": "magiclink_token",
    "recovery": "recovery_token",
    "email_change_current": "email_change_token_current",
    "email_change_new": "email_change_token_new",
}


async def invite_user(request: Request) -> Response:
    """``POST /invite``: create or re-invite a user, email an invite link and return the User."""
    await require_admin(request)
    body = await read_json(request)
    auth = state(request)

    email = normalize_email(body.get("email"))
    data = metadata_field(body, "data") or {}
    redirect_to = redirect_target(request, request.query_params.get("redirect_to") or body.get("redirect_to"))

    async with auth.pool.acquire() as conn, conn.transaction():
        user_id = await _invitable_user(conn, email, data)
        await send_token(
            conn, auth, user_id=user_id, token_type="invite_token", recipient=email,
            redirect_to=redirect_to,
        )
        await conn.execute(
            "update auth.users set invited_at = now(), confirmation_sent_at = now(), updated_at = now() "
            "where id = $1",
            user_id,
        )
        user = await load_user_json(conn, user_id)
    return json_response(user)


async def _invitable_user(conn: asyncpg.Connection, email: str, data: dict[str, Any]) -> Any:
    """Return the id of the unconfirmed user with ``email``, creating one when there is none.

    Raises:
        AuthError: 422 ``email_exists`` when the email is already confirmed.
    """
    existing = await find_user_by_email(conn, email)
    if existing is None:
        return await insert_user(conn, email=email, data=data)
    if existing["email_confirmed_at"] is not None:
        raise AuthError(422, "email_exists", f"A user with email {email} has already been registered")
    return existing["id"]


async def generate_link(request: Request) -> Response:
    """``POST /admin/generate_link``: make a verification link without sending it.

    Returns the User's fields with ``action_link``, ``email_otp``, ``hashed_token``,
    ``verification_type`` and ``redirect_to`` added at the top level.
    """
    await require_admin(request)
    body = await read_json(request)
    auth = state(request)

    link_type = body.get("type")
    if link_type not in LINK_TOKEN_TYPES:
        raise AuthError(
            400, "validation_failed",
            f"Invalid generate_link type {link_type!r}: use one of {', '.join(LINK_TOKEN_TYPES)}",
        )
    email = normalize_email(body.get("email"))
    data = metadata_field(body, "data") or {}
    requested = request.query_params.get("redirect_to") or body.get("redirect_to")
    redirect_to = redirect_target(request, requested)

    password_hash = None
    if link_type == "signup":
        if not body.get("password"):
            raise AuthError(400, "validation_failed", "A signup link requires a password")
        password = validate_password(body["password"], auth.config)
        password_hash = await hash_password(password, auth.config.bcrypt_rounds)
    new_email = None
    if link_type.startswith("email_change"):
        if not body.get("new_email"):
            raise AuthError(400, "validation_failed", f"A {link_type} link requires new_email")
        new_email = normalize_email(body["new_email"])

    async with auth.pool.acquire() as conn, conn.transaction():
        user_id, token_type = await _link_user(
            conn, link_type, email, data=data, password_hash=password_hash, new_email=new_email
        )
        relates_to = new_email if token_type == "email_change_token_new" else email
        issued = await create_one_time_token(
            conn, auth, user_id=user_id, token_type=token_type, relates_to=relates_to,
            redirect_to=redirect_to,
        )
        if new_email is not None:
            await _prepare_email_change(conn, auth, user_id, token_type, email, new_email, issued.otp)
        user = await load_user_json(conn, user_id)

    return json_response({
        **user,
        "action_link": issued.link,
        "email_otp": issued.otp,
        "hashed_token": issued.token_hash,
        "verification_type": issued.verification_type,
        "redirect_to": redirect_to,
    })


async def _link_user(
    conn: asyncpg.Connection,
    link_type: str,
    email: str,
    *,
    data: dict[str, Any],
    password_hash: str | None,
    new_email: str | None,
) -> tuple[Any, str]:
    """Find or create the user a link is for, and return its id and the token type to issue."""
    existing = await find_user_by_email(conn, email)
    token_type = LINK_TOKEN_TYPES[link_type]

    if link_type in ("signup", "invite"):
        if existing is not None and existing["email_confirmed_at"] is not None:
            raise AuthError(422, "email_exists", f"A user with email {email} has already been registered")
        if existing is None:
            user_id = await insert_user(conn, email=email, password_hash=password_hash, data=data)
        else:
            user_id = existing["id"]
            if password_hash is not None:
                await conn.execute(
                    "update auth.users set encrypted_password = $2, updated_at = now() where id = $1",
                    user_id, password_hash,
                )
        if link_type == "invite":
            await conn.execute("update auth.users set invited_at = now() where id = $1", user_id)
        return user_id, token_type

    if link_type == "magiclink" and existing is None:
        # An unknown email gets a sign-up link, as Supabase Auth does.
        return await insert_user(conn, email=email, data=data), "confirmation_token"

    if existing is None:
        raise AuthError(404, "user_not_found", f"No user with email {email}")

    if new_email is not None:
        other = await find_user_by_email(conn, new_email)
        if other is not None and other["id"] != existing["id"]:
            raise AuthError(422, "email_exists", f"A user with email {new_email} has already been registered")
    return existing["id"], token_type


async def _prepare_email_change(
    conn: asyncpg.Connection,
    auth: AuthState,
    user_id: Any,
    token_type: str,
    email: str,
    new_email: str,
    otp: str,
) -> None:
    """Record the pending email change, and with secure email change also store the other half.

    Both halves share the code, so ``email_otp`` confirms the change at either address.
    """
    await conn.execute(
        "update auth.users set email_change = $2, email_change_confirm_status = 0, updated_at = now() "
        "where id = $1",
        user_id, new_email,
    )
    if not auth.config.secure_email_change:
        return

    if token_type == "email_change_token_new":
        other_type, other_address = "email_change_token_current", email
    else:
        other_type, other_address = "email_change_token_new", new_email
    await conn.execute(
        "insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to) values ($1, $2, $3, $4) "
        "on conflict (user_id, token_type) do update set token_hash = excluded.token_hash, "
        "relates_to = excluded.relates_to, created_at = now(), updated_at = now()",
        user_id, other_type, hash_token(other_address, otp), other_address,
    )


routes = [
    Route("/invite", invite_user, methods=["POST"]),
    Route("/admin/generate_link", generate_link, methods=["POST"]),
]
