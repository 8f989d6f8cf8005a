"""Multi-factor authentication for the signed-in user: ``/factors`` (TOTP and phone).

A verified challenge upgrades the caller's session to ``aal2`` and records ``totp`` or
``mfa/phone`` in its ``amr``. Phone codes are texted to the sandbox mailbox.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import totp
from .common import (
    AuthError,
    config,
    db,
    issue_session,
    json_response,
    parse_uuid,
    read_json,
    require_user,
)
from .mailbox import deliver
from .users import normalize_phone

__all__ = ["CHALLENGE_LIFETIME", "MAX_ENROLLED_FACTORS", "routes"]

#: Seconds a challenge can be verified after it was created.
CHALLENGE_LIFETIME = 300

#: Seconds an enrolled factor may stay unverified before the next enrollment removes it.
UNVERIFIED_FACTOR_LIFETIME = 300

#: Factors one user may have, verified or not.
MAX_ENROLLED_FACTORS = 10

#: amr method recorded for each factor type.
AMR_METHODS = {"totp": "totp", "phone": "mfa/phone"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def _session_aal(conn: asyncpg.Connection, claims: dict[str, Any]) -> str:
    """Return the aal of the token's session, or of the token itself when it has no session."""
    session_id = parse_uuid(claims.get("session_id"))
    if session_id is not None:
        aal = await conn.fetchval("select aal from auth.sessions where id = $1", session_id)
        if aal is not None:
            return aal
    return str(claims.get("aal") or "aal1")


async def _user_factor(conn: asyncpg.Connection, user_id: Any, raw_id: str) -> asyncpg.Record:
    factor_id = parse_uuid(raw_id)
    row = None
    if factor_id is not None:
        row = await conn.fetchrow(
            "select * from auth.mfa_factors where id = $1 and user_id = $2", factor_id, user_id
        )
    if row is None:
        raise AuthError(404, "mfa_factor_not_found", f"Factor {raw_id} not found for this user")
    return row


async def _require_mfa_user(request: Request) -> tuple[asyncpg.Record, dict[str, Any]]:
    user, claims = await require_user(request)
    if user["is_anonymous"]:
        raise AuthError(
            403, "no_authorization",
            "Anonymous users cannot use MFA: convert the user by adding an email or phone first",
        )
    return user, claims


def _issuer(request: Request, requested: Any) -> str:
    if isinstance(requested, str) and requested.strip():
        return requested.strip()
    site = urlsplit(config(request).site_url)
    return site.netloc or "supatui"


async def enroll_factor(request: Request) -> Response:
    """``POST /factors``: enroll a TOTP or phone factor, unverified until its first verify."""
    user, claims = await _require_mfa_user(request)
    body = await read_json(request)

    factor_type = body.get("factor_type")
    if factor_type not in ("totp", "phone"):
        raise AuthError(
            400, "validation_failed",
            f"Unsupported factor_type {factor_type!r}: the sandbox supports totp and phone",
        )
    friendly_name = body.get("friendly_name") or ""
    if not isinstance(friendly_name, str):
        raise AuthError(400, "validation_failed", f"friendly_name must be a string, got {friendly_name!r}")
    phone = normalize_phone(body.get("phone")) if factor_type == "phone" else None

    async with db(request).acquire() as conn, conn.transaction():
        await conn.execute(
            "delete from auth.mfa_factors where user_id = $1 and status = 'unverified' "
            "and created_at < now() - make_interval(secs => $2)",
            user["id"], UNVERIFIED_FACTOR_LIFETIME,
        )
        factors = await conn.fetch("select * from auth.mfa_factors where user_id = $1", user["id"])

        has_verified = any(row["status"] == "verified" for row in factors)
        if has_verified and await _session_aal(conn, claims) != "aal2":
            raise AuthError(
                403, "insufficient_aal",
                "AAL2 required to enroll a new factor: verify an existing factor first",
            )
        if len(factors) >= MAX_ENROLLED_FACTORS:
            raise AuthError(
                422, "too_many_enrolled_mfa_factors",
                f"Maximum number of enrolled factors reached ({MAX_ENROLLED_FACTORS}): unenroll one first",
            )
        if friendly_name and any(row["friendly_name"] == friendly_name for row in factors):
            raise AuthError(
                422, "mfa_factor_name_conflict",
                f"A factor with the friendly name {friendly_name!r} already exists for this user",
            )

        secret = totp.generate_secret() if factor_type == "totp" else None
        factor_id = await conn.fetchval(
            "insert into auth.mfa_factors (user_id, friendly_name, factor_type, secret, phone) "
            "values ($1, $2, $3, $4, $5) returning id",
            user["id"], friendly_name, factor_type, secret, phone,
        )

    response: dict[str, Any] = {"id": str(factor_id), "type": factor_type, "friendly_name": friendly_name}
    if factor_type == "phone":
        response["phone"] = phone
        return json_response(response)

    account = user["email"] or user["phone"] or str(user["id"])
    uri = totp.provisioning_uri(secret, account, _issuer(request, body.get("issuer")))
    response["totp"] = {"qr_code": totp.placeholder_qr_svg(uri), "secret": secret, "uri": uri}
    return json_response(response)


