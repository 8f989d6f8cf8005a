"""Sandbox throughput for a primary-key select, driven from this process over loopback."""

from __future__ import annotations

import asyncio
import random
import time

import httpx

from ._stats import Figure, median

CONNECTIONS = 8
SECONDS = 5.0
ROUNDS = 3


async def _round(api_url: str, key: str, table: str, max_id: int) -> float:
    headers = {"apikey": key, "Authorization": f"Bearer {key}"}
    url = f"{api_url}/rest/v1/{table}"
    limits = httpx.Limits(max_connections=CONNECTIONS)
    completed = 0
    deadline = time.perf_counter() + SECONDS

    async with httpx.AsyncClient(limits=limits, headers=headers) as client:

        async def worker() -> None:
            nonlocal completed
            while time.perf_counter() < deadline:
                row_id = random.randint(1, max_id)
                response = await client.get(url, params={"select": "*", "id": f"eq.{row_id}"})
                response.raise_for_status()
                completed += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
        elapsed = time.perf_counter() - started
    return completed / elapsed


def run(api_url: str, key: str, table: str, max_id: int) -> list[Figure]:
    rates = [asyncio.run(_round(api_url, key, table, max_id)) for _ in range(ROUNDS)]
    return [
        Figure(
            "sandbox requests/s, primary-key select",
            f"{median(rates):.0f} req/s",
            target="record it",
            notes=[(
                f"median of {ROUNDS} rounds of {SECONDS:.0f} s, {CONNECTIONS} keep-alive connections "
                "from one httpx client in the benchmark process, random ids; the load generator "
                "shares the 2 cores with the sandbox and PostgreSQL"
            )],
        )
    ]
