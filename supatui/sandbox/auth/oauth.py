"""OAuth with external providers: ``/authorize``, ``/callback`` and identity linking.

NOTE: the sandbox never talks to a provider. ``/authorize`` stores the flow state and
redirects to the provider's real consent URL, but ``/callback`` cannot finish the flow, so it
redirects back with an error. Use the id_token grant with provider ``sandbox`` to sign in
through an identity in tests.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .common import (
    AuthError,
    config,
    json_response,
    parse_uuid,
    redirect_target,
    require_user,
    state,
)
from .pkce import create_flow_state

__all__ = ["PROVIDERS", "routes"]

#: Providers /authorize accepts, with their authorization endpoints.
PROVIDERS = {
    "apple": "https://appleid.apple.com/auth/authorize",
    "azure": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    "bitbucket": "https://bitbucket.org/site/oauth2/authorize",
    "discord": "https://discord.com/api/oauth2/authorize",
    "facebook": "https://www.facebook.com/dialog/oauth",
    "figma": "https://www.figma.com/oauth",
    "github": "https://github.com/login/oauth/authorize",
    "gitlab": "https://gitlab.com/oauth/authorize",
    "google": "https://accounts.google.com/o/oauth2/auth",
    "kakao": "https://kauth.kakao.com/oauth/authorize",
    "keycloak": "https://keycloak.invalid/protocol/openid-connect/auth",
    "linkedin_oidc": "https://www.linkedin.com/oauth/v2/authorization",
    "notion": "https://api.notion.com/v1/oauth/authorize",
    "slack_oidc": "https://slack.com/openid/connect/authorize",
    "spotify": "https://accounts.spotify.com/authorize",
    "twitch": "https://id.twitch.tv/oauth2/authorize",
    "twitter": "https://api.twitter.com/oauth/authenticate",
    "workos": "https://api.workos.com/sso/authorize",
    "zoom": "https://zoom.us/oauth/authorize",
}

#: Query parameters of /authorize that are not forwarded to the provider.
_OWN_PARAMS = {"provider", "redirect_to", "scopes", "code_challenge", "code_challenge_method",
               "skip_http_redirect", "apikey"}


async def _provider_url(request: Request, *, user_id: object = None) -> str:
    params = request.query_params
    provider = params.get("provider", "")
    if provider not in PROVIDERS:
        raise AuthError(400, "validation_failed", f"Unsupported provider: {provider or '(missing)'}")

    auth = state(request)
    redirect_to = redirect_target(request, params.get("redirect_to"))
    async with auth.pool.acquire() as conn:
        body = {"code_challenge": params.get("code_challenge"), "code_challenge_method": params.get("code_challenge_method")}
        flow_id = await create_flow_state(
            conn, body, authentication_method="oauth", user_id=user_id, provider_type=provider, redirect_to=redirect_to
        )
        if flow_id is None:
            flow_id = await conn.fetchval(
                "insert into auth.flow_state (user_id, provider_type, authentication_method, redirect_to) "
                "values ($1, $2, 'oauth', $3) returning id",
                user_id, provider, redirect_to,
            )

    query = {
        "client_id": "supatui-sandbox",
        "redirect_uri": f"{config(request).external_url}/callback",
        "response_type": "code",
        "scope": params.get("scopes", ""),
        "state": str(flow_id),
    }
    query.update({key: value for key, value in params.items() if key not in _OWN_PARAMS})
    return f"{PROVIDERS[provider]}?{urlencode(query)}"


async def authorize(request: Request) -> Response:
    """Redirect (302) to the provider's consent page with the flow state as ``state``."""
    return RedirectResponse(await _provider_url(request), status_code=302)


async def callback(request: Request) -> Response:
    """Redirect back with an error: the sandbox cannot exchange a provider's code."""
    auth = state(request)
    flow = None
    flow_id = parse_uuid(request.query_params.get("state") or "")
    if flow_id is not None:
        async with auth.pool.acquire() as conn:
            flow = await conn.fetchrow("delete from auth.flow_state where id = $1 returning redirect_to", flow_id)
    target = (flow["redirect_to"] if flow else None) or auth.config.site_url
    failure = {
        "error": "server_error", "error_code": "provider_disabled",
        "error_description": "The sandbox does not exchange codes with OAuth providers", "sb": "",
    }
    return RedirectResponse(f"{target}#{urlencode(failure)}", status_code=302)


def _require_manual_linking(request: Request) -> None:
    if not config(request).manual_linking_enabled:
        raise AuthError(404, "manual_linking_disabled", "Manual linking is disabled")


async def link_identity(request: Request) -> Response:
    """Return (or redirect to) the provider URL that links a new identity to the signed-in user."""
    _require_manual_linking(request)
    user, _claims = await require_user(request)
    url = await _provider_url(request, user_id=user["id"])
    if request.query_params.get("skip_http_redirect") == "true":
        return json_response({"url": url})
    return RedirectResponse(url, status_code=302)


async def unlink_identity(request: Request) -> Response:
    """Delete one of the signed-in user's identities; the last one cannot go."""
    _require_manual_linking(request)
    user, _claims = await require_user(request)
    identity_id = parse_uuid(request.path_params["identity_id"])

    async with state(request).pool.acquire() as conn, conn.transaction():
        identities = await conn.fetch(
            "select id, provider from auth.identities where user_id = $1 order by created_at, id for update", user["id"]
        )
        if len(identities) <= 1:
            raise AuthError(422, "single_identity_not_deletable", "User must have at least 1 identity after unlinking")
        target = next((row for row in identities if row["id"] == identity_id), None)
        if target is None:
            raise AuthError(422, "identity_not_found", "Identity doesn't exist")

        await conn.execute("delete from auth.identities where id = $1", identity_id)
        providers = sorted({row["provider"] for row in identities if row["id"] != identity_id})
        first = next(row["provider"] for row in identities if row["id"] != identity_id)
        await conn.execute(
            "update auth.users set raw_app_meta_data = raw_app_meta_data || $2::jsonb, updated_at = now() where id = $1",
            user["id"], json.dumps({"provider": first, "providers": providers}),
        )
    return json_response({})


routes = [
    Route("/authorize", authorize, methods=["GET"]),
    Route("/callback", callback, methods=["GET", "POST"]),
    Route("/user/identities/authorize", link_identity, methods=["GET"]),
    Route("/user/identities/{identity_id}", unlink_identity, methods=["DELETE"]),
]
