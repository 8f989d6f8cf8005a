"""The same database operations through supatui.client and the official
``supabase`` package against one sandbox give the same data, counts and errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from postgrest.exceptions import APIError as OfficialAPIError

from supatui.client import APIError

pytestmark = [
    pytest.mark.usefixtures("seeded"),
    # The official client warns about its own deprecated timeout parameter.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

Operation = Callable[[Any], Any]

# Each operation is written once in the shared vocabulary and applied to both clients.
READS: dict[str, Operation] = {
    "select_all": lambda db: db.table("cf_cities").select("*").order("id"),
    "select_columns": lambda db: db.table("cf_cities").select("name, population").order("id"),
    "count_exact": lambda db: db.table("cf_cities").select("*", count="exact").order("id"),
    "count_head": lambda db: db.table("cf_cities").select("*", count="exact", head=True),
    "embed_to_one": lambda db: db.table("cf_cities").select("name, cf_countries(name)").order("id"),
    "embed_to_many": lambda db: (
        db.table("cf_countries")
        .select("name, cf_cities(name)")
        .order("id")
        .order("id", foreign_table="cf_cities")
    ),
    "embed_inner_filter": lambda db: (
        db.table("cf_countries").select("name, cf_cities!inner(name)").eq("cf_cities.name", "Bali")
    ),
    "eq": lambda db: db.table("cf_cities").select("name").eq("name", "Kyoto"),
    "neq": lambda db: db.table("cf_cities").select("name").neq("name", "Kyoto").order("id"),
    "gt_lte": lambda db: db.table("cf_cities").select("id").gt("id", 1).lte("id", 3).order("id"),
    "gte_lt": lambda db: (
        db.table("cf_cities")
        .select("id")
        .gte("population", 4000)
        .lt("population", 1500000)
        .order("id")
    ),
    "like": lambda db: db.table("cf_cities").select("name").like("name", "%o%").order("id"),
    "ilike": lambda db: db.table("cf_cities").select("name").ilike("name", "K%").order("id"),
    "like_any_of": lambda db: (
        db.table("cf_cities").select("name").like_any_of("name", "K%,B%").order("id")
    ),
    "ilike_all_of": lambda db: (
        db.table("cf_cities").select("name").ilike_all_of("name", "s%,%o").order("id")
    ),
    "is_null": lambda db: db.table("cf_cities").select("name").is_("population", "null"),
    "is_none": lambda db: db.table("cf_cities").select("name").is_("population", None),
    "not_is_null": lambda db: (
        db.table("cf_cities").select("id").not_.is_("population", "null").order("id")
    ),
    "in_plain": lambda db: (
        db.table("cf_cities").select("id").in_("name", ["Bali", "Kyoto"]).order("id")
    ),
    "in_comma": lambda db: db.table("cf_people").select("id").in_("name", ["Doe, Jane", "x"]),
    "in_parentheses": lambda db: db.table("cf_people").select("id").in_("name", ["Al (Jr)"]),
    "in_colon": lambda db: db.table("cf_people").select("id").in_("name", ["a.b:c"]),
    "not_in": lambda db: db.table("cf_cities").select("id").not_.in_("id", [1, 2]).order("id"),
    "contains_array": lambda db: (
        db.table("cf_tagged").select("id").contains("tags", ["b"]).order("id")
    ),
    "contains_jsonb": lambda db: (
        db.table("cf_tagged").select("id").contains("meta", {"kind": "x"}).order("id")
    ),
    "contains_range": lambda db: db.table("cf_tagged").select("id").contains("during", "[2,3]"),
    "contained_by": lambda db: (
        db.table("cf_tagged").select("id").contained_by("tags", ["a", "b", "c"]).order("id")
    ),
    "overlaps": lambda db: (
        db.table("cf_tagged").select("id").overlaps("tags", ["a", "d"]).order("id")
    ),
    "range_gt": lambda db: db.table("cf_tagged").select("id").range_gt("during", [1, 4]),
    "range_gte": lambda db: (
        db.table("cf_tagged").select("id").range_gte("during", [5, 8]).order("id")
    ),
    "range_lt": lambda db: db.table("cf_tagged").select("id").range_lt("during", [6, 8]),
    "range_lte": lambda db: (
        db.table("cf_tagged").select("id").range_lte("during", [0, 10]).order("id")
    ),
    "range_adjacent": lambda db: (
        db.table("cf_tagged").select("id").range_adjacent("during", [10, 20]).order("id")
    ),
    "text_search": lambda db: (
        db.table("cf_people").select("id").text_search("name", "lee", options={"config": "english"})
    ),
    "text_search_plain": lambda db: (
        db.table("cf_people").select("id").text_search("name", "Bob Ray", options={"type": "plain"})
    ),
    "match": lambda db: (
        db.table("cf_cities").select("id").match({"country_id": 1, "name": "Santiago"})
    ),
    "or": lambda db: db.table("cf_cities").select("id").or_("id.eq.1,name.eq.Bali").order("id"),
    "or_and": lambda db: (
        db.table("cf_cities")
        .select("id")
        .or_("id.gt.4,and(country_id.eq.1,population.lt.1000000)")
        .order("id")
    ),
    "or_referenced": lambda db: (
        db.table("cf_countries")
        .select("name, cf_cities(name)")
        .or_("name.eq.Kyoto,name.eq.Bali", reference_table="cf_cities")
        .order("id")
    ),
    "raw_filter": lambda db: (
        db.table("cf_cities").select("id").filter("id", "in", "(2,3)").order("id")
    ),
    "order_desc_nulls": lambda db: (
        db.table("cf_cities").select("id").order("population", desc=True, nullsfirst=True)
    ),
    "limit": lambda db: db.table("cf_cities").select("id").order("id").limit(2),
    "range": lambda db: db.table("cf_cities").select("id", count="exact").order("id").range(1, 2),
    "limit_foreign": lambda db: (
        db.table("cf_countries")
        .select("name, cf_cities(name)")
        .order("id")
        .order("id", foreign_table="cf_cities")
        .limit(1, foreign_table="cf_cities")
    ),
    "single": lambda db: db.table("cf_cities").select("name").eq("id", 4).single(),
    "maybe_single_one": lambda db: db.table("cf_cities").select("name").eq("id", 4).maybe_single(),
    "csv": lambda db: db.table("cf_cities").select("id, name").order("id").csv(),
    "rpc_scalar": lambda db: db.rpc("cf_add", {"a": 2, "b": 3}),
    "rpc_get": lambda db: db.rpc("cf_add", {"a": 2, "b": 3}, get=True),
    "rpc_setof_filtered": lambda db: db.rpc("cf_people_named", {"prefix": "B"}).select("id, name"),
    "rpc_count": lambda db: (
        db.rpc("cf_people_named", {"prefix": "A"}, count="exact").select("id").order("id")
    ),
    "json_path": lambda db: db.table("cf_tagged").select("id, meta->kind").eq("meta->>kind", "y"),
}

ERRORS: dict[str, Operation] = {
    "unknown_column": lambda db: db.table("cf_cities").select("nope"),
    "unknown_table": lambda db: db.table("cf_missing").select("*"),
    "single_many_rows": lambda db: db.table("cf_cities").select("*").single(),
    "range_past_end": lambda db: db.table("cf_cities").select("*", count="exact").range(50, 60),
    "unknown_function": lambda db: db.rpc("cf_missing_fn"),
    "duplicate_key": lambda db: db.table("cf_countries").insert({"id": 1, "name": "Again"}),
    "not_null": lambda db: db.table("cf_countries").insert({"id": 9, "name": None}),
    "bad_integer": lambda db: db.table("cf_cities").select("*").eq("id", "abc"),
    "fk_violation": lambda db: db.table("cf_cities").insert({"id": 9, "country_id": 99}),
    "unexposed_schema": lambda db: db.schema("cf_nowhere").table("cf_cities").select("*"),
}

# Writes each run on freshly seeded tables, so both clients start equal.
WRITES: dict[str, Operation] = {
    "insert_one": lambda db: db.table("cf_countries").insert({"id": 10, "name": "Peru"}),
    "insert_bulk_count": lambda db: db.table("cf_countries").insert(
        [{"id": 10, "name": "Peru"}, {"id": 11, "name": "Fiji"}], count="exact"
    ),
    "insert_minimal": lambda db: db.table("cf_countries").insert(
        {"id": 10, "name": "Peru"}, returning="minimal"
    ),
    "upsert_merge": lambda db: db.table("cf_countries").upsert(
        [{"id": 1, "name": "Chile!"}, {"id": 12, "name": "Laos"}]
    ),
    "upsert_ignore": lambda db: db.table("cf_countries").upsert(
        [{"id": 1, "name": "Chile!"}, {"id": 12, "name": "Laos"}], ignore_duplicates=True
    ),
    "upsert_on_conflict": lambda db: db.table("cf_people").upsert(
        {"id": 2, "nick": "bob", "name": "Robert"}, on_conflict="nick"
    ),
    "update": lambda db: db.table("cf_cities").update({"population": 1}).eq("country_id", 3),
    "update_count": lambda db: (
        db.table("cf_cities").update({"population": 1}, count="exact").eq("country_id", 1)
    ),
    "delete": lambda db: db.table("cf_cities").delete().in_("id", [1, 5]),
    "delete_count": lambda db: db.table("cf_cities").delete(count="exact").eq("country_id", 3),
}


async def run(operation: Operation, client: Any) -> tuple[str, Any, Any]:
    """Return ``("ok", data, count)`` or ``("error", code, message)``."""
    try:
        response = await operation(client).execute()
    except (APIError, OfficialAPIError) as error:
        return ("error", error.code, error.message)

    if response is None:  # the official maybe_single() with no row
        return ("ok", None, None)
    return ("ok", response.data, response.count)


def sort_rows(data: Any) -> Any:
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        return sorted(data, key=lambda row: sorted((k, repr(v)) for k, v in row.items()))
    return data


@pytest.mark.parametrize("name", list(READS))
async def test_read_matches_official(ours, official, name):
    expected = await run(READS[name], official)
    actual = await run(READS[name], ours)
    assert expected[0] == "ok", f"official client failed: {expected}"
    assert actual == expected


@pytest.mark.parametrize("name", list(ERRORS))
async def test_error_matches_official(ours, official, name):
    expected = await run(ERRORS[name], official)
    actual = await run(ERRORS[name], ours)
    assert expected[0] == "error"
    assert actual == expected


@pytest.mark.parametrize("name", list(WRITES))
async def test_write_matches_official(ours, official, reseed, name):
    expected = await run(WRITES[name], official)
    official_rows = await official.table("cf_cities").select("*").order("id").execute()

    await reseed()
    actual = await run(WRITES[name], ours)
    our_rows = await ours.table("cf_cities").select("*").order("id").execute()

    assert expected[0] == "ok", f"official client failed: {expected}"
    assert (actual[0], sort_rows(actual[1]), actual[2]) == (
        expected[0],
        sort_rows(expected[1]),
        expected[2],
    )
    assert our_rows.data == official_rows.data


async def test_maybe_single_without_row(ours, official):
    expected = await run(
        lambda db: db.table("cf_cities").select("*").eq("id", 99).maybe_single(), official
    )
    actual = await run(
        lambda db: db.table("cf_cities").select("*").eq("id", 99).maybe_single(), ours
    )
    assert expected == ("ok", None, None)
    assert actual == ("ok", None, None)


async def test_in_escapes_quotes_and_backslashes(ours):
    # The official client does not escape '"' or '\\' inside in() elements;
    # supatui.client does, so these rows are found.
    await (
        ours.table("cf_people")
        .insert(
            [
                {"id": 20, "name": 'say "hi"', "nick": "q"},
                {"id": 21, "name": "C:\\tmp", "nick": "b"},
            ]
        )
        .execute()
    )
    response = await (
        ours.table("cf_people")
        .select("id")
        .in_("name", ['say "hi"', "C:\\tmp", "null"])
        .order("id")
    ).execute()
    assert response.data == [{"id": 5}, {"id": 20}, {"id": 21}]
