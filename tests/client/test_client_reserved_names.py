"""Columns named like PostgREST's own query parameters (select, columns, order, ...)."""

from __future__ import annotations

import pytest

from supatui import create_client
from supatui.client import quote_value

RESERVED_COLUMNS = ["select", "columns", "on_conflict", "order", "limit", "offset", "and", "or"]


@pytest.mark.parametrize("column", RESERVED_COLUMNS)
def test_reserved_column_filter_rejected(column):
    client = create_client("http://127.0.0.1:9", "key")

    with pytest.raises(ValueError, match=f"column '{column}' cannot be filtered") as raised:
        client.table("t").delete().eq(column, "x")

    assert f".or_('{column}.eq.<value>')" in str(raised.value)


def test_embedded_reserved_column_rejected():
    client = create_client("http://127.0.0.1:9", "key")

    with pytest.raises(ValueError, match="cities.order"):
        client.table("countries").select("*, cities(*)").eq("cities.order", 1)


def test_similar_names_still_filter():
    client = create_client("http://127.0.0.1:9", "key")

    prepared = client.table("t").select().eq("vendor", "x").eq("ordered", 1).prepare()

    assert "vendor=eq.x" in str(prepared.url)
    assert "ordered=eq.1" in str(prepared.url)


async def test_reserved_column_through_or(sandbox, sql, unique_name):
    await sql(f'create table {unique_name} (id int primary key, "columns" text, "order" int)')
    await sql(
        f"insert into {unique_name} values (1, 'a', 10), (2, 'b', 20), (3, 'a, b', 30)", reload=False
    )
    await sql(f"grant all on {unique_name} to anon, authenticated, service_role", reload=False)

    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        found = await (
            client.table(unique_name).select("id").or_(f"columns.eq.{quote_value('a, b')}").execute()
        )
        deleted = await client.table(unique_name).delete().or_("order.gte.20").execute()
        remaining = await client.table(unique_name).select("id").order("id").execute()

    assert found.data == [{"id": 3}]
    assert sorted(row["id"] for row in deleted.data) == [2, 3]
    assert remaining.data == [{"id": 1}]
    await sql(f"drop table {unique_name}")
