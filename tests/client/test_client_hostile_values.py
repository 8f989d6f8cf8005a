"""Round trips of values that need quoting or percent-encoding, against the sandbox."""

from __future__ import annotations

import pytest

from supatui.client import quote_value

pytestmark = pytest.mark.usefixtures("db")

HOSTILE_VALUES = {
    "comma": "Doe, Jane",
    "parentheses": "f(x) = (y)",
    "double_quotes": 'say "hi"',
    "backslash": "C:\\tmp\\new",
    "backslash_quote": 'a\\"b',
    "period": "a.b.c",
    "colon": "key:value",
    "percent": "100%",
    "underscore": "snake_case",
    "asterisk": "*star*",
    "plus": "2024-05-01T10:00:00+00:00",
    "ampersand": "salt & pepper",
    "hash": "#hashtag",
    "equals": "a=b",
    "unicode": "ünïcødé 日本 👋",
    "null_word": "null",
    "null_upper": "NULL",
    "empty": "",
    "padded": "  padded  ",
    "braces": "{a,b}",
    "question": "why?",
    "slash": "a/b",
    "everything": ' ,()"\\.:%_*+&#= ',
}

DECOY_VALUES = ["Doe", "Jane", "say", "C:", "a", "b", "key", "100", "snake", "star", "x"]


@pytest.fixture
async def hostile_ids(client):
    rows = [{"value": value} for value in [*HOSTILE_VALUES.values(), *DECOY_VALUES, None]]
    response = await client.table("cl_hostile").insert(rows).execute()
    return {row["value"]: row["id"] for row in response.data}


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
async def test_eq_finds_hostile_value(client, hostile_ids, kind):
    value = HOSTILE_VALUES[kind]
    response = await client.table("cl_hostile").select("id, value").eq("value", value).execute()
    assert response.data == [{"id": hostile_ids[value], "value": value}]


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
async def test_in_finds_hostile_value(client, hostile_ids, kind):
    value = HOSTILE_VALUES[kind]
    response = await (
        client.table("cl_hostile").select("id").in_("value", [value, "no such value"]).execute()
    )
    assert response.data == [{"id": hostile_ids[value]}]


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
async def test_or_finds_hostile_value(client, hostile_ids, kind):
    value = HOSTILE_VALUES[kind]
    condition = f"value.eq.{quote_value(value)},id.eq.-1"
    response = await client.table("cl_hostile").select("id").or_(condition).execute()
    assert response.data == [{"id": hostile_ids[value]}]


@pytest.mark.parametrize("kind", list(HOSTILE_VALUES))
async def test_neq_excludes_hostile_value(client, hostile_ids, kind):
    value = HOSTILE_VALUES[kind]
    response = await (
        client.table("cl_hostile").select("id", count="exact").neq("value", value).execute()
    )
    # neq skips the NULL row too, as SQL's <> does.
    assert response.count == len(hostile_ids) - 2
    assert hostile_ids[value] not in {row["id"] for row in response.data}


async def test_in_with_several_hostile_values(client, hostile_ids):
    values = list(HOSTILE_VALUES.values())
    response = await client.table("cl_hostile").select("id").in_("value", values).execute()
    assert sorted(row["id"] for row in response.data) == sorted(hostile_ids[v] for v in values)


async def test_none_versus_string_null(client, hostile_ids):
    null_rows = await client.table("cl_hostile").select("id").is_("value", None).execute()
    text_rows = await client.table("cl_hostile").select("id").eq("value", "null").execute()
    or_rows = await client.table("cl_hostile").select("id").or_("value.is.null,id.eq.-1").execute()
    assert null_rows.data == [{"id": hostile_ids[None]}]
    assert text_rows.data == [{"id": hostile_ids["null"]}]
    assert or_rows.data == [{"id": hostile_ids[None]}]


async def test_like_with_percent_value(client, hostile_ids):
    response = await client.table("cl_hostile").select("value").like("value", "100%").execute()
    assert response.data == [{"value": "100%"}, {"value": "100"}] or sorted(
        row["value"] for row in response.data
    ) == ["100", "100%"]


async def test_hostile_value_in_rpc_get(client, sql):
    value = ' ,()"\\.:%_*+&#= '
    response = await client.rpc("cl_echo", {"say": value}, get=True).execute()
    assert response.data == value


async def test_insert_body_round_trip(client):
    values = list(HOSTILE_VALUES.values())
    inserted = await client.table("cl_hostile").insert([{"value": v} for v in values]).execute()
    assert [row["value"] for row in inserted.data] == values
