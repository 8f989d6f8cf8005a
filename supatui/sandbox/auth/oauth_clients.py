"""Administration of the OAuth 2.1 server's clients: ``/admin/oauth/clients``.

Client secrets are returned only by create and regenerate. The table keeps their SHA-256
hex digest: the secrets are 256-bit random strings, so a slow password hash adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import AuthError, config, db, json_response, parse_uuid, read_json, require_admin
from .users import timestamp

__all__ = ["hash_client_secret", "routes", "verify_client_secret"]

GRANT_TYPES = ("authorization_code", "refresh_token")
CLIENT_TYPES = ("public", "confidential")
AUTH_METHODS = ("none", "client_secret_basic", "client_secret_post")
MAX_REDIRECT_URIS = 10
MAX_NAME_LENGTH = 1024
MAX_URI_LENGTH = 2048
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
FORBIDDEN_SCHEMES = ("javascript", "data", "file", "vbscript")
DEFAULT_PER_PAGE = 50

#: Body fields ``PUT`` may change.
UPDATABLE_FIELDS = (
    "client_name", "client_uri", "logo_uri", "redirect_uris", "grant_types",
    "token_endpoint_auth_method", "scope",
)


def hash_client_secret(secret: str) -> str:
    """Return the stored form of a client secret: its SHA-256 hex digest."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def verify_client_secret(secret: str, stored_hash: str | None) -> bool:
    """Check ``secret`` against a stored hash in constant time."""
    if not stored_hash:
        return False
    return hmac.compare_digest(hash_client_secret(secret), stored_hash)


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _client_json(row: asyncpg.Record, secret: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": row["client_id"],
        "client_name": row["client_name"] or "",
        "client_type": row["client_type"],
        "token_endpoint_auth_method": row["token_endpoint_auth_method"],
        "registration_type": row["registration_type"],
        "client_uri": row["client_uri"] or "",
        "logo_uri": row["logo_uri"] or "",
        "redirect_uris": list(row["redirect_uris"]),
        "grant_types": list(row["grant_types"]),
        "response_types": ["code"],
        "scope": row["scope"] or "",
        "created_at": timestamp(row["created_at"]),
        "updated_at": timestamp(row["updated_at"]),
    }
    if secret is not None:
        body["client_secret"] = secret
    return body


def _invalid(message: str) -> AuthError:
    return AuthError(400, "validation_failed", message)


def _check_feature(request: Request) -> None:
    if not config(request).oauth_server_enabled:
        raise AuthError(404, "feature_disabled", "The OAuth server is disabled: set oauth_server_enabled in the auth settings")


def _validate_uri(value: Any, field: str) -> str:
    """Return ``value`` when it is an absolute URI allowed for ``field``."""
    if not isinstance(value, str) or not value:
        raise _invalid(f"{field} must be a non-empty string, got {value!r}")
    if len(value) > MAX_URI_LENGTH:
        raise _invalid(f"{field} {value[:40]!r}... is longer than {MAX_URI_LENGTH} characters")

    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if not scheme:
        raise _invalid(f"{field} {value!r} is not an absolute URI: add a scheme such as https://")
    if scheme in FORBIDDEN_SCHEMES:
        raise _invalid(f"{field} {value!r} uses the forbidden scheme {scheme}:")
    if parts.fragment or "#" in value:
        raise _invalid(f"{field} {value!r} must not contain a fragment (#...)")
    if scheme in ("http", "https") and not parts.hostname:
        raise _invalid(f"{field} {value!r} has no host")
    if scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise _invalid(
            f"{field} {value!r} uses http with a non-loopback host: use https, "
            "or http only for localhost, 127.0.0.1 or ::1"
        )
    if scheme not in ("http", "https") and not (parts.netloc or parts.path):
        raise _invalid(f"{field} {value!r} has nothing after the scheme")
    return value


