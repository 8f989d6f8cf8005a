"""Fixtures shared by the sandbox's Auth tests: HTTP clients for /auth/v1 and admin headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

#: Selects GoTrue's modern error body ``{"code", "message"}``, as the official clients do.
API_VERSION_HEADERS = {"X-Supabase-Api-Version": "2024-01-01"}


@pytest.fixture(scope="module")
async def http(sandbox: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Client of ``/auth/v1`` with the anon key (pass the ``admin`` headers for admin calls)."""
    async with httpx.AsyncClient(
        base_url=f"{sandbox.api_url}/auth/v1", headers={"apikey": sandbox.anon_key, **API_VERSION_HEADERS}
    ) as client:
        yield client


@pytest.fixture(scope="module")
def admin(sandbox: Any) -> dict[str, str]:
    """Headers that make a request with the service_role key."""
    return {"apikey": sandbox.service_role_key, "Authorization": f"Bearer {sandbox.service_role_key}"}
