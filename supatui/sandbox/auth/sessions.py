"""Sessions and refresh tokens: issuing, rotating (with reuse detection) and ending them."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import asyncpg

from .errors import AuthError
from .state import AuthState, current_state
from .users import fetch_factors, fetch_identities, fetch_user, user_json

__all__ = ["end_sessions", "issue_session", "refresh_session", "rotate_refresh_token", "session_response"]


class _TokenReused(AuthError):
    """A revoked refresh token used again after the reuse interval."""

    def __init__(self, session_id: Any) -> None:
        super().__init__(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used")
        self.session_id = session_id


def _new_refresh_token() -> str:
    return secrets.token_urlsafe(16)


async def issue_session(
    conn: asyncpg.Connection,
    user_id: Any,
    *,
    amr: list[dict[str, Any]],
    aal: str,
    session_id: Any = None,
    state: AuthState | None = None,
) -> dict[str, Any]:
    """Create a session (or upgrade ``session_id``) with a new refresh token; return the Session JSON.

    Args:
        conn: connection; run inside a transaction with the caller's other writes.
        user_id: the user signing in.
        amr: authentication methods to record, each ``{"method": "password"}``-like.
        aal: ``aal1`` or ``aal2`` for the session.
        session_id: an existing session of the user to update, such as after an MFA verify.
        state: the auth state; defaults to that of the request being served.
    """
    state = state or current_state()

    if session_id is None:
        session_id = await conn.fetchval(
            "insert into auth.sessions (user_id, aal, refreshed_at) values ($1, $2, now()) returning id",
            user_id, aal,
        )
        await conn.execute(
            "update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", user_id
        )
        parent = None
    else:
        updated = await conn.fetchval(
            "update auth.sessions set aal = $2, updated_at = now(), refreshed_at = now() "
            "where id = $1 and user_id = $3 returning id",
            session_id, aal, user_id,
        )
        if updated is None:
            raise AuthError(403, "session_not_found", f"Session {session_id} does not exist")
        parent = await conn.fetchval(
            "update auth.refresh_tokens set revoked = true, updated_at = now() "
            "where session_id = $1 and not revoked returning token",
            session_id,
        )

    for entry in amr:
        await conn.execute(
            "insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2) "
            "on conflict (session_id, authentication_method) do update set updated_at = now()",
            session_id, entry["method"],
        )

    token = _new_refresh_token()
    await conn.execute(
        "insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)",
        token, user_id, session_id, parent,
    )
    return await session_response(conn, user_id, session_id, token, state=state)


async def session_response(
    conn: asyncpg.Connection,
    user_id: Any,
    session_id: Any,
    refresh_token: str,
    *,
    state: AuthState | None = None,
) -> dict[str, Any]:
    """Return the Session JSON: a new access token for ``session_id`` plus ``refresh_token``."""
    state = state or current_state()
    config = state.config

    user = await fetch_user(conn, user_id)
    if user is None:
        raise AuthError(404, "user_not_found", f"User {user_id} not found")
    user_body = user_json(user, await fetch_identities(conn, user_id), await fetch_factors(conn, user_id))

    session = await conn.fetchrow("select aal from auth.sessions where id = $1", session_id)
    claims_rows = await conn.fetch(
        "select authentication_method, updated_at from auth.mfa_amr_claims "
        "where session_id = $1 order by updated_at desc",
        session_id,
    )
    amr = [
        {"method": row["authentication_method"], "timestamp": int(row["updated_at"].timestamp())}
        for row in claims_rows
    ]

    now = state.signer.now()
    expires_at = now + config.jwt_expiry
    claims = {
        "iss": config.external_url,
        "sub": str(user_id),
        "aud": user["aud"],
        "exp": expires_at,
        "iat": now,
        "email": user["email"] or "",
        "phone": user["phone"] or "",
        "app_metadata": user_body["app_metadata"],
        "user_metadata": user_body["user_metadata"],
        "role": user["role"],
        "aal": session["aal"] if session else "aal1",
        "amr": amr,
        "session_id": str(session_id),
        "is_anonymous": bool(user["is_anonymous"]),
    }
    return {
        "access_token": state.signer.sign(claims),
        "token_type": "bearer",
        "expires_in": config.jwt_expiry,
        "expires_at": expires_at,
        "refresh_token": refresh_token,
        "user": user_body,
    }


async def rotate_refresh_token(
    conn: asyncpg.Connection, token: str, *, state: AuthState | None = None
) -> dict[str, Any]:
    """Exchange ``token`` for a new Session whose refresh token replaces it.

    A token revoked less than ``refresh_token_reuse_interval`` seconds ago returns the
    session's current token again (concurrent refreshes). An older revoked token raises
    ``refresh_token_already_used``, and ``refresh_session`` then revokes the whole session,
    as a stolen token may be in use.

    Raises:
        AuthError: 400 ``refresh_token_not_found``, ``refresh_token_already_used``,
            ``session_expired`` or ``user_banned``.
    """
    state = state or current_state()

    row = await conn.fetchrow(
        "select r.*, s.not_after from auth.refresh_tokens r "
        "join auth.sessions s on s.id = r.session_id where r.token = $1 for update of r",
        token,
    )
    if row is None:
        raise AuthError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")

    user = await fetch_user(conn, row["user_id"])
    now = dt.datetime.now(dt.UTC)
    if user is None or user["deleted_at"] is not None:
        raise AuthError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found")
    if user["banned_until"] is not None and user["banned_until"] > now:
        raise AuthError(400, "user_banned", "Invalid Refresh Token: User Banned")
    if row["not_after"] is not None and row["not_after"] <= now:
        raise AuthError(400, "session_expired", "Invalid Refresh Token: Session Expired")

    if row["revoked"]:
        reuse_until = row["updated_at"] + dt.timedelta(seconds=state.config.refresh_token_reuse_interval)
        active = await conn.fetchval(
            "select token from auth.refresh_tokens where session_id = $1 and not revoked "
            "order by id desc limit 1",
            row["session_id"],
        )
        if now <= reuse_until and active is not None:
            return await session_response(conn, row["user_id"], row["session_id"], active, state=state)

        raise _TokenReused(row["session_id"])

    await conn.execute(
        "update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", row["id"]
    )
    new_token = _new_refresh_token()
    await conn.execute(
        "insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)",
        new_token, row["user_id"], row["session_id"], token,
    )
    await conn.execute(
        "update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1",
        row["session_id"],
    )
    return await session_response(conn, row["user_id"], row["session_id"], new_token, state=state)


async def refresh_session(pool: asyncpg.Pool, token: str, *, state: AuthState) -> dict[str, Any]:
    """Run ``rotate_refresh_token`` in a transaction; on reuse, revoke the session's tokens.

    The revocation commits in its own transaction, as the rotation's is rolled back by the error.
    """
    async with pool.acquire() as conn:
        try:
            async with conn.transaction():
                return await rotate_refresh_token(conn, token, state=state)
        except _TokenReused as error:
            await conn.execute(
                "update auth.refresh_tokens set revoked = true, updated_at = now() "
                "where session_id = $1 and not revoked",
                error.session_id,
            )
            raise


async def end_sessions(conn: asyncpg.Connection, user_id: Any, session_id: Any, scope: str) -> None:
    """Delete sessions of ``user_id`` (their refresh tokens go with them).

    Args:
        conn: connection.
        user_id: the user signing out.
        session_id: the session of the request (``None`` for tokens without one).
        scope: ``global`` (all sessions), ``local`` (``session_id``) or ``others`` (all but it).
    """
    if scope == "global":
        await conn.execute("delete from auth.sessions where user_id = $1", user_id)
    elif scope == "local":
        await conn.execute("delete from auth.sessions where id = $1 and user_id = $2", session_id, user_id)
    elif scope == "others":
        await conn.execute(
            "delete from auth.sessions where user_id = $1 and id is distinct from $2", user_id, session_id
        )
    else:
        raise AuthError(400, "validation_failed", f"Unsupported logout scope {scope!r}: use global, local or others")

