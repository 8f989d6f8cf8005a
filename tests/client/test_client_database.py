"""Every Database example of the Supabase Python reference, run against the sandbox."""

from __future__ import annotations

import pytest

from supatui.client import APIError

pytestmark = pytest.mark.usefixtures("db")


def names(rows: list[dict]) -> list[str]:
    return sorted(row["name"] for row in rows)


# Fetch data


async def test_select_all(client):
    response = await client.table("cl_planets").select("*").execute()
    assert response.data == [
        {"id": 1, "name": "Mercury"},
        {"id": 2, "name": "Earth"},
        {"id": 3, "name": "Mars"},
    ]
    assert response.count is None


async def test_select_specific_columns(client):
    response = await client.table("cl_planets").select("name").execute()
    assert response.data == [{"name": "Mercury"}, {"name": "Earth"}, {"name": "Mars"}]


async def test_select_referenced_table(client):
    query = client.table("cl_orchestral_sections").select("name, cl_instruments(name)")
    data = (await query.order("id").execute()).data
    assert data[0]["name"] == "strings"
    assert names(data[0]["cl_instruments"]) == ["harp", "violin"]
    assert names(data[1]["cl_instruments"]) == ["flute", "oboe"]


async def test_select_through_join_table(client):
    response = await client.table("cl_users").select("name, cl_teams(name)").order("id").execute()
    assert response.data[0]["name"] == "Kiran"
    assert names(response.data[0]["cl_teams"]) == ["Blue", "Green"]
    assert names(response.data[1]["cl_teams"]) == ["Blue"]


async def test_select_same_table_twice(client):
    response = await (
        client.table("cl_messages")
        .select("content, from:sender_id(name), to:receiver_id(name)")
        .order("id")
        .execute()
    )
    assert response.data[0] == {
        "content": "Hello",
        "from": {"name": "Kiran"},
        "to": {"name": "Evan"},
    }


async def test_filter_through_referenced_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments(name)")
        .eq("cl_instruments.name", "flute")
        .order("id")
        .execute()
    )
    assert response.data == [
        {"name": "strings", "cl_instruments": []},
        {"name": "woodwinds", "cl_instruments": [{"name": "flute"}]},
    ]


async def test_referenced_table_count(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("*, cl_instruments(count)")
        .order("id")
        .execute()
    )
    assert response.data[0]["cl_instruments"] == [{"count": 2}]


async def test_select_with_count(client):
    response = await client.table("cl_planets").select("*", count="exact").execute()
    assert response.count == 3
    assert len(response.data) == 3


async def test_select_head_returns_count_only(client):
    response = await client.table("cl_planets").select("*", count="exact", head=True).execute()
    assert response.count == 3
    assert response.data == []


async def test_select_json_path(client):
    response = (
        await client.table("cl_users").select("id, name, address->city").order("id").execute()
    )
    assert response.data[0] == {"id": 1, "name": "Kiran", "city": "Sacramento"}


async def test_select_inner_join(client):
    response = await (
        client.table("cl_instruments")
        .select("name, cl_orchestral_sections!inner(name)")
        .eq("cl_orchestral_sections.name", "woodwinds")
        .order("id")
        .execute()
    )
    assert names(response.data) == ["flute", "oboe"]
    assert response.data[0]["cl_orchestral_sections"] == {"name": "woodwinds"}


async def test_switch_schema_per_query(client):
    response = (
        await client.schema("public").table("cl_planets").select("name").eq("id", 2).execute()
    )
    assert response.data == [{"name": "Earth"}]


async def test_unexposed_schema_raises(client):
    with pytest.raises(APIError) as caught:
        await client.schema("cl_not_exposed").table("cl_planets").select("*").execute()
    assert caught.value.code == "PGRST106"
    assert caught.value.status == 406


# Insert, update, upsert, delete


async def test_insert_one(client):
    response = await client.table("cl_planets").insert({"id": 4, "name": "Pluto"}).execute()
    assert response.data == [{"id": 4, "name": "Pluto"}]
    assert response.status_code == 201


