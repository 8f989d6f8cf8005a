"""get_claims with asymmetric (ES256) access tokens, against a sandbox that signs with ES256.

The tokens are verified locally against the JWKS, so the tests count the requests sent.
"""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest

from supatui.client import ClientOptions, create_client
from supatui.client.errors import AuthInvalidJwtError
from supatui.sandbox import SandboxSettings, SandboxThread


class RecordingTransport(httpx.AsyncBaseTransport):
    """Forwards to the network and records each request's path."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture(scope="module")
def es256_sandbox():
    """A second sandbox whose Auth service signs access tokens with ES256."""
    settings = SandboxSettings(seed="empty", jwt_algorithm="ES256", auth_bcrypt_rounds=4)
    with SandboxThread(settings) as running:
        yield running


@pytest.fixture
async def es_client(es256_sandbox, new_email):
    transport = RecordingTransport()
    options = ClientOptions(transport=transport)
    async with create_client(es256_sandbox.api_url, es256_sandbox.anon_key, options) as client:
        await client.auth.sign_up({"email": new_email, "password": "password123"})
        transport.paths.clear()
        yield client, transport


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def with_payload(token: str, **changes) -> str:
    """Return ``token`` with claims changed and the original signature kept."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"


async def test_get_claims_example_es256(es_client, new_email):
    client, transport = es_client

    response = await client.auth.get_claims()
    again = await client.auth.get_claims()

    assert response["headers"]["alg"] == "ES256"
    assert response["claims"]["email"] == new_email
    assert again["claims"] == response["claims"]
    assert transport.paths == ["/auth/v1/.well-known/jwks.json"]


async def test_get_claims_tampered_es256(es_client):
    client, _transport = es_client
    token = (await client.auth.get_session()).access_token

    with pytest.raises(AuthInvalidJwtError, match="verification failed"):
        await client.auth.get_claims(with_payload(token, role="service_role"))


async def test_get_claims_unknown_kid_refetches(es_client):
    client, transport = es_client
    token = (await client.auth.get_session()).access_token
    await client.auth.get_claims()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    header["kid"] = "rotated-away"
    forged = ".".join([b64url(json.dumps(header).encode()), *token.split(".")[1:]])

    with pytest.raises(AuthInvalidJwtError, match="'rotated-away'"):
        await client.auth.get_claims(forged)

    assert transport.paths.count("/auth/v1/.well-known/jwks.json") == 2


async def test_get_claims_with_given_jwks(es_client, es256_sandbox):
    client, transport = es_client
    async with httpx.AsyncClient() as http:
        jwks = (await http.get(f"{es256_sandbox.api_url}/auth/v1/.well-known/jwks.json")).json()

    response = await client.auth.get_claims(jwks=jwks)

    assert response["claims"]["role"] == "authenticated"
    assert transport.paths == []


async def test_get_claims_expired_es256(es_client):
    client, _transport = es_client
    token = (await client.auth.get_session()).access_token

    with pytest.raises(AuthInvalidJwtError, match="expired"):
        await client.auth.get_claims(with_payload(token, exp=int(time.time()) - 10))
