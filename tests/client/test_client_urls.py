"""URL, header and body building of every query method, without a server."""

from __future__ import annotations

import json

import pytest

from supatui.client import ClientOptions, create_client, quote_value
from supatui.client.postgrest import PreparedRequest

URL = "http://127.0.0.1:9"
KEY = "test-anon-key"


@pytest.fixture
def client():
    return create_client(URL, KEY)


def params(prepared: PreparedRequest) -> list[tuple[str, str]]:
    return prepared.url.params.multi_items()


def param(prepared: PreparedRequest, key: str) -> str:
    values = prepared.url.params.get_list(key)
    assert len(values) == 1, f"{key} appears {len(values)} times in {prepared.url}"
    return values[0]


def test_select_default_columns(client):
    prepared = client.table("planets").select().prepare()
    assert prepared.method == "GET"
    assert prepared.url.path == "/rest/v1/planets"
    assert params(prepared) == [("select", "*")]
    assert prepared.body is None


def test_select_strips_whitespace_outside_quotes(client):
    prepared = client.table("t").select("name, section_id", ' "my col" ').prepare()
    assert param(prepared, "select") == 'name,section_id,"my col"'


def test_select_count_and_head(client):
    prepared = client.table("t").select("*", count="exact", head=True).prepare()
    assert prepared.method == "HEAD"
    assert prepared.headers["prefer"] == "count=exact"


def test_select_rejects_unknown_count(client):
    with pytest.raises(ValueError, match="'many'"):
        client.table("t").select("*", count="many")


def test_session_headers(client):
    prepared = client.table("t").select().prepare()
    assert prepared.headers["apikey"] == KEY
    assert prepared.headers["authorization"] == f"Bearer {KEY}"
    assert prepared.headers["x-client-info"].startswith("supatui/")
    assert prepared.headers["accept-profile"] == "public"
    assert "content-profile" not in prepared.headers


def test_custom_headers_and_schema_option():
    client = create_client(URL, KEY, ClientOptions(schema="api", headers={"X-Trace": "1"}))
    prepared = client.table("t").select().prepare()
    assert prepared.headers["accept-profile"] == "api"
    assert prepared.headers["x-trace"] == "1"


def test_schema_switch_uses_profile_headers(client):
    read = client.schema("analytics").table("events").select().prepare()
    write = client.schema("analytics").table("events").insert({"a": 1}).prepare()
    assert read.headers["accept-profile"] == "analytics"
    assert write.headers["content-profile"] == "analytics"


def test_table_name_is_percent_encoded(client):
    prepared = client.from_("Order Items").select().prepare()
    assert prepared.url.raw_path.startswith(b"/rest/v1/Order%20Items")


def test_insert_single_row(client):
    prepared = client.table("planets").insert({"id": 1, "name": "Pluto"}).prepare()
    assert prepared.method == "POST"
    assert params(prepared) == []
    assert prepared.headers["prefer"] == "return=representation"
    assert prepared.headers["content-type"] == "application/json"
    assert json.loads(prepared.body) == {"id": 1, "name": "Pluto"}


def test_insert_bulk_sends_union_of_columns(client):
    rows = [{"id": 1, "name": "a"}, {"id": 2, "diameter": 3}]
    prepared = client.table("planets").insert(rows, default_to_null=False).prepare()
    assert param(prepared, "columns") == '"id","name","diameter"'
    assert prepared.headers["prefer"] == "return=representation,missing=default"
    assert json.loads(prepared.body) == rows


def test_insert_minimal_with_count(client):
    prepared = client.table("t").insert({"a": 1}, count="exact", returning="minimal").prepare()
    assert prepared.headers["prefer"] == "return=minimal,count=exact"


def test_insert_with_upsert_flag(client):
    prepared = client.table("t").insert({"a": 1}, upsert=True).prepare()
    assert prepared.headers["prefer"] == "return=representation,resolution=merge-duplicates"


def test_insert_rejects_non_rows(client):
    with pytest.raises(TypeError, match="str"):
        client.table("t").insert("id=1")