async def challenge_factor(request: Request) -> Response:
    """``POST /factors/{factor_id}/challenge``: start a challenge and text the code of a phone factor."""
    user, _ = await _require_mfa_user(request)
    body = await read_json(request)

    channel = body.get("channel") or "sms"
    if channel not in ("sms", "whatsapp"):
        raise AuthError(400, "validation_failed", f"Unsupported channel {channel!r}: use sms or whatsapp")
    ip_address = request.client.host if request.client else ""

    async with db(request).acquire() as conn, conn.transaction():
        factor = await _user_factor(conn, user["id"], request.path_params["factor_id"])

        code = None
        if factor["factor_type"] == "phone":
            code = f"{secrets.randbelow(10**totp.DIGITS):0{totp.DIGITS}d}"
        challenge = await conn.fetchrow(
            "insert into auth.mfa_challenges (factor_id, ip_address, otp_code) values ($1, $2, $3) "
            "returning id, created_at",
            factor["id"], ip_address, code,
        )
        await conn.execute(
            "update auth.mfa_factors set last_challenged_at = now(), updated_at = now() where id = $1",
            factor["id"],
        )
        if code is not None:
            await deliver(
                conn, kind="sms", recipient=factor["phone"], subject="",
                body=f"Your verification code is {code}", otp=code,
            )

    expires_at = int(challenge["created_at"].timestamp()) + CHALLENGE_LIFETIME
    return json_response(
        {"id": str(challenge["id"]), "type": factor["factor_type"], "expires_at": expires_at}
    )


async def verify_factor(request: Request) -> Response:
    """``POST /factors/{factor_id}/verify``: check the code and return an aal2 Session."""
    user, claims = await _require_mfa_user(request)
    body = await read_json(request)

    challenge_id = parse_uuid(body.get("challenge_id"))
    code = body.get("code")
    if challenge_id is None:
        raise AuthError(400, "validation_failed", f"Invalid challenge_id {body.get('challenge_id')!r}: expected a UUID")
    if not isinstance(code, str) or not code.strip():
        raise AuthError(400, "validation_failed", "Missing code: send the 6-digit code as a string")
    ip_address = request.client.host if request.client else ""

    async with db(request).acquire() as conn, conn.transaction():
        factor = await _user_factor(conn, user["id"], request.path_params["factor_id"])
        challenge = await conn.fetchrow(
            "select * from auth.mfa_challenges where id = $1 and factor_id = $2 for update",
            challenge_id, factor["id"],
        )
        if challenge is None:
            raise AuthError(422, "mfa_factor_not_found", f"Challenge {challenge_id} not found for factor {factor['id']}")

        expires = challenge["created_at"] + dt.timedelta(seconds=CHALLENGE_LIFETIME)
        if challenge["verified_at"] is not None or expires < _now():
            raise AuthError(
                422, "mfa_challenge_expired",
                f"MFA challenge {challenge_id} has expired or was already used: create a new challenge",
            )
        if (challenge["ip_address"] or "") != ip_address:
            raise AuthError(
                422, "mfa_ip_address_mismatch",
                "Challenge and verify requests must come from the same IP address",
            )
        if not _code_matches(factor, challenge, code):
            raise AuthError(422, "mfa_verification_failed", "Invalid MFA code entered")

        await conn.execute(
            "update auth.mfa_challenges set verified_at = now() where id = $1", challenge_id
        )
        await conn.execute(
            "update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1",
            factor["id"],
        )

        # A token minted without a session (or for a deleted one) gets a new aal2 session.
        session_id = parse_uuid(claims.get("session_id"))
        if session_id is not None and not await conn.fetchval(
            "select 1 from auth.sessions where id = $1 and user_id = $2", session_id, user["id"]
        ):
            session_id = None
        session = await issue_session(
            conn, user["id"], amr=[{"method": AMR_METHODS[factor["factor_type"]]}],
            aal="aal2", session_id=session_id,
        )
        await conn.execute(
            "update auth.sessions set factor_id = $2 where id = "
            "(select session_id from auth.refresh_tokens where token = $1)",
            session["refresh_token"], factor["id"],
        )
    return json_response(session)


def _code_matches(factor: asyncpg.Record, challenge: asyncpg.Record, code: str) -> bool:
    if factor["factor_type"] == "totp":
        return totp.verify_totp(factor["secret"], code)
    expected = challenge["otp_code"] or ""
    return bool(expected) and hmac.compare_digest(expected, code.strip())


async def unenroll_factor(request: Request) -> Response:
    """``DELETE /factors/{factor_id}``: remove a factor (a verified one only from an aal2 session)."""
    user, claims = await _require_mfa_user(request)

    async with db(request).acquire() as conn, conn.transaction():
        factor = await _user_factor(conn, user["id"], request.path_params["factor_id"])
        if factor["status"] == "verified" and await _session_aal(conn, claims) != "aal2":
            raise AuthError(
                422, "insufficient_aal",
                "AAL2 required to unenroll a verified factor: verify a factor first",
            )
        await conn.execute("delete from auth.mfa_factors where id = $1", factor["id"])
        await downgrade_sessions(conn, user["id"], factor["id"])

    return json_response({"id": str(factor["id"])})


async def downgrade_sessions(conn: asyncpg.Connection, user_id: Any, factor_id: Any) -> None:
    """Drop the sessions that ``factor_id`` raised to aal2 back to aal1."""
    await conn.execute(
        "update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now() "
        "where user_id = $1 and (factor_id = $2 or not exists ("
        "select 1 from auth.mfa_factors f where f.user_id = $1 and f.status = 'verified'))",
        user_id, factor_id,
    )


routes = [
    Route("/factors", enroll_factor, methods=["POST"]),
    Route("/factors/{factor_id}/challenge", challenge_factor, methods=["POST"]),
    Route("/factors/{factor_id}/verify", verify_factor, methods=["POST"]),
    Route("/factors/{factor_id}", unenroll_factor, methods=["DELETE"]),
]
