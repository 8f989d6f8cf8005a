"""The demo seed's auth users and OAuth clients, served by a sandbox over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from supatui.sandbox import SandboxSettings, SandboxThread
from supatui.sandbox.auth.totp import totp
from supatui.sandbox.db import bootstrap_database
from supatui.sandbox.seed import apply_seed

VERSION = {"X-Supabase-Api-Version": "2024-01-01"}
GENERATED_USERS = 300
NAMED_USERS = 3


@pytest.fixture(scope="module")
def seeded_dsn(sandbox: SandboxThread) -> Iterator[str]:
    """DSN of a new database with the demo seed (1,000 observations, 300 generated users)."""
    name = f"seed_{uuid.uuid4().hex[:8]}"
    dsn = sandbox.db_url.replace("/postgres?", f"/{name}?")

    async def create() -> None:
        admin = await asyncpg.connect(sandbox.db_url)
        await admin.execute(f"create database {name}")
        await admin.close()
        connection = await asyncpg.connect(dsn)
        try:
            await bootstrap_database(connection)
            await apply_seed(connection, "demo", rows=1000)
        finally:
            await connection.close()

    async def drop() -> None:
        admin = await asyncpg.connect(sandbox.db_url)
        await admin.execute(f"drop database {name} with (force)")
        await admin.close()

    sandbox.submit(create()).result()
    try:
        yield dsn
    finally:
        sandbox.submit(drop()).result()


@pytest.fixture(scope="module")
def demo_sandbox(seeded_dsn: str) -> Iterator[SandboxThread]:
    """A second sandbox on the seeded database, whose seed step finds the data already loaded."""
    with SandboxThread(SandboxSettings(database_url=seeded_dsn, seed="demo")) as running:
        yield running


@pytest.fixture(scope="module")
async def http(demo_sandbox: SandboxThread) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        base_url=f"{demo_sandbox.api_url}/auth/v1",
        headers={"apikey": demo_sandbox.anon_key, **VERSION},
    ) as client:
        yield client


@pytest.fixture(scope="module")
def admin(demo_sandbox: SandboxThread) -> dict[str, str]:
    key = demo_sandbox.service_role_key
    return {"apikey": key, "Authorization": f"Bearer {key}"}


async def all_users(http: httpx.AsyncClient, admin: dict[str, str]) -> list[dict[str, Any]]:
    response = await http.get("/admin/users", params={"per_page": 1000}, headers=admin)
    return response.json()["users"]


async def test_seed_user_count(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.get("/admin/users", params={"per_page": 10}, headers=admin)

    assert response.headers["x-total-count"] == str(GENERATED_USERS + NAMED_USERS)
    assert 'rel="next"' in response.headers["link"]


async def test_seed_provider_mix(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    users = await all_users(http, admin)

    providers = {tuple(user["app_metadata"].get("providers", [])) for user in users}
    assert {("email",), ("phone",), ("google",), ("github",), ("email", "google"), ()} <= providers
    assert any(user["is_anonymous"] for user in users)
    assert any("banned_until" in user for user in users)
    assert any(user["email"] and "email_confirmed_at" not in user for user in users)


async def test_seed_factor_mix(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    users = await all_users(http, admin)

    factor_counts = [len(user.get("factors", [])) for user in users]
    statuses = {f["status"] for user in users for f in user.get("factors", [])}
    assert 0 in factor_counts
    assert 1 in factor_counts
    assert 2 in factor_counts
    assert statuses == {"verified", "unverified"}


async def test_named_user_signs_in(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/token", params={"grant_type": "password"},
        json={"email": "ann@example.com", "password": "password123"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == "4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a"


async def test_generated_user_signs_in(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    users = await all_users(http, admin)
    email_user = next(
        user for user in users
        if user["app_metadata"].get("providers") == ["email"] and "email_confirmed_at" in user
        and "banned_until" not in user and not user.get("factors")
    )

    response = await http.post(
        "/token", params={"grant_type": "password"},
        json={"email": email_user["email"], "password": "password123"},
    )

    assert response.status_code == 200, response.text


async def test_mae_totp_reaches_aal2(http: httpx.AsyncClient) -> None:
    session = (
        await http.post(
            "/token", params={"grant_type": "password"},
            json={"email": "mae@example.com", "password": "password123"},
        )
    ).json()
    token = {"Authorization": f"Bearer {session['access_token']}"}
    factor = next(f for f in session["user"]["factors"] if f["factor_type"] == "totp")

    challenge = (await http.post(f"/factors/{factor['id']}/challenge", headers=token)).json()
    verified = await http.post(
        f"/factors/{factor['id']}/verify",
        json={"challenge_id": challenge["id"], "code": totp("JBSWY3DPEHPK3PXP")}, headers=token,
    )

    assert verified.status_code == 200, verified.text


async def test_filter_finds_seeded_name(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.get("/admin/users", params={"filter": "Mae Jemison"}, headers=admin)

    assert [user["email"] for user in response.json()["users"]] == ["mae@example.com"]


async def test_seed_oauth_clients(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.get("/admin/oauth/clients", headers=admin)

    clients = {client["client_name"]: client for client in response.json()["clients"]}
    assert set(clients) == {"Stargazer CLI", "Observatory Portal"}
    assert clients["Stargazer CLI"]["client_type"] == "public"
    assert clients["Observatory Portal"]["client_type"] == "confidential"


@pytest.mark.slow
async def test_bench_seed_users(sandbox: SandboxThread, sql: Any, unique_name: str) -> None:
    await sql(f"create database {unique_name}", reload=False)
    dsn = sandbox.db_url.replace("/postgres?", f"/{unique_name}?")
    connection = await asyncpg.connect(dsn)
    try:
        await bootstrap_database(connection)
        await apply_seed(connection, "bench", rows=1000)
        users = await connection.fetchval("select count(*) from auth.users")
        identities = await connection.fetch(
            "select provider, count(*) from auth.identities group by provider"
        )
    finally:
        await connection.close()
        await sql(f"drop database {unique_name} with (force)", reload=False)

    assert users == 100_000 + NAMED_USERS
    assert {row["provider"] for row in identities} == {"email", "phone", "google", "github"}
