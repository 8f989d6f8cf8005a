"""Discovery routes: ``/settings``, ``/health``, the JWKS and the OpenID configuration."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import config, json_response, signer
from .oauth import PROVIDERS

__all__ = ["routes"]

VERSION = "supatui-sandbox"


async def get_settings(request: Request) -> Response:
    """Return which sign-in methods are enabled."""
    settings = config(request)
    external = {name: False for name in PROVIDERS}
    external.update({"anonymous_users": settings.anonymous_enabled, "email": True, "phone": True,
                     "sandbox": True})
    return json_response({
        "external": external,
        "disable_signup": False,
        "mailer_autoconfirm": settings.autoconfirm,
        "phone_autoconfirm": settings.autoconfirm,
        "sms_provider": "sandbox",
        "saml_enabled": False,
        "passkeys_enabled": False,
    })


async def get_health(request: Request) -> Response:
    """Return the service's name and version."""
    return json_response({"version": VERSION, "name": "GoTrue",
                          "description": "supatui sandbox auth, GoTrue-compatible"})


async def get_jwks(request: Request) -> Response:
    """Return the public signing keys (none with HS256)."""
    return json_response(signer(request).jwks(), headers={"Cache-Control": "public, max-age=600"})


async def get_openid_configuration(request: Request) -> Response:
    """Return the OpenID discovery document."""
    issuer = config(request).external_url
    return json_response({
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "userinfo_endpoint": f"{issuer}/user",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": [config(request).jwt_algorithm],
    })


routes = [
    Route("/settings", get_settings, methods=["GET"]),
    Route("/health", get_health, methods=["GET"]),
    Route("/.well-known/jwks.json", get_jwks, methods=["GET"]),
    Route("/.well-known/openid-configuration", get_openid_configuration, methods=["GET"]),
]
