"""Sign-up and sign-in calls of `AsyncAuthClient`: password, OTP, ID token, OAuth, SSO, PKCE."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from ..errors import AuthInvalidCredentialsError, AuthPKCEError
from ._base import AuthClientBase, captcha, option, require_one
from ._responses import AuthOtpResponse, AuthResponse, OAuthResponse, SSOResponse

__all__ = ["SignInMixin"]


class SignInMixin(AuthClientBase):
    """The calls that create a session or send a sign-in code or link."""

    async def sign_up(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """Create a user with an email or phone and a password (``POST /signup``).

        Args:
            credentials: ``{"email"|"phone", "password", "options": {"data",
                "email_redirect_to", "captcha_token", "channel"}}``.

        Returns:
            The user, and a session when the project confirms sign-ups automatically.
        """
        kind = require_one(credentials, ("email", "phone"), "sign_up")
        if not credentials.get("password"):
            raise AuthInvalidCredentialsError(
                "sign_up needs a 'password' in its credentials", code="validation_failed"
            )

        body: dict[str, Any] = {
            kind: credentials[kind],
            "password": credentials["password"],
            "data": option(credentials, "data", {}),
            **captcha(credentials),
        }
        if kind == "email":
            body.update(await self._pkce_fields())
        else:
            body["channel"] = option(credentials, "channel", "sms")

        data = await self._http.request(
            "POST", "/signup", body=body, redirect_to=option(credentials, "email_redirect_to")
        )
        return await self._sign_in(data)

    async def sign_in_anonymously(
        self, credentials: Mapping[str, Any] | None = None
    ) -> AuthResponse:
        """Create an anonymous user and sign in as them.

        Args:
            credentials: ``{"options": {"data", "captcha_token"}}``.
        """
        credentials = credentials or {}
        body = {"data": option(credentials, "data", {}), **captcha(credentials)}
        data = await self._http.request("POST", "/signup", body=body)
        return await self._sign_in(data)

    async def sign_in_with_password(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """Sign in with an email or phone and a password.

        Args:
            credentials: ``{"email"|"phone", "password", "options": {"captcha_token"}}``.

        Raises:
            AuthApiError: ``invalid_credentials`` or ``email_not_confirmed``.
        """
        kind = require_one(credentials, ("email", "phone"), "sign_in_with_password")
        body = {
            kind: credentials[kind],
            "password": credentials.get("password", ""),
            **captcha(credentials),
        }
        data = await self._http.request(
            "POST", "/token", query=[("grant_type", "password")], body=body
        )
        return await self._sign_in(data)

    async def sign_in_with_id_token(self, credentials: Mapping[str, Any]) -> AuthResponse:
        """Sign in with an OIDC ID token from a native sign-in (Google, Apple, ...).

        Args:
            credentials: ``{"provider", "token", "access_token", "nonce",
                "options": {"captcha_token"}}``.
        """
        require_one(credentials, ("provider",), "sign_in_with_id_token")
        require_one(credentials, ("token",), "sign_in_with_id_token")
        body: dict[str, Any] = {
            "provider": credentials["provider"],
            "id_token": credentials["token"],
            **captcha(credentials),
        }
        for name in ("access_token", "nonce"):
            if credentials.get(name):
                body[name] = credentials[name]
        data = await self._http.request(
            "POST", "/token", query=[("grant_type", "id_token")], body=body
        )
        return await self._sign_in(data)

    async def sign_in_with_otp(self, credentials: Mapping[str, Any]) -> AuthOtpResponse:
        """Send a one-time code or magic link to an email or phone (``POST /otp``).

        Args:
            credentials: ``{"email"|"phone", "options": {"should_create_user", "data",
                "email_redirect_to", "channel", "captcha_token"}}``.
        """
        kind = require_one(credentials, ("email", "phone"), "sign_in_with_otp")
        body: dict[str, Any] = {
            kind: credentials[kind],
            "data": option(credentials, "data", {}),
            "create_user": option(credentials, "should_create_user", True),
            **captcha(credentials),
        }
        if kind == "email":
            body.update(await self._pkce_fields())
        else:
            body["channel"] = option(credentials, "channel", "sms")

        data = await self._http.request(
            "POST", "/otp", body=body, redirect_to=option(credentials, "email_redirect_to")
        )
        message_id = data.get("message_id") if isinstance(data, dict) else None
        return AuthOtpResponse(message_id=message_id)

    async def verify_otp(self, params: Mapping[str, Any]) -> AuthResponse:
        """Verify a code or link token and sign in (``POST /verify``).

        Args:
            params: ``{"email"|"phone", "token", "type"}`` or ``{"token_hash", "type"}``, plus
                ``"options": {"redirect_to", "captcha_token"}``. Email types are ``email``,
                ``recovery``, ``invite`` and ``email_change``, and phone types are ``sms`` and
                ``phone_change``.

        Raises:
            AuthApiError: ``otp_expired`` for a wrong or expired code.
        """
        require_one(params, ("type",), "verify_otp")
        kind = require_one(params, ("email", "phone", "token_hash"), "verify_otp")
        body: dict[str, Any] = {"type": params["type"], kind: params[kind], **captcha(params)}
        if kind != "token_hash":
            require_one(params, ("token",), "verify_otp")
            body["token"] = params["token"]

        data = await self._http.request(
            "POST", "/verify", body=body, redirect_to=option(params, "redirect_to")
        )
        event = "PASSWORD_RECOVERY" if params["type"] == "recovery" else "SIGNED_IN"
        return await self._sign_in(data, event)

    async def resend(self, credentials: Mapping[str, Any]) -> AuthOtpResponse:
        """Send a sign-up confirmation, email change or phone change code again.

        Args:
            credentials: ``{"type": "signup"|"email_change"|"sms"|"phone_change",
                "email"|"phone", "options": {"email_redirect_to", "captcha_token"}}``.
        """
        require_one(credentials, ("type",), "resend")
        kind = require_one(credentials, ("email", "phone"), "resend")
        body: dict[str, Any] = {
            "type": credentials["type"],
            kind: credentials[kind],
            **captcha(credentials),
        }
        if kind == "email":
            body.update(await self._pkce_fields())
        data = await self._http.request(
            "POST", "/resend", body=body, redirect_to=option(credentials, "email_redirect_to")
        )
        message_id = data.get("message_id") if isinstance(data, dict) else None
        return AuthOtpResponse(message_id=message_id)

    async def reset_password_for_email(
        self, email: str, options: Mapping[str, Any] | None = None
    ) -> None:
        """Send a password recovery link to ``email`` (``POST /recover``).

        The server answers the same for unknown addresses, so nothing reveals whether the
        email has an account.

        Args:
            email: The user's email address.
            options: ``{"redirect_to", "captcha_token"}``.
        """
        if not email:
            raise AuthInvalidCredentialsError(
                "reset_password_for_email needs an email address", code="validation_failed"
            )
        options = options or {}
        body = {"email": email, **captcha({"options": options}), **await self._pkce_fields()}
        await self._http.request(
            "POST", "/recover", body=body, redirect_to=options.get("redirect_to")
        )

    async def sign_in_with_oauth(self, credentials: Mapping[str, Any]) -> OAuthResponse:
        """Return the URL that starts an OAuth sign-in with a provider, without sending anything.

        With the PKCE flow (the default) a code verifier is stored for
        `exchange_code_for_session`, and the redirect carries ``?code=``.

        Args:
            credentials: ``{"provider", "options": {"redirect_to", "scopes", "query_params"}}``.
        """
        provider = credentials.get("provider")
        if not provider:
            raise AuthInvalidCredentialsError(
                "sign_in_with_oauth needs a 'provider', e.g. 'github'", code="validation_failed"
            )
        url = await self._authorize_url("/authorize", credentials)
        return OAuthResponse(provider=provider, url=url)

    async def _authorize_url(self, path: str, credentials: Mapping[str, Any]) -> str:
        params = await self._authorize_params(credentials)
        return f"{self._http.auth_url}{path}?{urlencode(params)}"

    async def _authorize_params(
        self, credentials: Mapping[str, Any], **extra: str
    ) -> list[tuple[str, str]]:
        """Return the query of an OAuth authorize URL, starting a PKCE flow if enabled."""
        params: list[tuple[str, str]] = [("provider", credentials["provider"])]
        for name in ("redirect_to", "scopes"):
            value = option(credentials, name)
            if value:
                params.append((name, value))
        params.extend(extra.items())
        params.extend((await self._pkce_fields()).items())
        params.extend((option(credentials, "query_params") or {}).items())
        return params

    async def exchange_code_for_session(self, params: Mapping[str, Any]) -> AuthResponse:
        """Exchange the ``code`` of a PKCE redirect for a session.

        Args:
            params: ``{"auth_code", "code_verifier", "redirect_to"}``. The verifier defaults
                to the one stored by the call that started the flow.

        Raises:
            AuthPKCEError: No code verifier was passed or stored.
            AuthApiError: ``flow_state_not_found`` or ``bad_code_verifier``.
        """
        require_one(params, ("auth_code",), "exchange_code_for_session")
        storage = self._sessions.storage
        verifier = params.get("code_verifier") or await storage.get_item(self._verifier_key)
        if not verifier:
            raise AuthPKCEError(
                "no PKCE code verifier is stored: start the flow with this client "
                "(sign_in_with_oauth, sign_in_with_otp, ...) or pass 'code_verifier'",
                code="pkce_verifier_missing",
            )

        data = await self._http.request(
            "POST",
            "/token",
            query=[("grant_type", "pkce")],
            body={"auth_code": params["auth_code"], "code_verifier": verifier},
            redirect_to=params.get("redirect_to"),
        )
        await storage.remove_item(self._verifier_key)
        return await self._sign_in(data)

    async def sign_in_with_sso(self, params: Mapping[str, Any]) -> SSOResponse:
        """Start a SAML sign-in and return the identity provider's URL (``POST /sso``).

        Args:
            params: ``{"domain"|"provider_id", "options": {"redirect_to", "captcha_token",
                "skip_http_redirect"}}``.
        """
        kind = require_one(params, ("domain", "provider_id"), "sign_in_with_sso")
        body: dict[str, Any] = {
            kind: params[kind],
            "skip_http_redirect": option(params, "skip_http_redirect", True),
            **captcha(params),
            **await self._pkce_fields(),
        }
        redirect_to = option(params, "redirect_to")
        if redirect_to:
            body["redirect_to"] = redirect_to
        data = await self._http.request("POST", "/sso", body=body)
        return SSOResponse(url=data["url"])
