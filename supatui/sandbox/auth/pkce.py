"""PKCE flow state: the code challenge a flow starts with and the auth code it ends with."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import uuid
from typing import Any

import asyncpg

from .errors import AuthError

__all__ = ["check_code_verifier", "create_flow_state", "issue_auth_code", "take_flow_state"]

#: Seconds an auth code stays exchangeable.
AUTH_CODE_LIFETIME_SECONDS = 300

_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")


async def create_flow_state(
    conn: asyncpg.Connection,
    body: dict[str, Any],
    *,
    authentication_method: str,
    user_id: Any = None,
    provider_type: str = "",
    redirect_to: str | None = None,
) -> uuid.UUID | None:
    """Store the flow state when ``body`` has a ``code_challenge``; return its id, else ``None``.

    Raises:
        AuthError: 400 ``validation_failed`` for a method other than ``s256`` or ``plain``.
    """
    challenge = body.get("code_challenge")
    if not challenge:
        return None
    method = str(body.get("code_challenge_method") or "").lower()
    if method not in ("s256", "plain"):
        raise AuthError(
            400, "validation_failed",
            f"Invalid code_challenge_method {body.get('code_challenge_method')!r}: use s256 or plain",
        )
    return await conn.fetchval(
        "insert into auth.flow_state (user_id, code_challenge_method, code_challenge, provider_type, "
        "authentication_method, redirect_to) values ($1, $2, $3, $4, $5, $6) returning id",
        user_id, method, str(challenge), provider_type, authentication_method, redirect_to,
    )


async def issue_auth_code(conn: asyncpg.Connection, flow_state_id: Any, user_id: Any) -> str:
    """Attach ``user_id`` to the flow and return its new auth code."""
    code = str(uuid.uuid4())
    await conn.execute(
        "update auth.flow_state set user_id = $2, auth_code = $3, auth_code_issued_at = now(), "
        "updated_at = now() where id = $1",
        flow_state_id, user_id, code,
    )
    return code


async def take_flow_state(conn: asyncpg.Connection, auth_code: Any, verifier: Any) -> asyncpg.Record:
    """Check ``verifier`` against the flow of ``auth_code``, delete the flow and return it.

    Raises:
        AuthError: 404 ``flow_state_not_found``, 422 ``flow_state_expired``,
            400 ``bad_code_verifier`` or ``validation_failed``.
    """
    if not auth_code or not verifier:
        raise AuthError(400, "validation_failed", "invalid request: both auth code and code verifier should be non-empty")
    if not isinstance(verifier, str) or not _VERIFIER.match(verifier):
        raise AuthError(
            400, "validation_failed",
            "Invalid code_verifier: use 43 to 128 characters from A-Z, a-z, 0-9, '-', '.', '_' and '~'",
        )

    flow = await conn.fetchrow(
        "delete from auth.flow_state where auth_code = $1 returning *", str(auth_code)
    )
    if flow is None or flow["user_id"] is None:
        raise AuthError(404, "flow_state_not_found", "invalid flow state, no valid flow state found")

    issued = flow["auth_code_issued_at"]
    if issued is None or issued + dt.timedelta(seconds=AUTH_CODE_LIFETIME_SECONDS) < dt.datetime.now(dt.UTC):
        raise AuthError(422, "flow_state_expired", "invalid flow state, flow state has expired")

    if not check_code_verifier(flow["code_challenge_method"], flow["code_challenge"], verifier):
        raise AuthError(400, "bad_code_verifier", "code challenge does not match previously saved code verifier")
    return flow


def check_code_verifier(method: str, challenge: str, verifier: str) -> bool:
    """Return whether ``verifier`` produces ``challenge`` under ``method`` (``s256`` or ``plain``)."""
    if method == "plain":
        return verifier == challenge
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
