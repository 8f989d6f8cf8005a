"""Requests built by supatui.client match the official client's, without a server.

Both clients build the same operation; the decoded query parameters, method,
path and the Prefer/Accept headers must agree. Elements whose quoting differs
on purpose (``"`` and ``\\`` inside in() lists) are covered in
test_conformance_database.py instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from supatui.client import create_client

URL = "http://127.0.0.1:9"

# The official client warns about its own deprecated timeout parameter.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

OPERATIONS: dict[str, Callable[[Any], Any]] = {
    "select_count": lambda db: db.table("t").select("a, b", count="exact"),
    "select_head": lambda db: db.table("t").select("*", count="planned", head=True),
    "eq_neq": lambda db: db.table("t").select().eq("a", 1).neq("b", "x y"),
    "gt_gte_lt_lte": lambda db: (
        db.table("t").select().gt("a", 1).gte("b", 2).lt("c", 3).lte("d", 4)
    ),
    "like_ilike": lambda db: db.table("t").select().like("a", "%x%").ilike("b", "*y*"),
    "like_any_all": lambda db: (
        db.table("t")
        .select()
        .like_any_of("a", "x%,y%")
        .like_all_of("b", "x%,%y")
        .ilike_any_of("c", "x%")
        .ilike_all_of("d", "%z")
    ),
    "is": lambda db: db.table("t").select().is_("a", None).is_("b", True).is_("c", "null"),
    "in_simple": lambda db: db.table("t").select().in_("a", [1, 2, "x"]),
    "in_comma_colon_parens": lambda db: db.table("t").select().in_("a", ["a,b", "c:d", "(e)"]),
    "contains": lambda db: db.table("t").select().contains("a", ["x", "y"]).contains("c", "[1,2)"),
    "contained_by": lambda db: db.table("t").select().contained_by("a", ["x"]),
    "overlaps": lambda db: db.table("t").select().overlaps("a", ["x", "y"]),
    "ranges": lambda db: (
        db.table("t")
        .select()
        .range_gt("a", (1, 2))
        .range_gte("b", (1, 2))
        .range_lt("c", (1, 2))
        .range_lte("d", (1, 2))
        .range_adjacent("e", (1, 2))
    ),
    "aliases": lambda db: (
        db.table("t")
        .select()
        .fts("a", "x")
        .plfts("b", "x")
        .phfts("c", "x")
        .wfts("d", "x")
        .cs("e", ["x"])
        .cd("f", ["x"])
        .ov("g", ["x"])
        .sl("h", (1, 2))
        .sr("i", (1, 2))
        .nxl("j", (1, 2))
        .nxr("k", (1, 2))
        .adj("l", (1, 2))
    ),
    "text_search": lambda db: (
        db.table("t")
        .select()
        .text_search("a", "x & y", {"config": "english"})
        .text_search("b", "x y", {"type": "plain"})
        .text_search("c", "x y", {"type": "phrase", "config": "simple"})
    ),
    "match": lambda db: db.table("t").select().match({"a": 1, "b": "x"}),
    "not": lambda db: db.table("t").select().not_.eq("a", 1).not_.in_("b", [1, 2]),
    "or": lambda db: db.table("t").select().or_("a.eq.1,b.eq.2").or_("c.eq.3", reference_table="r"),
    "not_or": lambda db: db.table("t").select().not_.or_("a.eq.1,b.eq.2"),
    "raw_filter": lambda db: db.table("t").select().filter("a", "in", '("x","y")'),
    "embedded_filter": lambda db: db.table("t").select("*, r(*)").eq("r.name", "x"),
    "order": lambda db: (
        db.table("t")
        .select()
        .order("a", desc=True)
        .order("b", nullsfirst=True)
        .order("c", foreign_table="r")
    ),
    "limit_range": lambda db: db.table("t").select().limit(5).range(1, 3, foreign_table="r"),
    "single": lambda db: db.table("t").select().single(),
    "csv": lambda db: db.table("t").select().csv(),
    "insert": lambda db: db.table("t").insert({"a": 1}, count="exact"),
    "insert_minimal": lambda db: db.table("t").insert({"a": 1}, returning="minimal"),
    "insert_bulk_defaults": lambda db: db.table("t").insert([{"a": 1}], default_to_null=False),
    "upsert": lambda db: db.table("t").upsert({"a": 1}, on_conflict="a"),
    "upsert_ignore": lambda db: db.table("t").upsert({"a": 1}, ignore_duplicates=True),
    "update": lambda db: db.table("t").update({"a": 1}, count="exact").eq("b", 2),
    "delete": lambda db: db.table("t").delete(returning="minimal").eq("b", 2),
    "rpc_post": lambda db: db.rpc("f", {"a": 1}),
    "rpc_get": lambda db: db.rpc("f", {"a": 1, "b": "x"}, get=True),
    "rpc_head_count": lambda db: db.rpc("f", {}, head=True, count="exact"),
    "schema": lambda db: db.schema("api").table("t").select(),
}


def describe_ours(query: Any) -> dict[str, Any]:
    prepared = query.prepare()
    return {
        "method": prepared.method,
        "path": prepared.url.path,
        "params": sorted(prepared.url.params.multi_items()),
        "prefer": sorted(filter(None, prepared.headers.get("prefer", "").split(","))),
        "accept": prepared.headers.get("accept", "*/*"),
    }


def describe_official(query: Any) -> dict[str, Any]:
    request = query.request
    return {
        "method": str(request.http_method),
        "path": request.path.path,
        "params": sorted(request.params.multi_items()),
        "prefer": sorted(filter(None, request.headers.get("prefer", "").split(","))),
        "accept": request.headers.get("accept", "*/*"),
    }


@pytest.fixture(scope="module")
async def official_offline():
    from supabase import acreate_client

    client = await acreate_client(URL, "key")
    yield client
    await client.postgrest.aclose()


@pytest.mark.parametrize("name", list(OPERATIONS))
async def test_request_matches_official(official_offline, name):
    ours = create_client(URL, "key")
    expected = describe_official(OPERATIONS[name](official_offline))
    actual = describe_ours(OPERATIONS[name](ours))
    assert actual == expected


async def test_jsonb_contains_matches_official(official_offline):
    # The official client writes JSON with spaces after separators; compare the parsed values.
    ours = create_client(URL, "key")
    actual = ours.table("t").select().contains("b", {"k": [1, "x"]}).prepare()
    expected = official_offline.table("t").select().contains("b", {"k": [1, "x"]}).request
    operator, _, ours_json = actual.url.params["b"].partition(".")
    official_operator, _, official_json = expected.params["b"].partition(".")
    assert operator == official_operator == "cs"
    assert json.loads(ours_json) == json.loads(official_json)