def test_upsert_merge_and_on_conflict(client):
    prepared = client.table("users").upsert({"handle": "x"}, on_conflict="handle").prepare()
    assert prepared.method == "POST"
    assert param(prepared, "on_conflict") == "handle"
    assert prepared.headers["prefer"] == "return=representation,resolution=merge-duplicates"


def test_upsert_ignore_duplicates(client):
    prepared = client.table("t").upsert([{"id": 1}], ignore_duplicates=True, count="planned")
    headers = prepared.prepare().headers
    assert headers["prefer"] == "return=representation,count=planned,resolution=ignore-duplicates"


def test_update_with_filter(client):
    prepared = client.table("instruments").update({"name": "piano"}).eq("id", 1).prepare()
    assert prepared.method == "PATCH"
    assert params(prepared) == [("id", "eq.1")]
    assert prepared.headers["content-profile"] == "public"
    assert json.loads(prepared.body) == {"name": "piano"}


def test_delete_with_in_filter(client):
    prepared = client.table("countries").delete(count="exact").in_("id", [1, 2, 3]).prepare()
    assert prepared.method == "DELETE"
    assert params(prepared) == [("id", "in.(1,2,3)")]
    assert prepared.headers["prefer"] == "return=representation,count=exact"
    assert prepared.body is None


def test_rejects_invalid_returning(client):
    with pytest.raises(ValueError, match="'all'"):
        client.table("t").delete(returning="all")


@pytest.mark.parametrize(
    ("method", "operator"),
    [("eq", "eq"), ("neq", "neq"), ("gt", "gt"), ("gte", "gte"), ("lt", "lt"), ("lte", "lte")],
)
def test_comparison_filters(client, method, operator):
    prepared = getattr(client.table("t").select(), method)("id", 2).prepare()
    assert param(prepared, "id") == f"{operator}.2"


def test_filter_value_formatting(client):
    query = client.table("t").select()
    query.eq("a", None).eq("b", True).eq("c", False).eq("d", {"k": [1, "x"]}).eq("e", 1.5)
    prepared = query.prepare()
    assert param(prepared, "a") == "eq.null"
    assert param(prepared, "b") == "eq.true"
    assert param(prepared, "c") == "eq.false"
    assert param(prepared, "d") == 'eq.{"k":[1,"x"]}'
    assert param(prepared, "e") == "eq.1.5"


def test_top_level_value_is_verbatim(client):
    value = 'a,b(c)"d"\\e.f:g'
    prepared = client.table("t").select().eq("name", value).prepare()
    assert param(prepared, "name") == f"eq.{value}"


def test_reserved_characters_percent_encoded(client):
    value = "2024-05-01T10:00:00+00:00&#%"
    prepared = client.table("t").select().eq("at", value).prepare()
    query = prepared.url.query.decode()
    assert "+" not in query
    assert "%2B00:00" in query
    assert "%26%23%25" in query
    assert param(prepared, "at") == f"eq.{value}"


def test_space_is_percent_encoded(client):
    prepared = client.table("t").select().eq("name", "a b").prepare()
    assert "name=eq.a%20b" in prepared.url.query.decode()
    assert param(prepared, "name") == "eq.a b"


def test_like_and_ilike(client):
    prepared = client.table("t").select().like("name", "%Ea%").ilike("alt", "*ea*").prepare()
    assert param(prepared, "name") == "like.%Ea%"
    assert param(prepared, "alt") == "ilike.*ea*"


def test_like_any_and_all_of(client):
    query = client.table("t").select()
    query.like_all_of("a", "A%,%b").like_any_of("b", "x%,y%")
    query.ilike_all_of("c", ["a%", "%b"]).ilike_any_of("d", ["Ne%", "%o, p"])
    prepared = query.prepare()
    assert param(prepared, "a") == "like(all).{A%,%b}"
    assert param(prepared, "b") == "like(any).{x%,y%}"
    assert param(prepared, "c") == "ilike(all).{a%,%b}"
    assert param(prepared, "d") == 'ilike(any).{Ne%,"%o, p"}'


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "is.null"), (True, "is.true"), (False, "is.false"), ("null", "is.null")],
)
def test_is_filter(client, value, expected):
    prepared = client.table("t").select().is_("name", value).prepare()
    assert param(prepared, "name") == expected


