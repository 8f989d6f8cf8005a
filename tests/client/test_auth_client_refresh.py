"""Session refresh under faults a real server cannot be made to produce on demand.

A MockTransport plays the Auth and REST servers: it delays the refresh response to widen the
race window, fails it, or drops the connection. The same race runs against the real
sandbox in test_auth_client_session.py.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from supatui.client import AuthApiError, AuthRetryableError, ClientOptions, create_client

KEY = "anon-key"


class FakeAuthServer:
    """Fake /auth/v1/token and /rest/v1/* endpoints that record the requests they receive."""

    def __init__(self, *, first_expires_at: float, refresh_delay: float = 0.05) -> None:
        self.first_expires_at = first_expires_at
        self.refresh_delay = refresh_delay
        self.refresh_calls = 0
        self.refresh_status = 200
        self.refresh_network_error = False
        self.rest_authorizations: list[str] = []

    def session_body(self, number: int, expires_at: float) -> dict:
        return {
            "access_token": f"access-{number}",
            "refresh_token": f"refresh-{number}",
            "token_type": "bearer",
            "expires_in": max(int(expires_at - time.time()), 0),
            "expires_at": int(expires_at),
            "user": {"id": "8d0f6c2e-3b9a-4c1e-9f1d-2a7b5c4e6d10", "aud": "authenticated"},
        }

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        grant = request.url.params.get("grant_type")

        if path == "/auth/v1/token" and grant == "password":
            return httpx.Response(200, json=self.session_body(0, self.first_expires_at))

        if path == "/auth/v1/token" and grant == "refresh_token":
            self.refresh_calls += 1
            await asyncio.sleep(self.refresh_delay)
            if self.refresh_network_error:
                raise httpx.ConnectError("connection refused")
            if self.refresh_status != 200:
                return httpx.Response(
                    self.refresh_status,
                    json={"code": "refresh_token_not_found", "message": "Invalid Refresh Token"},
                )
            sent = json.loads(request.content)["refresh_token"]
            number = int(sent.split("-")[1]) + 1
            return httpx.Response(200, json=self.session_body(number, time.time() + 3600))

        if path == "/auth/v1/logout":
            return httpx.Response(204)

        if path.startswith("/rest/v1/"):
            self.rest_authorizations.append(request.headers["Authorization"])
            return httpx.Response(200, json=[])

        return httpx.Response(404, json={"code": "not_found", "message": path})


def make_client(server: FakeAuthServer, *, auto_refresh: bool = True):
    options = ClientOptions(
        transport=httpx.MockTransport(server), auto_refresh_token=auto_refresh, max_retries=0
    )
    return create_client("http://auth.test", KEY, options)


async def sign_in(client) -> None:
    await client.auth.sign_in_with_password({"email": "ann@example.com", "password": "pw"})


async def test_fifty_expired_requests_one_refresh():
    server = FakeAuthServer(first_expires_at=time.time() - 5)
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)

        await asyncio.gather(*(client.table("notes").select("*").execute() for _ in range(50)))

        assert server.refresh_calls == 1
        assert len(server.rest_authorizations) == 50
        assert set(server.rest_authorizations) == {"Bearer access-1"}


async def test_fifty_requests_with_background_refresh():
    server = FakeAuthServer(first_expires_at=time.time() - 5)
    async with make_client(server, auto_refresh=True) as client:
        await sign_in(client)

        await asyncio.gather(*(client.table("notes").select("*").execute() for _ in range(50)))

        assert server.refresh_calls == 1
        assert set(server.rest_authorizations) == {"Bearer access-1"}


async def test_cancelled_waiter_keeps_shared_refresh():
    server = FakeAuthServer(first_expires_at=time.time() - 5, refresh_delay=0.3)
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)

        first = asyncio.create_task(client.table("notes").select("*").execute())
        second = asyncio.create_task(client.table("notes").select("*").execute())
        await asyncio.sleep(0.05)
        first.cancel()
        await second

        assert first.cancelled()
        assert server.refresh_calls == 1
        assert server.rest_authorizations == ["Bearer access-1"]


async def test_rejected_refresh_signs_out_and_uses_key():
    server = FakeAuthServer(first_expires_at=time.time() - 5)
    server.refresh_status = 400
    events: list[str] = []
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)
        client.auth.on_auth_state_change(lambda event, session: events.append(event))

        await asyncio.gather(*(client.table("notes").select("*").execute() for _ in range(10)))

        assert server.refresh_calls == 1
        assert set(server.rest_authorizations) == {f"Bearer {KEY}"}
        assert await client.auth.get_session() is None
        assert events.count("SIGNED_OUT") == 1


async def test_unreachable_refresh_keeps_session():
    server = FakeAuthServer(first_expires_at=time.time() - 5)
    server.refresh_network_error = True
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)

        with pytest.raises(AuthRetryableError):
            await client.table("notes").select("*").execute()

        assert server.rest_authorizations == []
        server.refresh_network_error = False
        session = await client.auth.get_session()
        assert session is not None
        assert session.access_token == "access-1"


async def test_refresh_session_rejected_raises_api_error():
    server = FakeAuthServer(first_expires_at=time.time() + 3600)
    server.refresh_status = 400
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)

        with pytest.raises(AuthApiError) as caught:
            await client.auth.refresh_session()

        assert caught.value.code == "refresh_token_not_found"
        assert caught.value.status == 400


async def test_background_refresh_before_expiry():
    # Expiring 10.3 s from now, the background task refreshes about 0.3 s from now.
    server = FakeAuthServer(first_expires_at=time.time() + 10.3)
    events: list[str] = []
    async with make_client(server) as client:
        client.auth.on_auth_state_change(lambda event, session: events.append(event))
        await sign_in(client)

        for _ in range(100):
            if "TOKEN_REFRESHED" in events:
                break
            await asyncio.sleep(0.02)

        assert server.refresh_calls == 1
        assert events == ["INITIAL_SESSION", "SIGNED_IN", "TOKEN_REFRESHED"]
        await client.table("notes").select("*").execute()
        assert server.rest_authorizations == ["Bearer access-1"]


async def test_sign_out_cancels_background_refresh():
    server = FakeAuthServer(first_expires_at=time.time() + 10.3)
    async with make_client(server) as client:
        await sign_in(client)
        await client.auth.sign_out()
        await asyncio.sleep(0.6)

        assert server.refresh_calls == 0
        await client.table("notes").select("*").execute()
        assert server.rest_authorizations == [f"Bearer {KEY}"]


async def test_aclose_cancels_background_refresh():
    server = FakeAuthServer(first_expires_at=time.time() + 10.3)
    client = make_client(server)
    await sign_in(client)
    await client.aclose()
    await asyncio.sleep(0.6)

    assert server.refresh_calls == 0


async def test_explicit_rest_token_kept():
    server = FakeAuthServer(first_expires_at=time.time() + 3600)
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)
        client.postgrest.auth("custom-token")

        await client.table("notes").select("*").execute()

        assert server.rest_authorizations == ["Bearer custom-token"]


async def test_late_caller_with_used_token():
    server = FakeAuthServer(first_expires_at=time.time() - 5)
    async with make_client(server, auto_refresh=False) as client:
        await sign_in(client)
        stale = await client.auth._sessions.load()

        await client.table("notes").select("*").execute()
        late = await client.auth.refresh_session(stale.refresh_token)

        assert server.refresh_calls == 1
        assert late.session.access_token == "access-1"
