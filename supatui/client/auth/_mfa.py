"""``client.auth.mfa``: enrol, challenge and verify second factors, and read the assurance level."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import AuthInvalidCredentialsError
from ._base import require_one
from ._jwt import decode_jwt
from ._models import AMREntry, Session, User
from ._responses import (
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAEnrollResponseTotp,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    AuthMFAUnenrollResponse,
    AuthMFAVerifyResponse,
)

if TYPE_CHECKING:
    from ._client import AsyncAuthClient

__all__ = ["AsyncAuthMFA"]

#: Prefix that turns the raw SVG the server returns into an image URL.
_QR_CODE_PREFIX = "data:image/svg+xml;utf-8,"


class AsyncAuthMFA:
    """Multi-factor authentication calls for the signed-in user.

    Args:
        auth: The auth client whose session the calls use.
    """

    def __init__(self, auth: AsyncAuthClient) -> None:
        self._auth = auth

    async def enroll(self, params: Mapping[str, Any]) -> AuthMFAEnrollResponse:
        """Enrol a new, unverified factor (``POST /factors``).

        Args:
            params: ``{"factor_type": "totp", "friendly_name", "issuer"}`` or
                ``{"factor_type": "phone", "friendly_name", "phone"}``.

        Raises:
            AuthApiError: ``mfa_factor_name_conflict``, ``too_many_enrolled_mfa_factors`` or
                ``insufficient_aal`` (a verified factor exists and the session is aal1).
        """
        factor_type = params.get("factor_type")
        if factor_type not in ("totp", "phone"):
            raise AuthInvalidCredentialsError(
                f"mfa.enroll factor_type {factor_type!r} is invalid. Use 'totp' or 'phone'",
                code="validation_failed",
            )
        if factor_type == "phone":
            require_one(params, ("phone",), "mfa.enroll with factor_type 'phone'")

        session = await self._auth._require_session()
        body = {name: value for name, value in params.items() if value is not None}
        data = await self._auth._http.request(
            "POST", "/factors", jwt=session.access_token, body=body
        )

        totp = data.get("totp")
        return AuthMFAEnrollResponse(
            id=data["id"],
            type=data.get("type", factor_type),
            friendly_name=data.get("friendly_name"),
            totp=AuthMFAEnrollResponseTotp(
                qr_code=_QR_CODE_PREFIX + totp.get("qr_code", ""),
                secret=totp.get("secret", ""),
                uri=totp.get("uri", ""),
            )
            if isinstance(totp, dict)
            else None,
            phone=data.get("phone"),
        )

    async def challenge(self, params: Mapping[str, Any]) -> AuthMFAChallengeResponse:
        """Create a challenge for a factor. A phone factor gets its code by SMS.

        Args:
            params: ``{"factor_id", "channel": "sms"|"whatsapp"}`` (channel for phone only).
        """
        require_one(params, ("factor_id",), "mfa.challenge")
        session = await self._auth._require_session()
        body = {"channel": params["channel"]} if params.get("channel") else {}
        data = await self._auth._http.request(
            "POST",
            f"/factors/{params['factor_id']}/challenge",
            jwt=session.access_token,
            body=body,
        )
        return AuthMFAChallengeResponse(
            id=data["id"], expires_at=int(data.get("expires_at") or 0), factor_type=data.get("type")
        )

    async def verify(self, params: Mapping[str, Any]) -> AuthMFAVerifyResponse:
        """Verify a challenge with a code, which upgrades the session to aal2.

        Args:
            params: ``{"factor_id", "challenge_id", "code"}``.

        Raises:
            AuthApiError: ``mfa_verification_failed`` for a wrong code,
                ``mfa_challenge_expired`` for an old challenge.
        """
        for name in ("factor_id", "challenge_id", "code"):
            require_one(params, (name,), "mfa.verify")
        current = await self._auth._require_session()
        data = await self._auth._http.request(
            "POST",
            f"/factors/{params['factor_id']}/verify",
            jwt=current.access_token,
            body={"challenge_id": params["challenge_id"], "code": params["code"]},
        )

        session = Session.from_dict(data)
        await self._auth._sessions.save(session)
        await self._auth._sessions.emit("MFA_CHALLENGE_VERIFIED", session)
        return AuthMFAVerifyResponse(
            access_token=session.access_token,
            token_type=session.token_type,
            expires_in=session.expires_in,
            refresh_token=session.refresh_token,
            user=session.user,
        )

    async def challenge_and_verify(self, params: Mapping[str, Any]) -> AuthMFAVerifyResponse:
        """Create a challenge and verify it with ``code`` in one call (TOTP factors).

        Args:
            params: ``{"factor_id", "code"}``.
        """
        require_one(params, ("code",), "mfa.challenge_and_verify")
        challenge = await self.challenge({"factor_id": params.get("factor_id")})
        return await self.verify(
            {"factor_id": params["factor_id"], "challenge_id": challenge.id, "code": params["code"]}
        )

    async def unenroll(self, params: Mapping[str, Any]) -> AuthMFAUnenrollResponse:
        """Remove a factor. Removing a verified one needs an aal2 session.

        Args:
            params: ``{"factor_id"}``.
        """
        require_one(params, ("factor_id",), "mfa.unenroll")
        session = await self._auth._require_session()
        data = await self._auth._http.request(
            "DELETE", f"/factors/{params['factor_id']}", jwt=session.access_token
        )
        return AuthMFAUnenrollResponse(id=(data or {}).get("id", params["factor_id"]))

    async def list_factors(self) -> AuthMFAListFactorsResponse:
        """Fetch the user's factors: all of them, and the verified TOTP and phone ones."""
        response = await self._auth.get_user()
        if response is None:
            await self._auth._require_session()
            raise AssertionError("unreachable: _require_session raises when signed out")
        factors = response.user.factors or []
        verified = [factor for factor in factors if factor.status == "verified"]
        return AuthMFAListFactorsResponse(
            all=factors,
            totp=[factor for factor in verified if factor.factor_type == "totp"],
            phone=[factor for factor in verified if factor.factor_type == "phone"],
        )

    async def get_authenticator_assurance_level(
        self,
    ) -> AuthMFAGetAuthenticatorAssuranceLevelResponse:
        """Read the session's assurance level from its access token without sending a request.

        ``current_level`` is the token's ``aal`` claim. ``next_level`` is ``aal2`` when the
        session's user has a verified factor, else the current level. All fields are
        ``None`` or empty when no user is signed in.
        """
        session = await self._auth.get_session()
        if session is None:
            return AuthMFAGetAuthenticatorAssuranceLevelResponse()

        payload = decode_jwt(session.access_token).payload
        current_level = payload.get("aal")
        user: User | None = session.user
        has_verified = (
            any(factor.status == "verified" for factor in (user.factors or [])) if user else False
        )
        methods = [
            AMREntry.from_dict(entry)
            for entry in payload.get("amr") or []
            if isinstance(entry, dict)
        ]
        return AuthMFAGetAuthenticatorAssuranceLevelResponse(
            current_level=current_level,
            next_level="aal2" if has_verified else current_level,
            current_authentication_methods=methods,
        )
