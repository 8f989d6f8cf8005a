"""``POST /token``: the password, refresh_token, pkce and id_token grants."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jwt
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import AuthError, OAuthError, issue_session, json_response, read_json, state
from .passwords import check_password
from .pkce import take_flow_state
from .sessions import refresh_session
from .state import AuthState
from .users import find_user_by_email, find_user_by_phone, normalize_email, normalize_phone

__all__ = ["SANDBOX_ID_TOKEN_PROVIDER", "routes"]

#: The only provider the id_token grant accepts: tokens signed (HS256) with the sandbox's JWT secret.
SANDBOX_ID_TOKEN_PROVIDER = "sandbox"


async def token(request: Request) -> Response:
    """Dispatch on ``?grant_type=`` and return a Session."""
    grant_type = request.query_params.get("grant_type", "")
    body = await read_json(request)
    auth = state(request)

    if grant_type == "password":
        return json_response(await _password_grant(auth, body))
    if grant_type == "refresh_token":
        refresh_token = body.get("refresh_token")
        if not refresh_token or not isinstance(refresh_token, str):
            raise OAuthError("invalid_request", "refresh_token required")
        return json_response(await refresh_session(auth.pool, refresh_token, state=auth))
    if grant_type == "pkce":
        return json_response(await _pkce_grant(auth, body))
    if grant_type == "id_token":
        return json_response(await _id_token_grant(auth, body))
    raise AuthError(
        400, "invalid_credentials",
        f"Unsupported grant_type {grant_type!r}: use password, refresh_token, pkce or id_token",
    )


async def _password_grant(auth: AuthState, body: dict[str, Any]) -> dict[str, Any]:
    password = body.get("password")
    email = body.get("email")
    phone = body.get("phone")
    if not email and not phone:
        raise AuthError(400, "validation_failed", "Sign in needs an email or a phone number")

    async with auth.pool.acquire() as conn, conn.transaction():
        if email:
            user = await find_user_by_email(conn, normalize_email(email))
        else:
            user = await find_user_by_phone(conn, normalize_phone(phone))

        valid = user is not None and user["deleted_at"] is None and isinstance(password, str)
        if not valid or not await check_password(password, user["encrypted_password"]):
            raise AuthError(400, "invalid_credentials", "Invalid login credentials")

        if email and user["email_confirmed_at"] is None:
            raise AuthError(400, "email_not_confirmed", "Email not confirmed")
        if phone and not email and user["phone_confirmed_at"] is None:
            raise AuthError(400, "phone_not_confirmed", "Phone not confirmed")
        _check_not_banned(user)

        return await issue_session(conn, user["id"], amr=[{"method": "password"}], aal="aal1", state=auth)


async def _pkce_grant(auth: AuthState, body: dict[str, Any]) -> dict[str, Any]:
    async with auth.pool.acquire() as conn, conn.transaction():
        flow = await take_flow_state(conn, body.get("auth_code"), body.get("code_verifier"))
        user = await conn.fetchrow("select * from auth.users where id = $1", flow["user_id"])
        if user is None:
            raise AuthError(404, "user_not_found", "User of this flow no longer exists")
        _check_not_banned(user)
        session = await issue_session(
            conn, flow["user_id"], amr=[{"method": flow["authentication_method"]}], aal="aal1", state=auth
        )
    if flow["provider_access_token"]:
        session["provider_token"] = flow["provider_access_token"]
    return session


async def _id_token_grant(auth: AuthState, body: dict[str, Any]) -> dict[str, Any]:
    # NOTE: only provider "sandbox" works: an ID token the caller signs (HS256) with the sandbox's
    # JWT secret. Real providers (Google, Apple, ...) would need their keys fetched from the internet.
    provider = body.get("provider")
    if provider != SANDBOX_ID_TOKEN_PROVIDER:
        raise AuthError(
            400, "validation_failed",
            f"Unsupported id_token provider {provider!r}: the sandbox accepts only "
            f"{SANDBOX_ID_TOKEN_PROVIDER!r} tokens signed with its JWT secret",
        )
    try:
        claims = jwt.decode(
            str(body.get("id_token") or ""), auth.config.jwt_secret, algorithms=["HS256"],
            options={"verify_aud": False, "require": ["sub", "exp"]},
        )
    except jwt.InvalidTokenError as error:
        raise AuthError(400, "validation_failed", f"Invalid id_token: {error}") from error

    subject = str(claims["sub"])
    email = normalize_email(claims["email"]) if claims.get("email") else None
    async with auth.pool.acquire() as conn, conn.transaction():
        identity = await conn.fetchrow(
            "select * from auth.identities where provider = $1 and provider_id = $2", provider, subject
        )
        if identity is not None:
            user_id = identity["user_id"]
            await conn.execute(
                "update auth.identities set identity_data = $2::jsonb, last_sign_in_at = now(), updated_at = now() "
                "where id = $1",
                identity["id"], json.dumps(claims),
            )
        else:
            user_id = await _user_for_new_identity(conn, email, claims)
            await conn.execute(
                "insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at) "
                "values ($1, $2, $3::jsonb, $4, now())",
                subject, user_id, json.dumps(claims), provider,
            )
            await _add_provider(conn, user_id, provider)
        user = await conn.fetchrow("select * from auth.users where id = $1", user_id)
        _check_not_banned(user)
        return await issue_session(conn, user_id, amr=[{"method": "oauth"}], aal="aal1", state=auth)


async def _user_for_new_identity(conn: Any, email: str | None, claims: dict[str, Any]) -> Any:
    existing = await find_user_by_email(conn, email) if email else None
    if existing is not None:
        return existing["id"]
    user_id = await conn.fetchval(
        "insert into auth.users (email, email_confirmed_at, raw_app_meta_data, raw_user_meta_data) "
        "values ($1, case when $2 then now() end, $3::jsonb, $4::jsonb) returning id",
        email, bool(claims.get("email_verified", True)),
        json.dumps({"provider": SANDBOX_ID_TOKEN_PROVIDER, "providers": []}),
        json.dumps({key: value for key, value in claims.items() if key in ("name", "full_name", "picture")}),
    )
    return user_id


async def _add_provider(conn: Any, user_id: Any, provider: str) -> None:
    await conn.execute(
        "update auth.users set raw_app_meta_data = jsonb_set(raw_app_meta_data, '{providers}', "
        "coalesce(raw_app_meta_data -> 'providers', '[]'::jsonb) || to_jsonb($2::text)), updated_at = now() "
        "where id = $1 and not coalesce(raw_app_meta_data -> 'providers', '[]'::jsonb) ? $2",
        user_id, provider,
    )


def _check_not_banned(user: Any) -> None:
    banned_until = user["banned_until"]
    if banned_until is not None and banned_until > dt.datetime.now(dt.UTC):
        raise AuthError(400, "user_banned", "User is banned")


routes = [Route("/token", token, methods=["POST"])]