def test_in_filter_quotes_every_hostile_element(client):
    values = [
        "plain",
        "Doe, Jane",
        'say "hi"',
        "C:\\tmp",
        "a.b",
        "(x)",
        "",
        " padded ",
        "null",
        None,
        "NULL",
        "ünïcødé",
        "50%_*+&#",
    ]
    prepared = client.table("t").select().in_("name", values).prepare()
    expected = (
        'in.(plain,"Doe, Jane","say \\"hi\\"","C:\\\\tmp","a.b","(x)",""," padded ",'
        '"null",null,"NULL",ünïcødé,50%_*+&#)'
    )
    assert param(prepared, "name") == expected


def test_in_filter_rejects_string(client):
    with pytest.raises(TypeError, match="list"):
        client.table("t").select().in_("name", "Earth")


def test_contains_array_jsonb_and_range(client):
    query = client.table("t").select()
    query.contains("tags", ["is:open", "priority:low", "two words", 'q"'])
    query.contains("meta", {"name": "x"}).contains("during", "[2000-01-01 13:00, 2000-01-01 13:30)")
    prepared = query.prepare()
    assert param(prepared, "tags") == 'cs.{is:open,priority:low,"two words","q\\""}'
    assert param(prepared, "meta") == 'cs.{"name":"x"}'
    assert param(prepared, "during") == "cs.[2000-01-01 13:00, 2000-01-01 13:30)"


def test_contained_by_and_overlaps(client):
    query = client.table("t").select()
    query.contained_by("days", ["monday", "tuesday"]).overlaps("tags", ["is:closed", None])
    prepared = query.prepare()
    assert param(prepared, "days") == "cd.{monday,tuesday}"
    assert param(prepared, "tags") == "ov.{is:closed,NULL}"


@pytest.mark.parametrize(
    ("method", "operator"),
    [
        ("range_gt", "sr"),
        ("range_gte", "nxl"),
        ("range_lt", "sl"),
        ("range_lte", "nxr"),
        ("range_adjacent", "adj"),
        ("sr", "sr"),
        ("nxl", "nxl"),
        ("sl", "sl"),
        ("nxr", "nxr"),
        ("adj", "adj"),
    ],
)
def test_range_filters(client, method, operator):
    query = getattr(client.table("t").select(), method)
    prepared = query("during", ["2000-01-02 08:00", "2000-01-02 09:00"]).prepare()
    assert param(prepared, "during") == f"{operator}.(2000-01-02 08:00,2000-01-02 09:00)"


def test_range_filter_accepts_literal(client):
    prepared = client.table("t").select().range_gt("r", "[1,5]").prepare()
    assert param(prepared, "r") == "sr.[1,5]"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (None, "fts.'eggs' & 'ham'"),
        ({"config": "english"}, "fts(english).'eggs' & 'ham'"),
        ({"type": "plain"}, "plfts.'eggs' & 'ham'"),
        ({"type": "phrase", "config": "english"}, "phfts(english).'eggs' & 'ham'"),
        ({"type": "websearch"}, "wfts.'eggs' & 'ham'"),
        ({"type": "web_search"}, "wfts.'eggs' & 'ham'"),
    ],
)
def test_text_search(client, options, expected):
    prepared = client.table("texts").select().text_search("content", "'eggs' & 'ham'", options)
    assert param(prepared.prepare(), "content") == expected


def test_text_search_rejects_unknown_type(client):
    with pytest.raises(ValueError, match="'fuzzy'"):
        client.table("t").select().text_search("c", "q", {"type": "fuzzy"})