async def test_insert_bulk(client):
    rows = [{"id": 5, "name": "Venus"}, {"id": 6, "name": "Jupiter"}]
    response = await client.table("cl_planets").insert(rows, count="exact").execute()
    assert response.data == rows
    assert response.count == 2


async def test_insert_minimal_returns_no_rows(client):
    response = await (
        client.table("cl_planets")
        .insert({"id": 7, "name": "Saturn"}, returning="minimal")
        .execute()
    )
    assert response.data == []
    stored = await client.table("cl_planets").select("name").eq("id", 7).execute()
    assert stored.data == [{"name": "Saturn"}]


async def test_bulk_insert_missing_default(client):
    rows = [{"handle": "ann"}, {"handle": "bob", "level": 5}]
    response = await client.table("cl_handles").insert(rows, default_to_null=False).execute()
    levels = {row["handle"]: row["level"] for row in response.data}
    assert levels == {"ann": 1, "bob": 5}


async def test_bulk_insert_missing_null(client):
    rows = [{"handle": "cat"}, {"handle": "dan", "level": 5}]
    response = await client.table("cl_handles").insert(rows).execute()
    levels = {row["handle"]: row["level"] for row in response.data}
    assert levels == {"cat": None, "dan": 5}


async def test_insert_duplicate_raises_conflict(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_planets").insert({"id": 1, "name": "Again"}).execute()
    assert caught.value.code == "23505"
    assert caught.value.status == 409
    assert "cl_planets_pkey" in caught.value.message
    assert "(id)=(1)" in caught.value.details


async def test_update(client):
    response = await client.table("cl_instruments").update({"name": "piano"}).eq("id", 1).execute()
    assert response.data == [{"id": 1, "name": "piano", "section_id": 1}]


async def test_update_json(client):
    response = await (
        client.table("cl_users")
        .update({"address": {"street": "Melrose Place", "postcode": 90210}})
        .eq("address->postcode", 90210)
        .execute()
    )
    assert [row["id"] for row in response.data] == [2]
    assert response.data[0]["address"] == {"street": "Melrose Place", "postcode": 90210}


async def test_update_with_count_and_no_match(client):
    response = await (
        client.table("cl_planets").update({"name": "X"}, count="exact").eq("id", 99).execute()
    )
    assert response.data == []
    assert response.count == 0


async def test_upsert(client):
    response = await client.table("cl_instruments").upsert({"id": 1, "name": "piano"}).execute()
    assert response.data == [{"id": 1, "name": "piano", "section_id": 1}]


async def test_upsert_bulk(client):
    rows = [{"id": 1, "name": "piano", "section_id": 1}, {"id": 9, "name": "harp", "section_id": 1}]
    response = await client.table("cl_instruments").upsert(rows).execute()
    assert response.data == rows
    total = await client.table("cl_instruments").select("*", count="exact", head=True).execute()
    assert total.count == 5


async def test_upsert_on_conflict_constraint(client):
    response = await (
        client.table("cl_handles")
        .upsert({"handle": "saoirse", "display_name": "Saoirse B."}, on_conflict="handle")
        .execute()
    )
    assert response.data[0]["id"] == 1
    assert response.data[0]["display_name"] == "Saoirse B."


async def test_upsert_ignore_duplicates(client):
    rows = [{"id": 1, "name": "Not Mercury"}, {"id": 8, "name": "Neptune"}]
    response = await client.table("cl_planets").upsert(rows, ignore_duplicates=True).execute()
    assert response.data == [{"id": 8, "name": "Neptune"}]
    mercury = await client.table("cl_planets").select("name").eq("id", 1).execute()
    assert mercury.data == [{"name": "Mercury"}]


async def test_delete(client):
    await client.table("cl_cities").delete().eq("country_id", 3).execute()
    response = await client.table("cl_countries").delete().eq("id", 3).execute()
    assert response.data == [{"id": 3, "name": "Chile"}]
    remaining = await client.table("cl_countries").select("id", count="exact", head=True).execute()
    assert remaining.count == 2


async def test_delete_many_with_count(client):
    await client.table("cl_cities").delete().neq("id", 0).execute()
    response = (
        await client.table("cl_countries").delete(count="exact").in_("id", [1, 2, 3]).execute()
    )
    assert response.count == 3
    assert names(response.data) == ["Chile", "Indonesia", "United States"]


# Call a Postgres function


async def test_rpc_without_arguments(client):
    response = await client.rpc("cl_hello_world").execute()
    assert response.data == "Hello world"


async def test_rpc_with_arguments(client):
    response = await client.rpc("cl_echo", {"say": '👋, (hi) "there"'}).execute()
    assert response.data == '👋, (hi) "there"'


async def test_rpc_bulk_processing(client):
    response = await client.rpc("cl_add_one_each", {"arr": [1, 2, 3]}).execute()
    assert response.data == [2, 3, 4]


async def test_rpc_with_filters(client):
    response = await client.rpc("cl_list_stored_planets").eq("id", 1).single().execute()
    assert response.data == {"id": 1, "name": "Mercury"}


async def test_rpc_select_order_and_count(client):
    response = (
        await (
            client.rpc("cl_list_stored_planets", count="exact")
            .select("name")
            .order("id", desc=True)
        )
        .limit(2)
        .execute()
    )
    assert response.data == [{"name": "Mars"}, {"name": "Earth"}]
    assert response.count == 3


async def test_rpc_read_only_get(client):
    response = await client.rpc("cl_planet_count", {"min_id": 2}, get=True).execute()
    assert response.data == 2


async def test_rpc_head_returns_count(client):
    response = await client.rpc("cl_list_stored_planets", count="exact", head=True).execute()
    assert response.count == 3
    assert response.data == []


async def test_rpc_unknown_function(client):
    with pytest.raises(APIError) as caught:
        await client.rpc("cl_no_such_function").execute()
    assert caught.value.code == "PGRST202"
    assert caught.value.status == 404


# Filters


async def test_filter_before_select_fails(client):
    with pytest.raises(AttributeError):
        client.table("cl_instruments").eq("name", "flute")


async def test_filter_eq_on_selected_columns(client):
    response = await (
        client.table("cl_instruments").select("name, section_id").eq("name", "flute").execute()
    )
    assert response.data == [{"name": "flute", "section_id": 2}]


async def test_filter_chaining(client):
    response = await (
        client.table("cl_cities")
        .select("name, country_id")
        .gte("population", 1000)
        .lt("population", 10000)
    ).execute()
    assert names(response.data) == ["Bali", "Ubud"]


async def test_filter_conditional_chaining(client):
    filter_by_name = None
    filter_population_low = 1000
    filter_population_high = 5000

    query = client.table("cl_cities").select("name, country_id")
    if filter_by_name:
        query = query.eq("name", filter_by_name)
    if filter_population_low:
        query = query.gte("population", filter_population_low)
    if filter_population_high:
        query = query.lt("population", filter_population_high)

    response = await query.execute()
    assert names(response.data) == ["Bali"]


async def test_filter_json_column(client):
    response = (
        await client.table("cl_users").select("name").eq("address->postcode", 90210).execute()
    )
    assert response.data == [{"name": "Evan"}]


async def test_filter_referenced_inner(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments!inner(name)")
        .eq("cl_instruments.name", "flute")
        .execute()
    )
    assert response.data == [{"name": "woodwinds", "cl_instruments": [{"name": "flute"}]}]


@pytest.mark.parametrize(
    ("method", "value", "expected"),
    [
        ("eq", "Earth", ["Earth"]),
        ("neq", "Earth", ["Mars", "Mercury"]),
        ("gt", 2, ["Mars"]),
        ("gte", 2, ["Earth", "Mars"]),
        ("lt", 2, ["Mercury"]),
        ("lte", 2, ["Earth", "Mercury"]),
    ],
)
async def test_comparison_filter(client, method, value, expected):
    column = "name" if isinstance(value, str) else "id"
    query = client.table("cl_planets").select("*")
    response = await getattr(query, method)(column, value).execute()
    assert names(response.data) == expected


async def test_like(client):
    response = await client.table("cl_planets").select("*").like("name", "%Ea%").execute()
    assert names(response.data) == ["Earth"]


async def test_ilike(client):
    response = await client.table("cl_planets").select("*").ilike("name", "%ea%").execute()
    assert names(response.data) == ["Earth"]


async def test_like_any_and_all_of(client):
    any_of = (
        await client.table("cl_planets").select("name").like_any_of("name", "Ma%,%cury").execute()
    )
    all_of = await client.table("cl_planets").select("name").ilike_all_of("name", "m%,%s").execute()
    assert names(any_of.data) == ["Mars", "Mercury"]
    assert names(all_of.data) == ["Mars"]


async def test_is_null(client, sql):
    await sql("insert into cl_planets (id, name) values (10, null), (11, 'null')", reload=False)
    response = await client.table("cl_planets").select("*").is_("name", "null").execute()
    assert response.data == [{"id": 10, "name": None}]

    response = await client.table("cl_planets").select("*").is_("name", None).execute()
    assert response.data == [{"id": 10, "name": None}]


async def test_in(client):
    response = await client.table("cl_planets").select("*").in_("name", ["Earth", "Mars"]).execute()
    assert names(response.data) == ["Earth", "Mars"]


async def test_contains_array(client):
    response = await (
        client.table("cl_issues")
        .select("*")
        .contains("tags", ["is:open", "priority:low"])
        .execute()
    )
    assert [row["id"] for row in response.data] == [1]


async def test_contains_range(client):
    response = await (
        client.table("cl_reservations")
        .select("*")
        .contains("during", "[2000-01-01 13:00, 2000-01-01 13:30)")
        .execute()
    )
    assert [row["id"] for row in response.data] == [1]


async def test_contains_jsonb(client):
    query = client.table("cl_users").select("name").contains("address", {"postcode": 90210})
    response = await query.execute()
    assert response.data == [{"name": "Evan"}]


async def test_contained_by_array(client):
    response = await (
        client.table("cl_classes")
        .select("name")
        .contained_by("days", ["monday", "tuesday", "wednesday", "friday"])
        .execute()
    )
    assert response.data == [{"name": "Chemistry"}]


async def test_contained_by_range(client):
    response = await (
        client.table("cl_reservations")
        .select("*")
        .contained_by("during", "[2000-01-01 00:00, 2000-01-01 23:59)")
        .execute()
    )
    assert [row["id"] for row in response.data] == [1]


async def test_contained_by_jsonb(client):
    response = await (
        client.table("cl_users")
        .select("name")
        .contained_by("address", {"city": "Sacramento", "postcode": 95814, "extra": 1})
        .execute()
    )
    assert response.data == [{"name": "Kiran"}]


@pytest.mark.parametrize(
    ("method", "bounds", "expected"),
    [
        ("range_gt", ["2000-01-02 08:00", "2000-01-02 09:00"], [2]),
        ("range_gte", ["2000-01-02 08:30", "2000-01-02 09:30"], [2]),
        ("range_lt", ["2000-01-01 15:00", "2000-01-01 16:00"], [1]),
        ("range_lte", ["2000-01-01 14:00", "2000-01-01 16:00"], [1]),
        ("range_adjacent", ["2000-01-01 12:00", "2000-01-01 13:00"], [1]),
    ],
)
async def test_range_filter(client, method, bounds, expected):
    query = client.table("cl_reservations").select("*")
    response = await getattr(query, method)("during", bounds).execute()
    assert [row["id"] for row in response.data] == expected


async def test_overlaps_array(client):
    response = (
        await (
            client.table("cl_issues")
            .select("title")
            .overlaps("tags", ["is:closed", "severity:high"])
        )
        .order("id")
        .execute()
    )
    assert [row["title"] for row in response.data] == [
        "Cache invalidation is not working",
        "Add docs",
    ]


async def test_overlaps_range(client):
    response = await (
        client.table("cl_reservations")
        .select("*")
        .overlaps("during", "[2000-01-01 12:45, 2000-01-01 13:15)")
        .execute()
    )
    assert [row["id"] for row in response.data] == [1]


@pytest.mark.parametrize(
    ("query", "options", "expected"),
    [
        ("'eggs' & 'ham'", {"config": "english"}, [3]),
        ("The Fat Cats", {"type": "plain", "config": "english"}, [4]),
        ("Green eggs", {"type": "phrase", "config": "english"}, [3]),
        ("'seven' -'eggs'", {"type": "websearch", "config": "english"}, [1]),
    ],
)
async def test_text_search(client, query, options, expected):
    response = await (
        client.table("cl_texts").select("id").text_search("content", query, options=options)
    ).execute()
    assert [row["id"] for row in response.data] == expected


async def test_match(client):
    response = (
        await client.table("cl_planets").select("*").match({"id": 2, "name": "Earth"}).execute()
    )
    assert response.data == [{"id": 2, "name": "Earth"}]


async def test_not_is_null(client, sql):
    await sql("insert into cl_planets (id, name) values (10, null)", reload=False)
    response = await client.table("cl_planets").select("*").not_.is_("name", "null").execute()
    assert names(response.data) == ["Earth", "Mars", "Mercury"]


async def test_not_raw_in_and_contains(client):
    response = await client.table("cl_planets").select("name").not_.in_("id", [1, 3]).execute()
    assert names(response.data) == ["Earth"]

    response = await (
        client.table("cl_issues").select("id").not_.contains("tags", '{"is:open"}').execute()
    )
    assert [row["id"] for row in response.data] == [3]


async def test_or(client):
    response = await client.table("cl_planets").select("name").or_("id.eq.2,name.eq.Mars").execute()
    assert names(response.data) == ["Earth", "Mars"]


async def test_or_with_and(client):
    response = await (
        client.table("cl_instruments").select("name").or_("id.gt.3,and(id.eq.1,name.eq.harp)")
    ).execute()
    assert names(response.data) == ["harp", "oboe"]


async def test_or_on_referenced_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments(name)")
        .or_("name.eq.flute,name.eq.violin", reference_table="cl_instruments")
        .order("id")
        .execute()
    )
    assert response.data == [
        {"name": "strings", "cl_instruments": [{"name": "violin"}]},
        {"name": "woodwinds", "cl_instruments": [{"name": "flute"}]},
    ]


