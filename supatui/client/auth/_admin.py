"""``client.auth.admin``: user administration with the service_role key, and ``admin.mfa``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._admin_common import check_admin_key, check_uuid, page_links
from ._api import AuthHttp
from ._base import require_one
from ._models import Factor, User
from ._oauth_admin import AsyncAuthAdminOAuth
from ._responses import (
    AuthMFAAdminDeleteFactorResponse,
    AuthMFAAdminListFactorsResponse,
    GenerateLinkProperties,
    GenerateLinkResponse,
    UserListResponse,
    UserResponse,
)

__all__ = ["AsyncAuthAdmin", "AsyncAuthAdminMFA"]

_LINK_PROPERTIES = ("action_link", "email_otp", "hashed_token", "redirect_to", "verification_type")


class _AdminBase:
    def __init__(self, http: AuthHttp) -> None:
        self._http = http

    async def _admin_request(self, call: str, method: str, path: str, **kwargs: Any) -> Any:
        check_admin_key(self._http.key, call)
        return await self._http.request(method, path, **kwargs)


class AsyncAuthAdminMFA(_AdminBase):
    """MFA factors of any user (``client.auth.admin.mfa``)."""

    async def list_factors(self, params: Mapping[str, Any]) -> AuthMFAAdminListFactorsResponse:
        """List every factor of a user.

        Args:
            params: ``{"user_id"}``.
        """
        user_id = check_uuid(params.get("user_id"), "user_id")
        data = await self._admin_request(
            "mfa.list_factors", "GET", f"/admin/users/{user_id}/factors"
        )
        return AuthMFAAdminListFactorsResponse(
            factors=[Factor.from_dict(item) for item in data or []]
        )

    async def delete_factor(self, params: Mapping[str, Any]) -> AuthMFAAdminDeleteFactorResponse:
        """Delete a factor of a user. The user's sessions drop to aal1.

        Args:
            params: ``{"id", "user_id"}``.
        """
        user_id = check_uuid(params.get("user_id"), "user_id")
        factor_id = check_uuid(params.get("id"), "id")
        data = await self._admin_request(
            "mfa.delete_factor", "DELETE", f"/admin/users/{user_id}/factors/{factor_id}"
        )
        return AuthMFAAdminDeleteFactorResponse(id=(data or {}).get("id", factor_id))


class AsyncAuthAdmin(_AdminBase):
    """User administration (``client.auth.admin``). Every call but `sign_out` needs service_role.

    The calls always send the client's API key, never the signed-in user's token, so a
    user signing in on the same client does not break admin calls.

    Args:
        http: Request sender of the Auth service.
    """

    def __init__(self, http: AuthHttp) -> None:
        super().__init__(http)
        self.mfa = AsyncAuthAdminMFA(http)
        self.oauth = AsyncAuthAdminOAuth(http)

    async def get_user_by_id(self, uid: str) -> UserResponse:
        """Fetch one user by id.

        Raises:
            ValueError: ``uid`` is not a UUID (nothing is sent).
            AuthApiError: ``user_not_found``.
        """
        user_id = check_uuid(uid, "uid")
        data = await self._admin_request("get_user_by_id", "GET", f"/admin/users/{user_id}")
        return UserResponse(user=User.from_dict(data))

    async def list_users(
        self, page: int | None = None, per_page: int | None = None, filter: str | None = None
    ) -> list[User]:
        """Return one page of users, newest first (50 per page by default).

        Args:
            page: Page number, from 1.
            per_page: Users per page.
            filter: Only users whose email, phone, id or full name contains this text
                (a case-insensitive substring match on the server).
        """
        return (await self.list_users_page(page, per_page, filter)).users

    async def list_users_page(
        self, page: int | None = None, per_page: int | None = None, filter: str | None = None
    ) -> UserListResponse:
        """Like `list_users`, and also return the total and the next and last page numbers."""
        query = [
            (name, str(value))
            for name, value in (("page", page), ("per_page", per_page), ("filter", filter))
            if value is not None
        ]
        check_admin_key(self._http.key, "list_users")
        response = await self._http.send("GET", "/admin/users", query=query)
        users = [User.from_dict(item) for item in response.json().get("users") or []]
        total, next_page, last_page = page_links(response)
        return UserListResponse(users=users, total=total, next_page=next_page, last_page=last_page)

    async def create_user(self, attributes: Mapping[str, Any]) -> UserResponse:
        """Create a user without sending a confirmation email.

        Args:
            attributes: ``email``/``phone``, ``password``, ``email_confirm``,
                ``phone_confirm``, ``user_metadata``, ``app_metadata``, ``role``,
                ``ban_duration``, ``id``, ``password_hash``.

        Raises:
            AuthApiError: ``email_exists`` or ``phone_exists``.
        """
        data = await self._admin_request(
            "create_user", "POST", "/admin/users", body=dict(attributes)
        )
        return UserResponse(user=User.from_dict(data))

    async def update_user_by_id(self, uid: str, attributes: Mapping[str, Any]) -> UserResponse:
        """Change a user. Metadata maps are merged into the stored ones.

        Args:
            uid: The user's id.
            attributes: As for `create_user`, where ``ban_duration`` is a duration such as
                ``"24h"`` or ``"none"`` to lift a ban.
        """
        user_id = check_uuid(uid, "uid")
        data = await self._admin_request(
            "update_user_by_id", "PUT", f"/admin/users/{user_id}", body=dict(attributes)
        )
        return UserResponse(user=User.from_dict(data))

    async def delete_user(self, id: str, should_soft_delete: bool = False) -> None:
        """Delete a user, or with ``should_soft_delete`` keep the row and disable the account."""
        user_id = check_uuid(id, "id")
        await self._admin_request(
            "delete_user",
            "DELETE",
            f"/admin/users/{user_id}",
            body={"should_soft_delete": should_soft_delete},
        )

    async def invite_user_by_email(
        self, email: str, options: Mapping[str, Any] | None = None
    ) -> UserResponse:
        """Create a user and send them an invite link.

        Args:
            email: The address to invite.
            options: ``{"data", "redirect_to"}``.
        """
        options = options or {}
        data = await self._admin_request(
            "invite_user_by_email",
            "POST",
            "/invite",
            body={"email": email, "data": options.get("data") or {}},
            redirect_to=options.get("redirect_to"),
        )
        return UserResponse(user=User.from_dict(data))

    async def generate_link(self, params: Mapping[str, Any]) -> GenerateLinkResponse:
        """Make an email link (signup, invite, magiclink, recovery, email change) without sending it.

        Args:
            params: ``{"type", "email", "password", "new_email", "options": {"data",
                "redirect_to"}}``.
        """
        require_one(params, ("type",), "admin.generate_link")
        require_one(params, ("email",), "admin.generate_link")
        options = params.get("options") or {}
        body = {
            name: params[name]
            for name in ("type", "email", "password", "new_email")
            if name in params
        }
        if options.get("data") is not None:
            body["data"] = options["data"]
        data = await self._admin_request(
            "generate_link",
            "POST",
            "/admin/generate_link",
            body=body,
            redirect_to=options.get("redirect_to"),
        )
        properties = GenerateLinkProperties(
            **{name: data.get(name) or "" for name in _LINK_PROPERTIES}
        )
        user_fields = {name: value for name, value in data.items() if name not in _LINK_PROPERTIES}
        return GenerateLinkResponse(properties=properties, user=User.from_dict(user_fields))

    async def sign_out(self, jwt: str, scope: str = "global") -> None:
        """End the sessions of the user who owns ``jwt`` (``POST /logout``).

        Args:
            jwt: The user's access token.
            scope: ``"global"``, ``"local"`` or ``"others"``.
        """
        await self._http.request("POST", "/logout", jwt=jwt, query=[("scope", scope)])