@pytest.mark.parametrize("method", ["fts", "plfts", "phfts", "wfts"])
def test_full_text_aliases(client, method):
    prepared = getattr(client.table("t").select(), method)("body", "fat & cat").prepare()
    assert param(prepared, "body") == f"{method}.fat & cat"


@pytest.mark.parametrize(("method", "operator"), [("cs", "cs"), ("cd", "cd"), ("ov", "ov")])
def test_array_aliases(client, method, operator):
    prepared = getattr(client.table("t").select(), method)("tags", ["a", "b"]).prepare()
    assert param(prepared, "tags") == f"{operator}.{{a,b}}"


def test_match_adds_eq_per_key(client):
    prepared = client.table("planets").select().match({"id": 2, "name": "Earth"}).prepare()
    assert params(prepared)[1:] == [("id", "eq.2"), ("name", "eq.Earth")]


def test_match_rejects_empty(client):
    with pytest.raises(ValueError, match="empty"):
        client.table("t").select().match({})


def test_not_negates_only_next_filter(client):
    prepared = client.table("t").select().not_.is_("name", None).eq("id", 1).prepare()
    assert param(prepared, "name") == "not.is.null"
    assert param(prepared, "id") == "eq.1"


def test_not_with_raw_in_and_contains(client):
    query = client.table("t").select().not_.in_("id", [5, 6, 7])
    query.not_.contains("arraycol", '{"a","b"}')
    prepared = query.prepare()
    assert param(prepared, "id") == "not.in.(5,6,7)"
    assert param(prepared, "arraycol") == 'not.cs.{"a","b"}'


def test_or_filter_and_reference_table(client):
    query = client.table("t").select("name, cities(name)")
    query.or_("id.eq.2,name.eq.Mars").or_("name.eq.X,name.eq.Y", reference_table="cities")
    prepared = query.prepare()
    assert param(prepared, "or") == "(id.eq.2,name.eq.Mars)"
    assert param(prepared, "cities.or") == "(name.eq.X,name.eq.Y)"


def test_not_or(client):
    query = client.table("t").select().not_.or_("a.eq.1,b.eq.2")
    query.not_.or_("c.eq.3", reference_table="ref")
    prepared = query.prepare()
    assert param(prepared, "not.or") == "(a.eq.1,b.eq.2)"
    assert param(prepared, "ref.not.or") == "(c.eq.3)"


def test_raw_filter(client):
    prepared = client.table("t").select().filter("name", "in", '("Mars","Tatooine")').prepare()
    assert param(prepared, "name") == 'in.("Mars","Tatooine")'


def test_raw_filter_rejects_empty_operator(client):
    with pytest.raises(ValueError, match="'name'"):
        client.table("t").select().filter("name", "", "x")


def test_filter_embedded_and_json_columns(client):
    query = client.table("countries").select("name, cities!inner(name)")
    query.eq("cities.name", "Bali").eq("address->postcode", 90210)
    prepared = query.prepare()
    assert param(prepared, "cities.name") == "eq.Bali"
    assert param(prepared, "address->postcode") == "eq.90210"


def test_order_appends_terms(client):
    query = client.table("t").select().order("name", desc=True)
    query.order("id", nullsfirst=True).order("x", nullsfirst=False)
    query.order("name", foreign_table="cities")
    prepared = query.prepare()
    assert param(prepared, "order") == "name.desc,id.asc.nullsfirst,x.asc.nullslast"
    assert param(prepared, "cities.order") == "name.asc"


def test_limit_offset_and_range(client):
    query = client.table("t").select().limit(1).limit(5, foreign_table="cities")
    prepared = query.prepare()
    assert param(prepared, "limit") == "1"
    assert param(prepared, "cities.limit") == "5"

    prepared = client.table("t").select().range(1, 3).range(0, 0, foreign_table="c").prepare()
    assert param(prepared, "offset") == "1"
    assert param(prepared, "limit") == "3"
    assert param(prepared, "c.offset") == "0"
    assert param(prepared, "c.limit") == "1"

    prepared = client.table("t").select().offset(20).prepare()
    assert param(prepared, "offset") == "20"


