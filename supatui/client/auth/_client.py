"""AsyncAuthClient (``client.auth``): sessions, the signed-in user, identities, claims, events."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import (
    AuthApiError,
    AuthInvalidCredentialsError,
    AuthInvalidJwtError,
    AuthSessionMissingError,
)
from ._admin import AsyncAuthAdmin
from ._api import AuthHttp
from ._base import AuthFlowType, option, require_one
from ._jwt import JWKSCache, decode_jwt, verify_with_jwk
from ._mfa import AsyncAuthMFA
from ._models import Session, User, UserIdentity
from ._responses import (
    AuthChangeEvent,
    AuthResponse,
    ClaimsResponse,
    IdentitiesResponse,
    OAuthResponse,
    Subscription,
    UserResponse,
)
from ._sessions import SessionManager
from ._signin import SignInMixin

__all__ = ["AsyncAuthClient"]

_SIGN_OUT_SCOPES = ("global", "local", "others")


class AsyncAuthClient(SignInMixin):
    """The Auth (GoTrue) service of a project: ``client.auth``.

    ``client.auth.mfa`` holds the MFA calls and ``client.auth.admin`` the admin calls, which
    need the service_role key.

    Args:
        http: Request sender of the Auth service.
        sessions: The session manager (storage, refresh, events).
        flow_type: ``"pkce"`` (default) or ``"implicit"``.
    """

    def __init__(
        self, http: AuthHttp, sessions: SessionManager, flow_type: AuthFlowType = "pkce"
    ) -> None:
        super().__init__(http, sessions, flow_type)
        self._jwks = JWKSCache()
        self.mfa = AsyncAuthMFA(self)
        self.admin = AsyncAuthAdmin(http)

    def __repr__(self) -> str:
        return f"AsyncAuthClient(url={self._http.auth_url!r})"

    async def _require_session(self) -> Session:
        session = await self.get_session()
        if session is None:
            raise AuthSessionMissingError()
        return session

    async def get_session(self) -> Session | None:
        """Return the current session, refreshing it first if its access token is expiring.

        Returns ``None`` when no user is signed in.
        """
        return await self._sessions.get_session()

    async def refresh_session(self, refresh_token: str | None = None) -> AuthResponse:
        """Get a new session now, whether or not the current one is expiring.

        Args:
            refresh_token: Token to use, by default the current session's.

        Raises:
            AuthSessionMissingError: No token was passed and no user is signed in.
        """
        if not refresh_token:
            session = await self._sessions.load()
            if session is None:
                raise AuthSessionMissingError()
            refresh_token = session.refresh_token
        session = await self._sessions.refresh(refresh_token)
        return AuthResponse(user=session.user, session=session)

    async def set_session(self, access_token: str, refresh_token: str) -> AuthResponse:
        """Sign in with tokens obtained elsewhere, refreshing an expired access token first.

        Raises:
            AuthInvalidJwtError: ``access_token`` is not a JWT.
            AuthApiError: The server rejects the tokens.
        """
        if not access_token or not refresh_token:
            raise AuthInvalidCredentialsError(
                "set_session needs both access_token and refresh_token", code="validation_failed"
            )
        payload = decode_jwt(access_token).payload
        expires_at = payload.get("exp")

        if isinstance(expires_at, int) and expires_at - time.time() <= 0:
            session = await self._sessions.refresh(refresh_token)
        else:
            user = await self._fetch_user(access_token)
            expires_in = int(expires_at - time.time()) if isinstance(expires_at, int) else 0
            session = Session(
                access_token=access_token,
                refresh_token=refresh_token,
                expires_in=expires_in,
                expires_at=expires_at if isinstance(expires_at, int) else None,
                user=user,
            )
            await self._sessions.save(session)

        await self._sessions.emit("SIGNED_IN", session)
        return AuthResponse(user=session.user, session=session)

    async def _fetch_user(self, jwt: str) -> User:
        data = await self._http.request("GET", "/user", jwt=jwt)
        return User.from_dict(data)

    async def get_user(self, jwt: str | None = None) -> UserResponse | None:
        """Fetch the user of ``jwt`` (default: the current session) from the server.

        The server checks the token, so this tells whether it is still valid.
        Returns ``None`` when no JWT is passed and no user is signed in.
        """
        if jwt is None:
            session = await self.get_session()
            if session is None:
                return None
            jwt = session.access_token
        return UserResponse(user=await self._fetch_user(jwt))

    async def update_user(
        self, attributes: Mapping[str, Any], options: Mapping[str, Any] | None = None
    ) -> UserResponse:
        """Change the signed-in user's email, phone, password or metadata (``PUT /user``).

        Args:
            attributes: Any of ``email``, ``phone``, ``password``, ``current_password``,
                ``nonce`` (from `reauthenticate`) and ``data`` (user metadata, merged).
            options: ``{"email_redirect_to"}`` for the email-change link.

        Raises:
            AuthSessionMissingError: No user is signed in.
            AuthWeakPasswordError: The new password breaks the password policy.
        """
        session = await self._require_session()
        body = dict(attributes)
        if body.get("email"):
            body.update(await self._pkce_fields())
        data = await self._http.request(
            "PUT",
            "/user",
            jwt=session.access_token,
            body=body,
            redirect_to=(options or {}).get("email_redirect_to"),
        )
        user = User.from_dict(data)
        session.user = user
        await self._sessions.save(session)
        await self._sessions.emit("USER_UPDATED", session)
        return UserResponse(user=user)

    async def get_user_identities(self) -> IdentitiesResponse:
        """Return the identities linked to the signed-in user.

        Raises:
            AuthSessionMissingError: No user is signed in.
        """
        session = await self._require_session()
        user = await self._fetch_user(session.access_token)
        return IdentitiesResponse(identities=user.identities or [])

    async def link_identity(self, credentials: Mapping[str, Any]) -> OAuthResponse:
        """Return the URL that links an OAuth identity to the signed-in user.

        Args:
            credentials: ``{"provider", "options": {"redirect_to", "scopes", "query_params"}}``.

        Raises:
            AuthApiError: ``manual_linking_disabled`` when the project does not allow it.
        """
        require_one(credentials, ("provider",), "link_identity")
        session = await self._require_session()
        query = await self._authorize_params(credentials, skip_http_redirect="true")
        data = await self._http.request(
            "GET", "/user/identities/authorize", jwt=session.access_token, query=query
        )
        return OAuthResponse(provider=credentials["provider"], url=data["url"])

    async def unlink_identity(self, identity: UserIdentity) -> None:
        """Remove ``identity`` (from `get_user_identities`) from the signed-in user.

        Raises:
            AuthApiError: ``single_identity_not_deletable`` for the user's last identity.
        """
        session = await self._require_session()
        await self._http.request(
            "DELETE", f"/user/identities/{identity.identity_id}", jwt=session.access_token
        )

    async def reauthenticate(self) -> AuthResponse:
        """Send the signed-in user a nonce to confirm a password change with `update_user`."""
        session = await self._require_session()
        await self._http.request("GET", "/reauthenticate", jwt=session.access_token)
        return AuthResponse()

    async def sign_out(self, options: Mapping[str, Any] | None = None) -> None:
        """Sign out: revoke refresh tokens on the server and forget the local session.

        Access tokens already issued stay valid until they expire. A server that no longer
        knows the session (401, 403, 404) still leads to a local sign-out.

        Args:
            options: ``{"scope": "global"|"local"|"others"}``. ``global`` ends every session
                of the user, ``others`` every session but this one (which stays signed in).
        """
        scope = option({"options": options or {}}, "scope", "global")
        if scope not in _SIGN_OUT_SCOPES:
            raise AuthInvalidCredentialsError(
                f"sign_out scope {scope!r} is invalid. Use 'global', 'local' or 'others'",
                code="validation_failed",
            )

        session = await self._sessions.load()
        if session is not None:
            try:
                await self.admin.sign_out(session.access_token, scope)
            except AuthApiError as error:
                if error.status not in (401, 403, 404):
                    raise

        if scope != "others":
            await self._sessions.remove()
            await self._sessions.emit("SIGNED_OUT", None)

    def on_auth_state_change(
        self, callback: Callable[[AuthChangeEvent, Session | None], Any]
    ) -> Subscription:
        """Call ``callback(event, session)``, sync or async, on every auth event.

        Events: INITIAL_SESSION (right after subscribing), SIGNED_IN, SIGNED_OUT,
        TOKEN_REFRESHED, USER_UPDATED, PASSWORD_RECOVERY, MFA_CHALLENGE_VERIFIED.
        """
        return self._sessions.subscribe(callback)

    async def get_claims(
        self, jwt: str | None = None, jwks: Mapping[str, Any] | None = None
    ) -> ClaimsResponse | None:
        """Verify a JWT (default: the session's access token) and return its claims.

        Asymmetric tokens (ES256, RS256) are verified locally against the project's JWKS,
        fetched from ``/.well-known/jwks.json``, cached for 10 minutes and fetched again
        for an unknown ``kid``. HS256 tokens are checked by the server through ``GET /user``.
        Returns ``None`` when no JWT is passed and no user is signed in.

        Args:
            jwt: The token to verify.
            jwks: Keys to try before the fetched ones, as ``{"keys": [...]}``.

        Raises:
            AuthInvalidJwtError: The token is malformed, expired or wrongly signed.
            AuthApiError: The server rejects an HS256 token.
        """
        if jwt is None:
            session = await self.get_session()
            if session is None:
                return None
            jwt = session.access_token

        decoded = decode_jwt(jwt)
        expires_at = decoded.payload.get("exp")
        if isinstance(expires_at, (int, float)) and expires_at <= time.time():
            raise AuthInvalidJwtError(
                "JWT expired: refresh the session (refresh_session) and try again", code="bad_jwt"
            )

        algorithm = decoded.header.get("alg")
        kid = decoded.header.get("kid")
        if not isinstance(algorithm, str) or algorithm.startswith("HS") or not kid:
            await self._fetch_user(jwt)
            claims = decoded.payload
        else:
            key = await self._find_jwk(kid, jwks)
            claims = verify_with_jwk(jwt, key, algorithm)

        return ClaimsResponse(claims=claims, headers=decoded.header, signature=decoded.signature)

    async def _find_jwk(self, kid: str, jwks: Mapping[str, Any] | None) -> dict[str, Any]:
        for key in (jwks or {}).get("keys", []):
            if key.get("kid") == kid:
                return key

        key = self._jwks.find(kid) if self._jwks.is_fresh() else None
        if key is None:
            data = await self._http.request("GET", "/.well-known/jwks.json")
            self._jwks.store(list((data or {}).get("keys", [])))
            key = self._jwks.find(kid)
        if key is None:
            raise AuthInvalidJwtError(
                f"no signing key with kid {kid!r} in the project's JWKS, so the token was not "
                "issued by this project or its key was rotated out",
                code="bad_jwt",
            )
        return key

    async def aclose(self) -> None:
        """Stop the background refresh. The session stays in storage."""
        await self._sessions.aclose()
