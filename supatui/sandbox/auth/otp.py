"""One-time codes and links: storing them in ``auth.one_time_tokens`` and mailing them."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import asyncpg

from .errors import AuthError
from .mailbox import deliver
from .state import AuthState

__all__ = [
    "TOKEN_TYPES_FOR_VERIFY",
    "IssuedToken",
    "create_one_time_token",
    "find_one_time_token",
    "hash_token",
    "send_token",
]

#: Token types each ``/verify`` type accepts.
TOKEN_TYPES_FOR_VERIFY: dict[str, tuple[str, ...]] = {
    "signup": ("confirmation_token",),
    "invite": ("invite_token",),
    "magiclink": ("magiclink_token",),
    "recovery": ("recovery_token",),
    "email": ("confirmation_token", "magiclink_token"),
    "email_change": ("email_change_token_new", "email_change_token_current"),
    "sms": ("phone_confirmation_token",),
    "phone_change": ("phone_change_token",),
}

#: The ``type`` a link of each token type carries.
_LINK_TYPES = {
    "confirmation_token": "signup",
    "invite_token": "invite",
    "magiclink_token": "magiclink",
    "recovery_token": "recovery",
    "email_change_token_new": "email_change",
    "email_change_token_current": "email_change",
}

_SUBJECTS = {
    "confirmation_token": "Confirm Your Signup",
    "invite_token": "You have been invited",
    "magiclink_token": "Your Magic Link",
    "recovery_token": "Reset Your Password",
    "email_change_token_new": "Confirm Email Change",
    "email_change_token_current": "Confirm Email Change",
    "reauthentication_token": "Confirm Reauthentication",
}


@dataclass(frozen=True)
class IssuedToken:
    """A stored one-time token: the 6-digit code, its hash and the verification link."""

    otp: str
    token_hash: str
    link: str | None
    verification_type: str | None


def hash_token(relates_to: str, otp: str) -> str:
    """Return the stored hash of ``otp`` sent to ``relates_to`` (an email or phone)."""
    return hashlib.sha224(f"{relates_to}{otp}".encode()).hexdigest()


async def create_one_time_token(
    conn: asyncpg.Connection,
    state: AuthState,
    *,
    user_id: Any,
    token_type: str,
    relates_to: str,
    redirect_to: str | None = None,
    flow_state_id: Any = None,
) -> IssuedToken:
    """Store a new code of ``token_type`` for ``user_id``, replacing the previous one of that type.

    Returns the code, its hash and (for email tokens) the ``/verify`` link, whose token is
    ``pkce_<hash>`` when a PKCE flow is attached.
    """
    otp = f"{secrets.randbelow(1_000_000):06d}"
    token_hash = hash_token(relates_to, otp)
    await conn.execute(
        "insert into auth.one_time_tokens (user_id, token_type, token_hash, relates_to, redirect_to, flow_state_id) "
        "values ($1, $2, $3, $4, $5, $6) on conflict (user_id, token_type) do update set "
        "token_hash = excluded.token_hash, relates_to = excluded.relates_to, redirect_to = excluded.redirect_to, "
        "flow_state_id = excluded.flow_state_id, created_at = now(), updated_at = now()",
        user_id, token_type, token_hash, relates_to, redirect_to, flow_state_id,
    )

    link_type = _LINK_TYPES.get(token_type)
    link = None
    if link_type is not None:
        token = f"pkce_{token_hash}" if flow_state_id is not None else token_hash
        query = {"token": token, "type": link_type, "redirect_to": redirect_to or state.config.site_url}
        link = f"{state.config.external_url}/verify?{urlencode(query)}"
    return IssuedToken(otp=otp, token_hash=token_hash, link=link, verification_type=link_type)


async def find_one_time_token(
    conn: asyncpg.Connection,
    state: AuthState,
    *,
    token_types: tuple[str, ...],
    token_hash: str,
) -> asyncpg.Record | None:
    """Return and delete the unexpired token with ``token_hash`` of one of ``token_types``."""
    row = await conn.fetchrow(
        "delete from auth.one_time_tokens where token_hash = $1 and token_type = any($2::text[]) "
        "returning *",
        token_hash, list(token_types),
    )
    if row is None:
        return None
    expires = row["created_at"] + dt.timedelta(seconds=state.config.otp_expiry)
    if expires < dt.datetime.now(dt.UTC):
        return None
    return row


async def send_token(
    conn: asyncpg.Connection,
    state: AuthState,
    *,
    user_id: Any,
    token_type: str,
    recipient: str,
    kind: str = "email",
    redirect_to: str | None = None,
    flow_state_id: Any = None,
) -> str:
    """Create a one-time token and put it in the mailbox; return the message id.

    Raises:
        AuthError: 429 ``over_email_send_rate_limit`` / ``over_sms_send_rate_limit`` when the
            previous message to ``recipient`` is younger than ``email_min_interval``.
    """
    await _check_send_interval(conn, state, recipient, kind)

    issued = await create_one_time_token(
        conn, state, user_id=user_id, token_type=token_type, relates_to=recipient,
        redirect_to=redirect_to, flow_state_id=flow_state_id,
    )
    if kind == "sms":
        body = f"Your code is {issued.otp}"
        return await deliver(conn, kind="sms", recipient=recipient, subject="", body=body, otp=issued.otp)

    lines = [f"Enter the code {issued.otp}"]
    if issued.link is not None:
        lines.append(f"or follow this link: {issued.link}")
    return await deliver(
        conn, kind="email", recipient=recipient, subject=_SUBJECTS.get(token_type, "Your code"),
        body="\n".join(lines), link=issued.link, otp=issued.otp,
    )


async def _check_send_interval(conn: asyncpg.Connection, state: AuthState, recipient: str, kind: str) -> None:
    interval = state.config.email_min_interval
    if interval <= 0:
        return
    recent = await conn.fetchval(
        "select 1 from supatui_sandbox.mailbox where recipient = $1 "
        "and created_at > now() - make_interval(secs => $2) limit 1",
        recipient, float(interval),
    )
    if recent:
        code = "over_sms_send_rate_limit" if kind == "sms" else "over_email_send_rate_limit"
        raise AuthError(
            429, code,
            f"For security purposes, you can only request this after {interval} seconds.",
        )