async def test_raw_filter(client):
    response = await (
        client.table("cl_planets").select("*").filter("name", "in", '("Mars","Tatooine")').execute()
    )
    assert names(response.data) == ["Mars"]


async def test_raw_filter_on_foreign_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments!inner(name)")
        .filter("cl_instruments.name", "eq", "flute")
        .execute()
    )
    assert response.data == [{"name": "woodwinds", "cl_instruments": [{"name": "flute"}]}]


# Modifiers


async def test_order(client):
    response = await client.table("cl_planets").select("*").order("name", desc=True).execute()
    assert [row["name"] for row in response.data] == ["Mercury", "Mars", "Earth"]


async def test_order_nulls(client, sql):
    await sql("insert into cl_planets (id, name) values (10, null)", reload=False)
    first = await client.table("cl_planets").select("id").order("name", nullsfirst=True).execute()
    last = await (
        client.table("cl_planets").select("id").order("name", desc=True, nullsfirst=False).execute()
    )
    assert first.data[0] == {"id": 10}
    assert last.data[-1] == {"id": 10}


async def test_order_foreign_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments(name)")
        .order("name", desc=True, foreign_table="cl_instruments")
        .order("id")
        .execute()
    )
    assert response.data[0]["cl_instruments"] == [{"name": "violin"}, {"name": "harp"}]