def _validate_redirect_uris(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _invalid(f"redirect_uris must be a non-empty list of URIs, got {value!r}")
    if len(value) > MAX_REDIRECT_URIS:
        raise _invalid(f"redirect_uris has {len(value)} entries, but at most {MAX_REDIRECT_URIS} are allowed")
    return [_validate_uri(item, "redirect_uris entry") for item in value]


def _validate_grant_types(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _invalid(f"grant_types must be a non-empty list, got {value!r}")
    for item in value:
        if item not in GRANT_TYPES:
            raise _invalid(f"Unsupported grant type {item!r}: use {' or '.join(GRANT_TYPES)}")
    return list(dict.fromkeys(value))


def _validate_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"client_name must be a non-empty string, got {value!r}")
    if len(value) > MAX_NAME_LENGTH:
        raise _invalid(f"client_name is longer than {MAX_NAME_LENGTH} characters")
    return value.strip()


def _validate_scope(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(f"scope must be a space-separated string, got {value!r}")
    return " ".join(value.split()) or None


def _resolve_client_type(client_type: Any, method: Any) -> tuple[str, str]:
    """Return a consistent (client_type, token_endpoint_auth_method) pair.

    A missing type is inferred from the method (``none`` means public) and a missing method
    from the type.
    """
    if client_type is not None and client_type not in CLIENT_TYPES:
        raise _invalid(f"Unsupported client_type {client_type!r}: use public or confidential")
    if method is not None and method not in AUTH_METHODS:
        raise _invalid(
            f"Unsupported token_endpoint_auth_method {method!r}: use {', '.join(AUTH_METHODS)}"
        )

    if client_type is None:
        client_type = "public" if method == "none" else "confidential"
    if method is None:
        method = "none" if client_type == "public" else "client_secret_basic"

    if (client_type == "public") != (method == "none"):
        raise _invalid(
            f"client_type {client_type!r} does not match token_endpoint_auth_method {method!r}: "
            "public clients use none, confidential clients client_secret_basic or client_secret_post"
        )
    return client_type, method


async def _fetch_client(conn: asyncpg.Connection, raw_id: str) -> asyncpg.Record:
    if parse_uuid(raw_id) is None:
        raise _invalid(f"Invalid client_id {raw_id!r}: expected a UUID")
    row = await conn.fetchrow(
        "select * from auth.oauth_clients where client_id = $1 and deleted_at is null", raw_id.lower()
    )
    if row is None:
        raise AuthError(404, "oauth_client_not_found", f"OAuth client {raw_id} not found")
    return row


async def list_clients(request: Request) -> Response:
    """``GET /admin/oauth/clients``: clients newest first, paginated when ``page`` is given."""
    _check_feature(request)
    await require_admin(request)

    page = _positive_int(request.query_params.get("page"), "page", 1)
    per_page = _positive_int(request.query_params.get("per_page"), "per_page", DEFAULT_PER_PAGE)

    async with db(request).acquire() as conn:
        total = await conn.fetchval("select count(*) from auth.oauth_clients where deleted_at is null")
        rows = await conn.fetch(
            "select * from auth.oauth_clients where deleted_at is null "
            "order by created_at desc, id limit $1 offset $2",
            per_page, (page - 1) * per_page,
        )

    headers = {"X-Total-Count": str(total)}
    last_page = max(1, -(-total // per_page))
    links = []
    if page < last_page:
        links.append(f'</admin/oauth/clients?page={page + 1}&per_page={per_page}>; rel="next"')
    links.append(f'</admin/oauth/clients?page={last_page}&per_page={per_page}>; rel="last"')
    headers["Link"] = ", ".join(links)
    return json_response({"clients": [_client_json(row) for row in rows]}, headers=headers)


async def create_client(request: Request) -> Response:
    """``POST /admin/oauth/clients``: 201 with the client and, if confidential, its secret."""
    _check_feature(request)
    await require_admin(request)
    body = await read_json(request)

    name = _validate_name(body.get("client_name"))
    redirect_uris = _validate_redirect_uris(body.get("redirect_uris"))
    grant_types = _validate_grant_types(body.get("grant_types", list(GRANT_TYPES)))
    client_type, method = _resolve_client_type(
        body.get("client_type"), body.get("token_endpoint_auth_method")
    )
    client_uri = _optional_uri(body.get("client_uri"), "client_uri")
    logo_uri = _optional_uri(body.get("logo_uri"), "logo_uri")
    scope = _validate_scope(body.get("scope"))

    secret = _new_secret() if client_type == "confidential" else None
    async with db(request).acquire() as conn:
        row = await conn.fetchrow(
            "insert into auth.oauth_clients (client_id, client_secret_hash, client_name, client_type, "
            "token_endpoint_auth_method, registration_type, redirect_uris, grant_types, scope, "
            "logo_uri, client_uri) values ($1, $2, $3, $4, $5, 'manual', $6, $7, $8, $9, $10) "
            "returning *",
            str(uuid.uuid4()), hash_client_secret(secret) if secret else None, name, client_type,
            method, redirect_uris, grant_types, scope, logo_uri, client_uri,
        )
    return json_response(_client_json(row, secret), status=201)


async def get_client(request: Request) -> Response:
    """``GET /admin/oauth/clients/{client_id}``: the client, never its secret."""
    _check_feature(request)
    await require_admin(request)

    async with db(request).acquire() as conn:
        row = await _fetch_client(conn, request.path_params["client_id"])
    return json_response(_client_json(row))


async def update_client(request: Request) -> Response:
    """``PUT /admin/oauth/clients/{client_id}``: change the given fields."""
    _check_feature(request)
    await require_admin(request)
    body = await read_json(request)

    fields = {key: body[key] for key in UPDATABLE_FIELDS if key in body}
    if not fields:
        raise _invalid(f"No fields provided for update: send any of {', '.join(UPDATABLE_FIELDS)}")

    async with db(request).acquire() as conn, conn.transaction():
        row = await _fetch_client(conn, request.path_params["client_id"])

        changes: dict[str, Any] = {}
        if "client_name" in fields:
            changes["client_name"] = _validate_name(fields["client_name"])
        if "redirect_uris" in fields:
            changes["redirect_uris"] = _validate_redirect_uris(fields["redirect_uris"])
        if "grant_types" in fields:
            changes["grant_types"] = _validate_grant_types(fields["grant_types"])
        if "client_uri" in fields:
            changes["client_uri"] = _optional_uri(fields["client_uri"], "client_uri")
        if "logo_uri" in fields:
            changes["logo_uri"] = _optional_uri(fields["logo_uri"], "logo_uri")
        if "scope" in fields:
            changes["scope"] = _validate_scope(fields["scope"])
        if "token_endpoint_auth_method" in fields:
            _, method = _resolve_client_type(row["client_type"], fields["token_endpoint_auth_method"])
            changes["token_endpoint_auth_method"] = method

        # Column names come from UPDATABLE_FIELDS, never from the request.
        assignments = ", ".join(f"{column} = ${index}" for index, column in enumerate(changes, start=2))
        row = await conn.fetchrow(
            f"update auth.oauth_clients set {assignments}, updated_at = now() "
            "where id = $1 returning *",
            row["id"], *changes.values(),
        )
    return json_response(_client_json(row))


async def delete_client(request: Request) -> Response:
    """``DELETE /admin/oauth/clients/{client_id}``: soft delete, 204."""
    _check_feature(request)
    await require_admin(request)

    async with db(request).acquire() as conn:
        row = await _fetch_client(conn, request.path_params["client_id"])
        await conn.execute(
            "update auth.oauth_clients set deleted_at = now(), updated_at = now(), "
            "client_secret_hash = null where id = $1",
            row["id"],
        )
    return Response(status_code=204)


async def regenerate_secret(request: Request) -> Response:
    """``POST /admin/oauth/clients/{client_id}/regenerate_secret``: a new secret for a confidential client."""
    _check_feature(request)
    await require_admin(request)

    async with db(request).acquire() as conn:
        row = await _fetch_client(conn, request.path_params["client_id"])
        if row["client_type"] != "confidential":
            raise _invalid(f"OAuth client {row['client_id']} is public and has no secret to regenerate")
        secret = _new_secret()
        row = await conn.fetchrow(
            "update auth.oauth_clients set client_secret_hash = $2, updated_at = now() "
            "where id = $1 returning *",
            row["id"], hash_client_secret(secret),
        )
    return json_response(_client_json(row, secret))


def _optional_uri(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    uri = _validate_uri(value, field)
    if urlsplit(uri).scheme.lower() not in ("http", "https"):
        raise _invalid(f"{field} {value!r} must be an http(s) URL")
    return uri


def _positive_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(f"Invalid {name} {raw!r}: use a positive integer") from None
    if value < 1:
        raise _invalid(f"Invalid {name} {raw!r}: use a positive integer")
    return value


routes = [
    Route("/admin/oauth/clients", list_clients, methods=["GET"]),
    Route("/admin/oauth/clients", create_client, methods=["POST"]),
    Route("/admin/oauth/clients/{client_id}", get_client, methods=["GET"]),
    Route("/admin/oauth/clients/{client_id}", update_client, methods=["PUT"]),
    Route("/admin/oauth/clients/{client_id}", delete_client, methods=["DELETE"]),
    Route("/admin/oauth/clients/{client_id}/regenerate_secret", regenerate_secret, methods=["POST"]),
]
