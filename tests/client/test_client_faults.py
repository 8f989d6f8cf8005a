"""Retries, error decoding, timeouts and cancellation.

Faults a real server cannot produce on demand (503 storms, non-JSON error
bodies) go through an httpx.MockTransport. The rest runs against the sandbox
or a closed local port.
"""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from supatui.client import APIError, ClientOptions, create_client

URL = "http://127.0.0.1:9"


def scripted_client(responses, seen, *, max_retries=3):
    iterator = iter(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return next(iterator)

    options = ClientOptions(transport=httpx.MockTransport(handler), max_retries=max_retries)
    return create_client(URL, "key", options)


async def test_get_retried_on_503_with_retry_count(monkeypatch):
    monkeypatch.setattr("supatui.client._http._RETRY_BASE_DELAY", 0.0)
    seen: list[httpx.Request] = []
    responses = [httpx.Response(503), httpx.Response(520), httpx.Response(200, json=[{"id": 1}])]
    async with scripted_client(responses, seen) as client:
        response = await client.table("t").select().execute()

    assert response.data == [{"id": 1}]
    assert [r.headers.get("x-retry-count") for r in seen] == [None, "1", "2"]


async def test_retries_are_bounded(monkeypatch):
    monkeypatch.setattr("supatui.client._http._RETRY_BASE_DELAY", 0.0)
    seen: list[httpx.Request] = []
    body = {"code": "PGRST002", "message": "Could not query the database for the schema cache"}
    responses = [httpx.Response(503, json=body)] * 3
    async with scripted_client(responses, seen, max_retries=2) as client:
        with pytest.raises(APIError) as caught:
            await client.table("t").select().execute()

    assert len(seen) == 3
    assert caught.value.code == "PGRST002"
    assert caught.value.status == 503


async def test_post_is_not_retried():
    seen: list[httpx.Request] = []
    async with scripted_client([httpx.Response(503)], seen) as client:
        with pytest.raises(APIError) as caught:
            await client.table("t").insert({"a": 1}).execute()

    assert len(seen) == 1
    assert caught.value.status == 503


async def test_error_body_fields():
    seen: list[httpx.Request] = []
    body = {"code": "23505", "message": "duplicate key", "details": "Key (id)=(1)", "hint": "x"}
    async with scripted_client([httpx.Response(409, json=body)], seen) as client:
        with pytest.raises(APIError) as caught:
            await client.table("t").insert({"id": 1}).execute()

    error = caught.value
    assert (error.code, error.message, error.details, error.hint) == (
        "23505",
        "duplicate key",
        "Key (id)=(1)",
        "x",
    )
    assert error.status == 409
    assert "duplicate key" in str(error)


async def test_non_json_error_body():
    seen: list[httpx.Request] = []
    async with scripted_client([httpx.Response(502, text="Bad gateway")], seen) as client:
        with pytest.raises(APIError) as caught:
            await client.table("t").select().execute()

    assert caught.value.code == "502"
    assert "Bad gateway" in caught.value.message


async def test_count_parsed_only_when_requested():
    seen: list[httpx.Request] = []
    headers = {"content-range": "0-0/42"}
    responses = [httpx.Response(200, json=[{}], headers=headers)] * 2
    async with scripted_client(responses, seen) as client:
        counted = await client.table("t").select(count="exact").execute()
        uncounted = await client.table("t").select().execute()

    assert counted.count == 42
    assert uncounted.count is None


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_connection_refused_raises_network_error():
    async with create_client(f"http://127.0.0.1:{closed_port()}", "key") as client:
        with pytest.raises(APIError) as caught:
            await client.table("t").select().execute()

    assert caught.value.code == "NETWORK"
    assert caught.value.status is None


async def test_timeout_raises_timeout_error(sandbox, sql):
    await sql(
        "create or replace function cl_fault_sleep(seconds float8) returns int language sql "
        "as $$ select 1 from pg_sleep(seconds) $$"
    )
    options = ClientOptions(postgrest_client_timeout=0.3)
    async with create_client(sandbox.api_url, sandbox.service_role_key, options) as client:
        for _ in range(100):
            try:
                await client.rpc("cl_fault_sleep", {"seconds": 0}).execute()
                break
            except APIError:
                await asyncio.sleep(0.1)

        with pytest.raises(APIError) as caught:
            await client.rpc("cl_fault_sleep", {"seconds": 2}).execute()

    assert caught.value.code == "TIMEOUT"


async def test_cancelled_request_leaves_pool_usable(sandbox, sql):
    await sql(
        "create or replace function cl_fault_sleep(seconds float8) returns int language sql "
        "as $$ select 1 from pg_sleep(seconds) $$"
    )
    limits_transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=2))
    options = ClientOptions(transport=limits_transport)
    async with create_client(sandbox.api_url, sandbox.service_role_key, options) as client:
        for _ in range(100):
            try:
                await client.rpc("cl_fault_sleep", {"seconds": 0}).execute()
                break
            except APIError:
                await asyncio.sleep(0.1)

        for _ in range(3):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(
                    client.rpc("cl_fault_sleep", {"seconds": 2}).execute(), timeout=0.2
                )

        results = await asyncio.wait_for(
            asyncio.gather(
                *(client.rpc("cl_fault_sleep", {"seconds": 0}).execute() for _ in range(6))
            ),
            timeout=10,
        )

    assert [result.data for result in results] == [1] * 6
