"""Client CPU time per request, beside the official client and two bare httpx baselines.

Each contender sends the same primary-key select to the same sandbox, one request at a time,
reads the body and decodes the JSON. The floor builds an ``httpx.Request`` from a ready URL
string and hands it to ``AsyncHTTPTransport.handle_async_request``: the least any httpx-based
client can do per request. CPU time is ``time.process_time()`` of this process only:
the sandbox runs in a child process, so its work is not counted.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from ._stats import Figure, median

REQUESTS = 1000
ROUNDS = 7


async def _measure(send) -> float:
    """Return the median CPU seconds per request of ``send`` over ``ROUNDS`` rounds."""
    for _ in range(50):
        await send()

    per_request = []
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(REQUESTS):
            await send()
        per_request.append((time.process_time() - started) / REQUESTS)
    return median(per_request)


async def _run(api_url: str, key: str, table: str, row_id: int) -> dict[str, float]:
    from supabase import acreate_client

    from supatui import create_client

    rest_url = f"{api_url}/rest/v1/{table}"
    headers = {"apikey": key, "Authorization": f"Bearer {key}", "Accept": "application/json"}
    params = {"select": "*", "id": f"eq.{row_id}"}

    ours = create_client(api_url, key)
    official = await acreate_client(api_url, key)
    bare_client = httpx.AsyncClient()
    transport = httpx.AsyncHTTPTransport()

    async def send_ours() -> None:
        response = await ours.table(table).select("*").eq("id", row_id).execute()
        assert response.data

    async def send_official() -> None:
        response = await official.table(table).select("*").eq("id", row_id).execute()
        assert response.data

    async def send_bare_client() -> None:
        response = await bare_client.get(rest_url, params=params, headers=headers)
        assert json.loads(response.content)

    floor_url = f"{rest_url}?select=*&id=eq.{row_id}"

    async def send_transport() -> None:
        request = httpx.Request("GET", floor_url, headers=headers)
        response = await transport.handle_async_request(request)
        body = await response.aread()
        await response.aclose()
        assert json.loads(body)

    results = {}
    try:
        # Interleave contenders round by round would be fairer still; whole blocks keep each
        # contender's connection warm, which is what a dashboard sees.
        results["bare transport (floor)"] = await _measure(send_transport)
        results["bare httpx.AsyncClient.get"] = await _measure(send_bare_client)
        results["supabase (official, async)"] = await _measure(send_official)
        results["supatui.client"] = await _measure(send_ours)
    finally:
        await ours.aclose()
        await bare_client.aclose()
        await transport.aclose()
    return results


def run(api_url: str, key: str, table: str, row_id: int) -> list[Figure]:
    results = asyncio.run(_run(api_url, key, table, row_id))
    floor = results["bare transport (floor)"]
    figures = []
    for name, seconds in results.items():
        ratio = seconds / floor
        figure = Figure(f"client CPU per request: {name}", f"{seconds * 1e6:.0f} µs ({ratio:.2f}× floor)")
        if name == "supatui.client":
            figure.target = "at most 1.1× floor"
            figure.verdict = "met" if ratio <= 1.1 else "missed"
        figures.append(figure)
    figures[0].notes.append(
        f"median of {ROUNDS} rounds of {REQUESTS} sequential requests each, after 50 warm-up requests; "
        f"`GET /rest/v1/{table}?select=*&id=eq.{row_id}`, body read and JSON decoded by every contender"
    )
    return figures