async def test_order_parent_by_referenced_table(client):
    response = await (
        client.table("cl_instruments")
        .select("name, section:cl_orchestral_sections(name)")
        .order("section(name)", desc=True)
        .order("name")
        .execute()
    )
    assert [row["name"] for row in response.data] == ["flute", "oboe", "harp", "violin"]


async def test_limit(client):
    response = await client.table("cl_planets").select("name").order("id").limit(1).execute()
    assert response.data == [{"name": "Mercury"}]


async def test_limit_foreign_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments(name)")
        .order("id")
        .limit(1, foreign_table="cl_instruments")
        .execute()
    )
    assert all(len(row["cl_instruments"]) == 1 for row in response.data)


async def test_range(client):
    response = await client.table("cl_planets").select("name").order("id").range(0, 1).execute()
    assert response.data == [{"name": "Mercury"}, {"name": "Earth"}]

    query = client.table("cl_planets").select("name", count="exact").order("id").range(1, 3)
    page = await query.execute()
    assert page.data == [{"name": "Earth"}, {"name": "Mars"}]
    assert page.count == 3


async def test_range_foreign_table(client):
    response = await (
        client.table("cl_orchestral_sections")
        .select("name, cl_instruments(name)")
        .order("id")
        .order("name", foreign_table="cl_instruments")
        .range(1, 1, foreign_table="cl_instruments")
        .execute()
    )
    assert response.data[0]["cl_instruments"] == [{"name": "violin"}]


