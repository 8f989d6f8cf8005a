"""``POST /verify`` and ``GET /verify``: redeeming emailed and texted codes and links."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import asyncpg
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .common import AuthError, issue_session, json_response, read_json, redirect_target, state
from .otp import TOKEN_TYPES_FOR_VERIFY, find_one_time_token, hash_token
from .pkce import issue_auth_code
from .state import AuthState
from .users import fetch_user, normalize_email, normalize_phone

__all__ = ["apply_verification", "routes"]

#: The amr method a session gets from each verify type.
_AMR_METHODS = {
    "signup": "email/signup", "email": "otp", "magiclink": "magiclink", "recovery": "recovery",
    "invite": "invite", "email_change": "email_change", "sms": "otp", "phone_change": "otp",
}

_EMAIL_CHANGE_HALF_DONE = {
    "msg": "Confirmation link accepted. Please proceed to confirm link sent to the other email",
    "code": "200",
}


def _invalid_token() -> AuthError:
    return AuthError(403, "otp_expired", "Token has expired or is invalid")


def _verify_type(value: Any) -> str:
    if value not in TOKEN_TYPES_FOR_VERIFY:
        raise AuthError(
            400, "validation_failed",
            f"Invalid verification type {value!r}: use one of {', '.join(TOKEN_TYPES_FOR_VERIFY)}",
        )
    return value


async def apply_verification(
    conn: asyncpg.Connection, auth: AuthState, verify_type: str, token_hash: str
) -> tuple[asyncpg.Record, asyncpg.Record | None]:
    """Redeem the token with ``token_hash`` and apply what it confirms.

    Returns the token row and the user row, or the token row and ``None`` when the first of
    the two email-change confirmations was accepted.

    Raises:
        AuthError: 403 ``otp_expired`` for an unknown, used or expired token.
    """
    row = await find_one_time_token(
        conn, auth, token_types=TOKEN_TYPES_FOR_VERIFY[verify_type], token_hash=token_hash
    )
    if row is None:
        raise _invalid_token()
    user_id = row["user_id"]
    token_type = row["token_type"]

    if token_type in ("confirmation_token", "invite_token", "magiclink_token", "recovery_token"):
        await conn.execute(
            "update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), "
            "updated_at = now() where id = $1",
            user_id,
        )
        await _mark_identity_verified(conn, user_id, "email", "email_verified")
    elif token_type == "phone_confirmation_token":
        await conn.execute(
            "update auth.users set phone_confirmed_at = coalesce(phone_confirmed_at, now()), "
            "updated_at = now() where id = $1",
            user_id,
        )
        await _mark_identity_verified(conn, user_id, "phone", "phone_verified")
    elif token_type == "phone_change_token":
        await apply_phone_change(conn, user_id)
    else:
        other = await conn.fetchval(
            "select 1 from auth.one_time_tokens where user_id = $1 and token_type like 'email_change_token_%'",
            user_id,
        )
        if other:
            await conn.execute(
                "update auth.users set email_change_confirm_status = 1, updated_at = now() where id = $1", user_id
            )
            return row, None
        await apply_email_change(conn, user_id)

    user = await fetch_user(conn, user_id)
    if user is None:
        raise _invalid_token()
    return row, user


async def apply_email_change(conn: asyncpg.Connection, user_id: Any) -> None:
    """Make the pending ``email_change`` of ``user_id`` its confirmed email."""
    await conn.execute(
        "delete from auth.one_time_tokens where user_id = $1 and token_type like 'email_change_token_%'", user_id
    )
    email = await conn.fetchval(
        "update auth.users set email = email_change, email_confirmed_at = now(), email_change = null, "
        "email_change_sent_at = null, email_change_confirm_status = 0, is_anonymous = false, "
        "updated_at = now() where id = $1 and email_change is not null returning email",
        user_id,
    )
    if email is not None:
        await _upsert_identity(conn, user_id, "email", {"email": email, "email_verified": True})


async def apply_phone_change(conn: asyncpg.Connection, user_id: Any) -> None:
    """Make the pending ``phone_change`` of ``user_id`` its confirmed phone."""
    phone = await conn.fetchval(
        "update auth.users set phone = phone_change, phone_confirmed_at = now(), phone_change = null, "
        "phone_change_sent_at = null, is_anonymous = false, updated_at = now() "
        "where id = $1 and phone_change is not null returning phone",
        user_id,
    )
    if phone is not None:
        await _upsert_identity(conn, user_id, "phone", {"phone": phone, "phone_verified": True})


async def _mark_identity_verified(conn: asyncpg.Connection, user_id: Any, provider: str, key: str) -> None:
    await conn.execute(
        "update auth.identities set identity_data = identity_data || jsonb_build_object($3::text, true), "
        "updated_at = now() where user_id = $1 and provider = $2",
        user_id, provider, key,
    )


async def _upsert_identity(conn: asyncpg.Connection, user_id: Any, provider: str, data: dict[str, Any]) -> None:
    updated = await conn.fetchval(
        "update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = now() "
        "where user_id = $1 and provider = $2 returning id",
        user_id, provider, json.dumps(data),
    )
    if updated is not None:
        return
    await conn.execute(
        "insert into auth.identities (provider_id, user_id, identity_data, provider) values ($1, $2, $3::jsonb, $4)",
        str(user_id), user_id, json.dumps({"sub": str(user_id), **data}), provider,
    )
    await conn.execute(
        "update auth.users set raw_app_meta_data = jsonb_build_object("
        "'provider', coalesce(raw_app_meta_data ->> 'provider', $2), "
        "'providers', coalesce(raw_app_meta_data -> 'providers', '[]'::jsonb) || to_jsonb($2::text)) "
        "|| (raw_app_meta_data - 'provider' - 'providers') where id = $1",
        user_id, provider,
    )


async def verify_post(request: Request) -> Response:
    """Redeem a code (with its email or phone) or a token hash; return a Session."""
    body = await read_json(request)
    auth = state(request)
    verify_type = _verify_type(body.get("type"))
    token_hash = body.get("token_hash")
    token = body.get("token")

    if token_hash:
        if body.get("email") or body.get("phone"):
            raise AuthError(400, "validation_failed", "Only the token_hash and type should be provided")
        token_hash = str(token_hash).removeprefix("pkce_")
    elif token and (body.get("email") or body.get("phone")):
        address = normalize_email(body["email"]) if body.get("email") else normalize_phone(body["phone"])
        token_hash = hash_token(address, str(token))
    else:
        raise AuthError(400, "validation_failed", "Verify requires a token with an email or phone, or a token_hash")

    async with auth.pool.acquire() as conn, conn.transaction():
        _row, user = await apply_verification(conn, auth, verify_type, token_hash)
        if user is None:
            return json_response(_EMAIL_CHANGE_HALF_DONE)
        session = await issue_session(
            conn, user["id"], amr=[{"method": _AMR_METHODS[verify_type]}], aal="aal1", state=auth
        )
    return json_response(session)


async def verify_get(request: Request) -> Response:
    """Redeem an email link and redirect (303) with the session in the fragment, or ``?code=`` for PKCE."""
    auth = state(request)
    params = request.query_params
    token = params.get("token", "")
    pkce = token.startswith("pkce_")
    redirect_to = redirect_target(request, params.get("redirect_to"))

    try:
        verify_type = _verify_type(params.get("type"))
        async with auth.pool.acquire() as conn, conn.transaction():
            row, user = await apply_verification(conn, auth, verify_type, token.removeprefix("pkce_"))
            if user is None:
                return _redirect(redirect_to, fragment=_EMAIL_CHANGE_HALF_DONE | {"sb": ""})
            if row["flow_state_id"] is not None:
                code = await issue_auth_code(conn, row["flow_state_id"], user["id"])
                return _redirect(redirect_to, query={"code": code})
            session = await issue_session(
                conn, user["id"], amr=[{"method": _AMR_METHODS[verify_type]}], aal="aal1", state=auth
            )
    except AuthError as error:
        failure = {"error": "access_denied", "error_code": error.code, "error_description": error.message, "sb": ""}
        if error.code == "otp_expired":
            failure["error_description"] = "Email link is invalid or has expired"
        return _redirect(redirect_to, fragment=failure, query=failure if pkce else None)

    fragment = {
        "access_token": session["access_token"], "expires_at": session["expires_at"],
        "expires_in": session["expires_in"], "refresh_token": session["refresh_token"],
        "sb": "", "token_type": "bearer", "type": verify_type,
    }
    return _redirect(redirect_to, fragment=fragment)


def _redirect(url: str, *, fragment: dict[str, Any] | None = None, query: dict[str, Any] | None = None) -> Response:
    target = url.split("#", 1)[0]
    if query:
        target += ("&" if "?" in target else "?") + urlencode(query)
    if fragment:
        target += "#" + urlencode(fragment)
    return RedirectResponse(target, status_code=303)


routes = [
    Route("/verify", verify_post, methods=["POST"]),
    Route("/verify", verify_get, methods=["GET"]),
]
