"""State and helpers shared by the parts of `AsyncAuthClient`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..errors import AuthInvalidCredentialsError
from ._api import AuthHttp
from ._models import Session, User
from ._pkce import code_challenge, generate_code_verifier
from ._responses import AuthChangeEvent, AuthResponse
from ._sessions import SessionManager

__all__ = ["AuthClientBase", "AuthFlowType", "captcha", "option", "require_one"]

AuthFlowType = Literal["pkce", "implicit"]


def option(credentials: Mapping[str, Any], name: str, default: Any = None) -> Any:
    """Return ``credentials["options"][name]``, or ``default`` when either is missing."""
    options = credentials.get("options") or {}
    return options.get(name, default)


def captcha(credentials: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ``gotrue_meta_security`` body field carrying the CAPTCHA token, if one is set."""
    token = option(credentials, "captcha_token")
    return {"gotrue_meta_security": {"captcha_token": token}} if token else {}


class AuthClientBase:
    """The request sender, the session manager and the flow type of one auth client.

    Args:
        http: Request sender of the Auth service.
        sessions: The session manager.
        flow_type: ``"pkce"`` (email links and OAuth return a code to exchange) or ``"implicit"``.
    """

    def __init__(self, http: AuthHttp, sessions: SessionManager, flow_type: AuthFlowType) -> None:
        if flow_type not in ("pkce", "implicit"):
            raise ValueError(f"flow_type {flow_type!r} is invalid. Use 'pkce' or 'implicit'")
        self._http = http
        self._sessions = sessions
        self._flow_type = flow_type

    @property
    def _verifier_key(self) -> str:
        return f"{self._sessions.storage_key}-code-verifier"

    async def _pkce_fields(self) -> dict[str, str]:
        """Start a PKCE flow: store a new code verifier and return the challenge fields to send."""
        if self._flow_type != "pkce":
            return {}
        verifier = generate_code_verifier()
        await self._sessions.storage.set_item(self._verifier_key, verifier)
        return {"code_challenge": code_challenge(verifier), "code_challenge_method": "s256"}

    async def _sign_in(self, data: Any, event: AuthChangeEvent = "SIGNED_IN") -> AuthResponse:
        """Turn a Session or User response into an AuthResponse, saving and announcing a session."""
        if not isinstance(data, dict):
            return AuthResponse()
        if "access_token" in data:
            session = Session.from_dict(data)
            await self._sessions.save(session)
            await self._sessions.emit(event, session)
            return AuthResponse(user=session.user, session=session)
        if "id" in data:
            return AuthResponse(user=User.from_dict(data))
        if isinstance(data.get("user"), dict):
            return AuthResponse(user=User.from_dict(data["user"]))
        return AuthResponse()


def require_one(credentials: Mapping[str, Any], names: tuple[str, ...], call: str) -> str:
    """Return which of ``names`` is set in ``credentials``, or raise naming the call."""
    for name in names:
        if credentials.get(name):
            return name
    wanted = " or ".join(repr(name) for name in names)
    raise AuthInvalidCredentialsError(
        f"{call} needs {wanted} in its credentials, but got keys {sorted(credentials)}",
        code="validation_failed",
    )
