"""Filter trees sent through supatui.client to the sandbox, checked by the rows that come back."""

from __future__ import annotations

from datetime import date

import pytest

from supatui.app.filters import Condition, FilterTree, Group, apply_filters, validate
from supatui.app.schema import parse_openapi
from supatui.client import create_client

HOSTILE_NAMES = [
    "a,b", "x(y)z", 'say "hi"', "back\\slash", "dot.ted", "co:lon", "ünïcødé ✓", "", "null",
    " pad ", "a+b&c=d#e%f", "*star*", "{brace}",
]

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
async def planets(sandbox, sql):
    """A table ``filters_planets`` with one row per hostile name plus ordinary rows; yields (client, table)."""
    await sql(
        """
        drop table if exists filters_planets;
        create table filters_planets (
            id int primary key,
            name text,
            moons int,
            habitable boolean,
            tags text[],
            orbit int4range,
            meta jsonb,
            found date
        );
        """
    )
    rows = [
        (1, "Earth", 1, True, ["blue", "New York"], "[1,10)", '{"color": "blue", "rank": 3}', "2000-01-01"),
        (2, "Mars", 2, False, ["red"], "[10,20)", '{"color": "red"}', "2001-06-15"),
        (3, "Venus", 0, None, [], "[20,30)", '{"color": "yellow"}', None),
        (4, None, 7, True, None, None, None, None),
    ]
    for index, name in enumerate(HOSTILE_NAMES):
        rows.append((100 + index, name, 100 + index, False, [name], None, None, None))
    await sql.pool.executemany(
        "insert into filters_planets values ($1, $2, $3, $4, $5, $6::text::int4range, $7::text::jsonb, $8::date)",
        [(*row[:7], None if row[7] is None else date.fromisoformat(row[7])) for row in rows],
    )
    await sql("grant all on filters_planets to anon, authenticated, service_role")

    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        document = await client.postgrest.get_openapi(schema="public")
        table = next(t for t in parse_openapi(document, "public") if t.name == "filters_planets")
        yield client, table

    await sql("drop table filters_planets")


async def ids(planets, tree: FilterTree) -> list[int]:
    client, table = planets
    assert validate(tree, table) == []
    query = apply_filters(client.table("filters_planets").select("id"), tree).order("id")
    response = await query.execute()
    return [row["id"] for row in response.data]


def tree_of(*children, op="and", negated=False) -> FilterTree:
    return FilterTree(Group(op=op, negated=negated, children=list(children)))


async def test_or_not_and(planets):
    # (name = Earth OR NOT habitable IS TRUE) AND moons >= 1
    tree = tree_of(
        Group(op="or", children=[
            Condition("name", "eq", "Earth"),
            Condition("habitable", "is", "true", negated=True),
        ]),
        Condition("moons", "gte", "1"),
        Condition("id", "lt", "100"),
    )

    assert await ids(planets, tree) == [1, 2]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_hostile_value_top_level(planets, name):
    expected = [100 + HOSTILE_NAMES.index(name)]

    assert await ids(planets, tree_of(Condition("name", "eq", name))) == expected


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_hostile_value_in_or_group(planets, name):
    expected = [100 + HOSTILE_NAMES.index(name)]
    tree = tree_of(Condition("name", "eq", name), Condition("id", "eq", "-1"), op="or")

    assert await ids(planets, tree) == expected


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_hostile_value_in_list(planets, name):
    expected = [100 + HOSTILE_NAMES.index(name)]

    assert await ids(planets, tree_of(Condition("name", "in", [name, "no such planet"]))) == expected
    nested = tree_of(Condition("name", "in", [name]), Condition("id", "eq", "-1"), op="or")
    assert await ids(planets, nested) == expected


@pytest.mark.parametrize("name", HOSTILE_NAMES)
async def test_hostile_value_in_array_contains(planets, name):
    literal = '{"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"}'
    expected = [100 + HOSTILE_NAMES.index(name)]

    assert await ids(planets, tree_of(Condition("tags", "cs", literal), Condition("id", "gte", "100"))) == expected
    nested = tree_of(Condition("tags", "cs", literal), Condition("id", "eq", "-1"), op="or")
    assert await ids(planets, nested) == expected


async def test_null_versus_string_null(planets):
    assert await ids(planets, tree_of(Condition("name", "is", "null"))) == [4]
    assert await ids(planets, tree_of(Condition("name", "eq", "null"))) == [100 + HOSTILE_NAMES.index("null")]
    not_null = await ids(planets, tree_of(Condition("name", "is", "not_null"), Condition("id", "lt", "100")))
    assert not_null == [1, 2, 3]


async def test_negated_groups(planets):
    not_or = tree_of(
        Group(op="or", negated=True, children=[Condition("id", "gte", "4"), Condition("name", "eq", "Mars")]),
    )
    not_and = tree_of(
        Group(op="and", negated=True, children=[Condition("id", "gte", "2"), Condition("id", "lt", "100")]),
        Condition("id", "lt", "100"),
    )
    not_root = tree_of(Condition("id", "gte", "3"), op="or", negated=True)

    assert await ids(planets, not_or) == [1, 3]
    assert await ids(planets, not_and) == [1]
    assert await ids(planets, not_root) == [1, 2]


async def test_between_and_not_between(planets):
    between = tree_of(Condition("moons", "between", ["1", "2"]))
    outside = tree_of(Condition("moons", "between", ["1", "2"], negated=True), Condition("id", "lt", "100"))

    assert await ids(planets, between) == [1, 2]
    assert await ids(planets, outside) == [3, 4]


async def test_typed_columns(planets):
    cases = [
        (Condition("found", "gte", "2001-01-01"), [2]),
        (Condition("meta->>color", "eq", "red"), [2]),
        (Condition("meta->>color", "ilike", "*L*"), [1, 3]),
        (Condition("meta", "cs", '{"color": "blue"}'), [1]),
        (Condition("tags", "ov", "{red,blue}"), [1, 2]),
        (Condition("tags", "cd", '{blue,"New York",x}'), [1, 3]),
        (Condition("orbit", "cs", "[15,16)"), [2]),
        (Condition("orbit", "sl", "[10,100)"), [1]),
        (Condition("orbit", "adj", "[30,40)"), [3]),
        (Condition("name", "like", "*ars"), [2]),
        (Condition("name", "imatch", "^v"), [3]),
        (Condition("name", "plfts", "venus", config="english"), [3]),
    ]

    for condition, expected in cases:
        found = await ids(planets, tree_of(condition, Condition("id", "lt", "100")))
        assert found == expected, condition
        nested = await ids(planets, tree_of(
            Group(op="or", children=[condition, Condition("id", "eq", "-1")]),
            Condition("id", "lt", "100"),
        ))
        assert nested == expected, ("in or=()", condition)