def test_single_csv_and_explain_accept_headers(client):
    single = client.table("t").select().limit(1).single().prepare()
    assert single.headers["accept"] == "application/vnd.pgrst.object+json"

    csv = client.table("t").select().csv().prepare()
    assert csv.headers["accept"] == "text/csv"

    plan = client.table("t").select().explain(analyze=True, verbose=True, format="json")
    accept = plan.prepare().headers["accept"]
    assert accept == (
        'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose'
    )


def test_maybe_single_sends_plain_request(client):
    prepared = client.table("t").select().eq("id", 1).maybe_single().prepare()
    assert "vnd.pgrst.object" not in prepared.headers.get("accept", "")


def test_max_affected(client):
    prepared = client.table("t").delete().eq("id", 1).max_affected(2).prepare()
    assert prepared.headers["prefer"] == "return=representation,handling=strict,max-affected=2"


def test_rpc_post_body(client):
    prepared = client.rpc("add_planet", {"name": "Vulcan"}).prepare()
    assert prepared.method == "POST"
    assert prepared.url.path == "/rest/v1/rpc/add_planet"
    assert json.loads(prepared.body) == {"name": "Vulcan"}
    assert prepared.headers["content-profile"] == "public"


def test_rpc_without_params_sends_empty_object(client):
    prepared = client.rpc("hello_world").prepare()
    assert prepared.body == b"{}"


def test_rpc_get_and_head_send_query_params(client):
    prepared = client.rpc("f", {"ids": [1, 2], "name": "a b", "flag": True}, get=True).prepare()
    assert prepared.method == "GET"
    assert params(prepared) == [("ids", "{1,2}"), ("name", "a b"), ("flag", "true")]
    assert prepared.body is None

    head = client.rpc("f", {"a": 1}, head=True, count="exact").prepare()
    assert head.method == "HEAD"
    assert head.headers["prefer"] == "count=exact"


def test_rpc_select_filters_and_modifiers(client):
    query = client.rpc("list_stored_planets").select("id, name").eq("id", 1).limit(2).single()
    prepared = query.prepare()
    assert params(prepared) == [("select", "id,name"), ("id", "eq.1"), ("limit", "2")]
    assert prepared.headers["accept"] == "application/vnd.pgrst.object+json"


def test_prepare_does_no_io(client):
    # The client points at a closed port; preparing must not try to connect.
    prepared = client.table("t").select().prepare()
    assert str(prepared.url) == f"{URL}/rest/v1/t?select=*"


def test_create_client_validates_arguments():
    with pytest.raises(ValueError, match="http"):
        create_client("127.0.0.1:54321", KEY)
    with pytest.raises(ValueError, match="supabase_key"):
        create_client(URL, "")


def test_client_repr_hides_key(client):
    assert KEY not in repr(client)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("with space", "with space"),
        ("", '""'),
        (" lead", '" lead"'),
        ("trail ", '"trail "'),
        ("a,b", '"a,b"'),
        ("(x)", '"(x)"'),
        ('q"q', '"q\\"q"'),
        ("back\\slash", '"back\\\\slash"'),
        ("a.b", '"a.b"'),
        ("a:b", '"a:b"'),
        ("null", '"null"'),
        ("Null", '"Null"'),
        ("{a}", '"{a}"'),
        ("50%_*+&#", "50%_*+&#"),
        ("ünï", "ünï"),
        (None, "null"),
        (True, "true"),
        (12, "12"),
        (1.5, '"1.5"'),
    ],
)
def test_quote_value(value, expected):
    assert quote_value(value) == expected


def test_quote_value_exported_from_postgrest_package():
    from supatui.client.postgrest import quote_value as exported

    assert exported is quote_value


def test_range_filter_unbounded_side(client):
    prepared = client.table("t").select().range_lt("r", (None, 10)).prepare()
    assert param(prepared, "r") == "sl.(,10)"
