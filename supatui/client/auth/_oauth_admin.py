"""``client.auth.admin.oauth``: clients of the project's OAuth 2.1 server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import AuthInvalidCredentialsError
from ._admin_common import check_admin_key, page_links
from ._models import OAuthClient
from ._responses import OAuthClientListResponse, OAuthClientResponse

if TYPE_CHECKING:
    from ._api import AuthHttp

__all__ = ["AsyncAuthAdminOAuth"]

_UPDATABLE = (
    "client_name",
    "client_uri",
    "logo_uri",
    "redirect_uris",
    "grant_types",
    "token_endpoint_auth_method",
)


def _client_fields(params: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``params`` with ``name`` accepted for ``client_name`` and ``None`` values dropped."""
    fields = {key: value for key, value in params.items() if value is not None}
    if "name" in fields:
        fields.setdefault("client_name", fields.pop("name"))
    return fields


class AsyncAuthAdminOAuth:
    """Create, list, change and delete OAuth clients. Every call needs service_role.

    Args:
        http: Request sender of the Auth service.
    """

    def __init__(self, http: AuthHttp) -> None:
        self._http = http

    async def _request(self, call: str, method: str, path: str, **kwargs: Any) -> Any:
        check_admin_key(self._http.key, f"oauth.{call}")
        return await self._http.request(method, path, **kwargs)

    async def list_clients(
        self, params: Mapping[str, Any] | None = None
    ) -> OAuthClientListResponse:
        """List OAuth clients, newest first.

        Args:
            params: ``{"page", "per_page"}``.
        """
        params = params or {}
        query = [(name, str(params[name])) for name in ("page", "per_page") if params.get(name)]
        check_admin_key(self._http.key, "oauth.list_clients")
        response = await self._http.send("GET", "/admin/oauth/clients", query=query)

        body = response.json() if response.content else {}
        clients = [OAuthClient.from_dict(item) for item in body.get("clients") or []]
        total, next_page, last_page = page_links(response)
        return OAuthClientListResponse(
            clients=clients,
            aud=body.get("aud"),
            next_page=next_page,
            last_page=last_page or 0,
            total=total if total is not None else len(clients),
        )

    async def get_client(self, client_id: str) -> OAuthClientResponse:
        """Fetch one client (without its secret)."""
        data = await self._request("get_client", "GET", f"/admin/oauth/clients/{client_id}")
        return OAuthClientResponse(client=OAuthClient.from_dict(data) if data else None)

    async def create_client(self, params: Mapping[str, Any]) -> OAuthClientResponse:
        """Register a client. A confidential client's ``client_secret`` is returned only here.

        Args:
            params: ``client_name`` (or ``name``), ``redirect_uris``, and optionally
                ``client_uri``, ``logo_uri``, ``grant_types``, ``client_type``,
                ``token_endpoint_auth_method``, ``response_types``, ``scope``.
        """
        body = _client_fields(params)
        if not body.get("client_name") or not body.get("redirect_uris"):
            raise AuthInvalidCredentialsError(
                "oauth.create_client needs 'client_name' (or 'name') and a non-empty "
                f"'redirect_uris' list, but got keys {sorted(params)}",
                code="validation_failed",
            )
        data = await self._request("create_client", "POST", "/admin/oauth/clients", body=body)
        return OAuthClientResponse(client=OAuthClient.from_dict(data))

    async def update_client(self, client_id: str, params: Mapping[str, Any]) -> OAuthClientResponse:
        """Change a client's name, URIs, grant types or token endpoint auth method."""
        body = {key: value for key, value in _client_fields(params).items() if key in _UPDATABLE}
        if not body:
            raise AuthInvalidCredentialsError(
                f"oauth.update_client got no field to change. Pass any of {', '.join(_UPDATABLE)}",
                code="validation_failed",
            )
        data = await self._request(
            "update_client", "PUT", f"/admin/oauth/clients/{client_id}", body=body
        )
        return OAuthClientResponse(client=OAuthClient.from_dict(data))

    async def delete_client(self, client_id: str) -> OAuthClientResponse:
        """Delete a client, so its tokens stop working."""
        await self._request("delete_client", "DELETE", f"/admin/oauth/clients/{client_id}")
        return OAuthClientResponse(client=None)

    async def regenerate_client_secret(self, client_id: str) -> OAuthClientResponse:
        """Issue a new secret for a confidential client, replacing the old one."""
        data = await self._request(
            "regenerate_client_secret",
            "POST",
            f"/admin/oauth/clients/{client_id}/regenerate_secret",
        )
        return OAuthClientResponse(client=OAuthClient.from_dict(data))
