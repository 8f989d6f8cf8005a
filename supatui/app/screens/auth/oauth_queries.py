"""OAuth client administration behind the OAuth clients screen; no Textual here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from supatui.client.auth import OAuthClient

__all__ = [
    "CLIENT_TYPES",
    "GRANT_TYPES",
    "NewOAuthClient",
    "create_oauth_client",
    "delete_oauth_client",
    "list_oauth_clients",
    "parse_redirect_uris",
    "regenerate_secret",
    "validate_new_client",
]

CLIENT_TYPES = ("confidential", "public")
GRANT_TYPES = ("authorization_code", "refresh_token")

_SEPARATORS = re.compile(r"[\s,]+")


def parse_redirect_uris(text: str) -> list[str]:
    """Return the redirect URIs in ``text`` (separated by commas or spaces), each an absolute URL.

    Raises:
        ValueError: No URI was given, or one is not absolute (scheme and host, no fragment).
    """
    uris = [item for item in _SEPARATORS.split(text.strip()) if item]
    if not uris:
        raise ValueError("redirect URIs are missing. Enter at least one absolute URL such as https://app.example.com/callback")

    for uri in uris:
        parts = urlsplit(uri)
        if not parts.scheme or not parts.netloc:
            raise ValueError(
                f"redirect URI {uri!r} is not an absolute URL. Use scheme and host, "
                "such as https://app.example.com/callback or http://127.0.0.1:8080/cb"
            )
        if parts.fragment:
            raise ValueError(f"redirect URI {uri!r} has a fragment (#...), which OAuth forbids. Remove it")
    return uris


@dataclass(frozen=True, slots=True)
class NewOAuthClient:
    """The fields of the create form, already validated."""

    name: str
    redirect_uris: list[str]
    client_type: str = "confidential"
    grant_types: list[str] = field(default_factory=lambda: list(GRANT_TYPES))
    scope: str = ""

    def params(self) -> dict[str, Any]:
        """Return the ``create_client`` parameters."""
        params: dict[str, Any] = {
            "client_name": self.name,
            "redirect_uris": self.redirect_uris,
            "client_type": self.client_type,
            "grant_types": self.grant_types,
        }
        if self.scope:
            params["scope"] = self.scope
        return params


def validate_new_client(name: str, redirect_uris: str, client_type: str, grant_types: list[str],
                        scope: str) -> NewOAuthClient:
    """Return the form's values as a `NewOAuthClient`.

    Raises:
        ValueError: A field is missing or invalid; the message names it.
    """
    if not name.strip():
        raise ValueError("client name is missing. Enter a name such as 'Stargazer CLI'")
    if client_type not in CLIENT_TYPES:
        raise ValueError(f"client type {client_type!r} is invalid. Choose public or confidential")
    if not grant_types:
        raise ValueError("no grant type is selected. Select authorization_code, refresh_token or both")
    unknown = [grant for grant in grant_types if grant not in GRANT_TYPES]
    if unknown:
        raise ValueError(f"grant types {unknown} are invalid. Use {', '.join(GRANT_TYPES)}")
    return NewOAuthClient(
        name=name.strip(),
        redirect_uris=parse_redirect_uris(redirect_uris),
        client_type=client_type,
        grant_types=list(grant_types),
        scope=" ".join(scope.split()),
    )


async def list_oauth_clients(client: Any) -> list[OAuthClient]:
    response = await client.auth.admin.oauth.list_clients()
    return list(response.clients)


async def create_oauth_client(client: Any, new: NewOAuthClient) -> OAuthClient:
    """Register ``new``; a confidential client comes back with its ``client_secret``, once."""
    response = await client.auth.admin.oauth.create_client(new.params())
    if response.client is None:
        raise RuntimeError(f"creating OAuth client {new.name!r} returned no client")
    return response.client


async def update_oauth_client(client: Any, client_id: str, changes: NewOAuthClient) -> OAuthClient:
    """Save the name, redirect URIs and grant types of ``changes``; type and scope cannot change."""
    params = {
        "client_name": changes.name,
        "redirect_uris": changes.redirect_uris,
        "grant_types": changes.grant_types,
    }
    response = await client.auth.admin.oauth.update_client(client_id, params)
    if response.client is None:
        raise RuntimeError(f"saving OAuth client {client_id} returned no client")
    return response.client


async def delete_oauth_client(client: Any, client_id: str) -> None:
    await client.auth.admin.oauth.delete_client(client_id)


async def regenerate_secret(client: Any, client_id: str) -> OAuthClient:
    """Issue a new secret for a confidential client; the old one stops working."""
    response = await client.auth.admin.oauth.regenerate_client_secret(client_id)
    if response.client is None or not response.client.client_secret:
        raise RuntimeError(f"regenerating the secret of OAuth client {client_id} returned no secret")
    return response.client
