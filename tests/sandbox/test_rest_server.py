"""The REST app mounted in the platform's sandbox, over a real uvicorn socket."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_crud_over_socket(sandbox, sql, unique_name: str) -> None:
    await sql(f"CREATE TABLE {unique_name} (id serial PRIMARY KEY, title text NOT NULL)")
    headers = {"apikey": sandbox.service_role_key, "Authorization": f"Bearer {sandbox.service_role_key}"}

    async with httpx.AsyncClient(base_url=f"{sandbox.api_url}/rest/v1", headers=headers) as client:
        created = await client.post(f"/{unique_name}", json=[{"title": "a"}, {"title": "b"}],
                                    headers={"Prefer": "return=representation"})
        page = await client.get(f"/{unique_name}?select=title&order=id&limit=1",
                                headers={"Prefer": "count=exact"})
        updated = await client.patch(f"/{unique_name}?title=eq.a", json={"title": "A"})
        deleted = await client.delete(f"/{unique_name}?title=eq.b", headers={"Prefer": "return=representation"})
        remaining = await client.get(f"/{unique_name}?select=title")

    assert created.status_code == 201
    assert [row["title"] for row in created.json()] == ["a", "b"]
    assert page.status_code == 206
    assert page.headers["content-range"] == "0-0/2"
    assert page.json() == [{"title": "a"}]
    assert updated.status_code == 204
    assert deleted.json()[0]["title"] == "b"
    assert remaining.json() == [{"title": "A"}]


async def test_rls_and_gateway_over_socket(sandbox, sql, unique_name: str) -> None:
    await sql(f"""
    CREATE TABLE {unique_name} (id int PRIMARY KEY, owner uuid);
    ALTER TABLE {unique_name} ENABLE ROW LEVEL SECURITY;
    CREATE POLICY own ON {unique_name} FOR SELECT TO authenticated USING (owner = auth.uid());
    INSERT INTO {unique_name} VALUES (1, '6f1b0e7e-1111-4a55-9a1e-0a1b2c3d4e5f'), (2, gen_random_uuid());
    """)
    token = sandbox.mint_token(role="authenticated", sub="6f1b0e7e-1111-4a55-9a1e-0a1b2c3d4e5f")

    async with httpx.AsyncClient(base_url=f"{sandbox.api_url}/rest/v1") as client:
        user = await client.get(f"/{unique_name}?select=id",
                                headers={"apikey": sandbox.anon_key, "Authorization": f"Bearer {token}"})
        anon = await client.get(f"/{unique_name}?select=id", headers={"apikey": sandbox.anon_key})
        no_key = await client.get(f"/{unique_name}")
        root = await client.get("/", headers={"apikey": sandbox.service_role_key})

    assert user.json() == [{"id": 1}]
    assert anon.json() == []
    assert no_key.status_code == 401
    assert root.status_code == 200
    assert unique_name in root.json()["definitions"]


async def test_official_postgrest_client_round_trip(sandbox, sql, unique_name: str) -> None:
    from postgrest import AsyncPostgrestClient

    await sql(f"""
    CREATE TABLE {unique_name} (id int PRIMARY KEY, name text, tags text[]);
    CREATE FUNCTION {unique_name}_double(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT n * 2 $$;
    """)
    headers = {"apikey": sandbox.service_role_key, "Authorization": f"Bearer {sandbox.service_role_key}"}

    async with AsyncPostgrestClient(f"{sandbox.api_url}/rest/v1", headers=headers) as client:
        inserted = await client.table(unique_name).insert(
            [{"id": 1, "name": "Doe, Jane", "tags": ["a"]}, {"id": 2, "name": "b", "tags": ["b", "c"]}]).execute()
        upserted = await client.table(unique_name).upsert({"id": 2, "name": "B", "tags": ["c"]}).execute()
        page = await (client.table(unique_name).select("id,name", count="exact")
                      .in_("name", ["Doe, Jane", "B"]).order("id", desc=True).range(0, 0).execute())
        single = await client.table(unique_name).select("name").eq("id", 1).single().execute()
        contains = await client.table(unique_name).select("id").contains("tags", ["c"]).execute()
        doubled = await client.rpc(f"{unique_name}_double", {"n": 21}).execute()
        deleted = await client.table(unique_name).delete().eq("id", 1).execute()

    assert len(inserted.data) == 2
    assert upserted.data == [{"id": 2, "name": "B", "tags": ["c"]}]
    assert page.data == [{"id": 2, "name": "B"}]
    assert page.count == 2
    assert single.data == {"name": "Doe, Jane"}
    assert contains.data == [{"id": 2}]
    assert doubled.data == 42
    assert deleted.data == [{"id": 1, "name": "Doe, Jane", "tags": ["a"]}]