async def test_range_past_end_raises(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_planets").select("*", count="exact").range(10, 20).execute()
    assert caught.value.code == "PGRST103"
    assert caught.value.status == 416


async def test_single(client):
    response = (
        await client.table("cl_planets").select("name").order("id").limit(1).single().execute()
    )
    assert response.data == {"name": "Mercury"}


async def test_single_many_rows_raises(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_planets").select("name").single().execute()
    assert caught.value.code == "PGRST116"
    assert caught.value.status == 406


async def test_maybe_single(client):
    found = (
        await client.table("cl_planets").select("*").eq("name", "Earth").maybe_single().execute()
    )
    missing = (
        await client.table("cl_planets").select("*").eq("name", "Vulcan").maybe_single().execute()
    )
    assert found.data == {"id": 2, "name": "Earth"}
    assert missing.data is None


async def test_maybe_single_many_raises(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_planets").select("*").maybe_single().execute()
    assert caught.value.code == "PGRST116"


async def test_csv(client):
    response = await client.table("cl_planets").select("*").order("id").csv().execute()
    assert response.data.splitlines() == ["id,name", "1,Mercury", "2,Earth", "3,Mars"]


async def test_explain(client):
    # Plans are disabled by default on Supabase; the sandbox may serve or reject them.
    try:
        response = await client.table("cl_planets").select("*").explain().execute()
    except APIError as error:
        assert error.status in (400, 406)
    else:
        assert isinstance(response.data, str)
        assert "cl_planets" in response.data


# Errors


async def test_unknown_column_raises(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_planets").select("nope").execute()
    assert caught.value.code == "42703"
    assert caught.value.status == 400


async def test_unknown_table_raises(client):
    with pytest.raises(APIError) as caught:
        await client.table("cl_missing_table").select("*").execute()
    assert caught.value.status == 404
    assert caught.value.code in ("PGRST205", "42P01")


# Schema discovery


async def test_get_openapi_lists_tables(client):
    document = await client.postgrest.get_openapi()
    assert document["swagger"] == "2.0"
    assert "cl_planets" in document["definitions"]
    assert "/cl_planets" in document["paths"]
    assert "/rpc/cl_echo" in document["paths"]


async def test_get_openapi_rejects_anon_key(sandbox):
    from supatui.client import create_client

    async with create_client(sandbox.api_url, sandbox.anon_key) as anon:
        with pytest.raises(APIError) as caught:
            await anon.postgrest.get_openapi()
    assert caught.value.status in (401, 403)


async def test_list_schemas_includes_public(client):
    schemas = await client.postgrest.list_schemas()
    assert "public" in schemas
    assert "cl_not_exposed" not in schemas
