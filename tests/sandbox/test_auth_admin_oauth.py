"""OAuth client administration over HTTP: /admin/oauth/clients."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

VERSION = {"X-Supabase-Api-Version": "2024-01-01"}


@pytest.fixture(scope="module")
async def http(sandbox: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Client authorized with the service_role key."""
    async with httpx.AsyncClient(
        base_url=f"{sandbox.api_url}/auth/v1",
        headers={
            "apikey": sandbox.service_role_key,
            "Authorization": f"Bearer {sandbox.service_role_key}",
            **VERSION,
        },
    ) as client:
        yield client


async def create(http: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    body.setdefault("client_name", f"client-{uuid.uuid4().hex[:6]}")
    body.setdefault("redirect_uris", ["http://localhost:8765/cb"])
    response = await http.post("/admin/oauth/clients", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_confidential_client(http: httpx.AsyncClient, sql: Any) -> None:
    client = await create(
        http, client_name="CLI", client_uri="https://cli.example", scope="openid  email"
    )

    stored = await sql.fetchval(
        "select client_secret_hash from auth.oauth_clients where client_id = $1", client["client_id"]
    )
    assert uuid.UUID(client["client_id"])
    assert client["client_type"] == "confidential"
    assert client["token_endpoint_auth_method"] == "client_secret_basic"
    assert client["registration_type"] == "manual"
    assert client["grant_types"] == ["authorization_code", "refresh_token"]
    assert client["response_types"] == ["code"]
    assert client["scope"] == "openid email"
    assert len(client["client_secret"]) >= 32
    assert stored == hashlib.sha256(client["client_secret"].encode()).hexdigest()
    assert client["client_secret"] not in stored


async def test_create_public_client(http: httpx.AsyncClient) -> None:
    inferred = await create(http, token_endpoint_auth_method="none")
    explicit = await create(http, client_type="public", grant_types=["authorization_code"])

    assert inferred["client_type"] == "public"
    assert "client_secret" not in inferred
    assert explicit["token_endpoint_auth_method"] == "none"
    assert explicit["grant_types"] == ["authorization_code"]


@pytest.mark.parametrize(
    "body",
    [
        {"redirect_uris": []},
        {"redirect_uris": ["/relative/cb"]},
        {"redirect_uris": ["http://example.com/cb"]},
        {"redirect_uris": ["https://example.com/cb#frag"]},
        {"redirect_uris": ["javascript:alert(1)"]},
        {"redirect_uris": ["data:text/html,x"]},
        {"redirect_uris": [f"https://example.com/{n}" for n in range(11)]},
        {"grant_types": ["password"]},
        {"client_type": "public", "token_endpoint_auth_method": "client_secret_basic"},
        {"client_type": "confidential", "token_endpoint_auth_method": "none"},
        {"client_type": "trusted"},
        {"client_name": ""},
        {"client_name": "x" * 1025},
        {"logo_uri": "ftp://example.com/logo.png"},
    ],
)
async def test_create_rejects_invalid(http: httpx.AsyncClient, body: dict[str, Any]) -> None:
    full = {"client_name": "Bad", "redirect_uris": ["https://example.com/cb"], **body}

    response = await http.post("/admin/oauth/clients", json=full)

    assert response.status_code == 400, response.text
    assert response.json()["code"] == "validation_failed"


async def test_create_accepts_native_and_loopback(http: httpx.AsyncClient) -> None:
    client = await create(
        http,
        redirect_uris=["com.example.app:/callback", "http://127.0.0.1:9000/cb", "http://[::1]:9/cb"],
    )

    assert len(client["redirect_uris"]) == 3


async def test_get_client_hides_secret(http: httpx.AsyncClient) -> None:
    client = await create(http)

    response = await http.get(f"/admin/oauth/clients/{client['client_id']}")

    assert response.status_code == 200
    assert response.json()["client_name"] == client["client_name"]
    assert "client_secret" not in response.json()


async def test_get_client_errors(http: httpx.AsyncClient) -> None:
    malformed = await http.get("/admin/oauth/clients/not-a-uuid")
    missing = await http.get(f"/admin/oauth/clients/{uuid.uuid4()}")

    assert malformed.status_code == 400
    assert malformed.json()["code"] == "validation_failed"
    assert missing.status_code == 404
    assert missing.json()["code"] == "oauth_client_not_found"


async def test_list_clients_newest_first(http: httpx.AsyncClient) -> None:
    older = await create(http)
    newer = await create(http)

    response = await http.get("/admin/oauth/clients", params={"page": 1, "per_page": 2})

    ids = [client["client_id"] for client in response.json()["clients"]]
    assert ids == [newer["client_id"], older["client_id"]]
    assert int(response.headers["x-total-count"]) >= 2
    assert 'rel="last"' in response.headers["link"]
    assert all("client_secret" not in client for client in response.json()["clients"])


async def test_update_client(http: httpx.AsyncClient) -> None:
    client = await create(http)

    response = await http.put(
        f"/admin/oauth/clients/{client['client_id']}",
        json={"client_name": "Renamed", "redirect_uris": ["https://app.example/cb"],
              "token_endpoint_auth_method": "client_secret_post"},
    )

    updated = response.json()
    assert response.status_code == 200, response.text
    assert updated["client_name"] == "Renamed"
    assert updated["redirect_uris"] == ["https://app.example/cb"]
    assert updated["token_endpoint_auth_method"] == "client_secret_post"
    assert updated["updated_at"] >= client["updated_at"]


async def test_update_needs_fields(http: httpx.AsyncClient) -> None:
    client = await create(http)

    empty = await http.put(f"/admin/oauth/clients/{client['client_id']}", json={})
    inconsistent = await http.put(
        f"/admin/oauth/clients/{client['client_id']}", json={"token_endpoint_auth_method": "none"}
    )

    assert empty.status_code == 400
    assert "No fields provided for update" in empty.json()["message"]
    assert inconsistent.status_code == 400


async def test_regenerate_secret(http: httpx.AsyncClient, sql: Any) -> None:
    client = await create(http)

    response = await http.post(f"/admin/oauth/clients/{client['client_id']}/regenerate_secret")

    secret = response.json()["client_secret"]
    stored = await sql.fetchval(
        "select client_secret_hash from auth.oauth_clients where client_id = $1", client["client_id"]
    )
    assert response.status_code == 200
    assert secret != client["client_secret"]
    assert stored == hashlib.sha256(secret.encode()).hexdigest()


async def test_regenerate_public_rejected(http: httpx.AsyncClient) -> None:
    client = await create(http, client_type="public")

    response = await http.post(f"/admin/oauth/clients/{client['client_id']}/regenerate_secret")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"


async def test_delete_client(http: httpx.AsyncClient) -> None:
    client = await create(http)

    deleted = await http.delete(f"/admin/oauth/clients/{client['client_id']}")
    found = await http.get(f"/admin/oauth/clients/{client['client_id']}")
    listed = await http.get("/admin/oauth/clients", params={"per_page": 1000})

    assert deleted.status_code == 204
    assert found.status_code == 404
    assert client["client_id"] not in [c["client_id"] for c in listed.json()["clients"]]


async def test_clients_need_admin(http: httpx.AsyncClient, sandbox: Any) -> None:
    response = await http.get(
        "/admin/oauth/clients",
        headers={"apikey": sandbox.anon_key, "Authorization": f"Bearer {sandbox.anon_key}"},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_admin"
