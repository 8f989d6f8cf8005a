"""Filter tree model, operator choices, validation and serialization, without a server."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from supatui.app.filters import (
    Condition,
    FilterTree,
    Group,
    apply_filters,
    condition_text,
    operators_for,
    plan_calls,
    preview_url,
    render_client_code,
    validate,
)
from supatui.app.filters._labels import format_list, parse_list
from supatui.app.filters._literals import parse_array_literal, parse_range_literal
from supatui.app.schema import ColumnInfo, TableInfo
from supatui.client import create_client

TABLE = TableInfo(
    name="planets",
    schema="public",
    columns=(
        ColumnInfo("id", "bigint", "integer", primary_key=True),
        ColumnInfo("moons", "integer", "integer"),
        ColumnInfo("mass", "numeric", "number"),
        ColumnInfo("name", "text", "text"),
        ColumnInfo("habitable", "boolean", "boolean"),
        ColumnInfo("found", "date", "datetime"),
        ColumnInfo("seen_at", "timestamp with time zone", "datetime"),
        ColumnInfo("kind", "planet_kind", "enum", enum_values=("rocky", "gas giant", "ice")),
        ColumnInfo("tags", "text[]", "array"),
        ColumnInfo("sizes", "integer[]", "array"),
        ColumnInfo("orbit", "int4range", "range"),
        ColumnInfo("meta", "jsonb", "json"),
        ColumnInfo("body", "tsvector", "tsvector"),
        ColumnInfo("ref", "uuid", "uuid"),
    ),
    writable=True,
)


def tree_of(*children, op="and", negated=False) -> FilterTree:
    return FilterTree(Group(op=op, negated=negated, children=list(children)))


def messages(tree: FilterTree) -> list[str]:
    return [problem.message for problem in validate(tree, TABLE)]


# Model


def test_tree_insert_remove_move():
    tree = FilterTree()
    first = tree.insert((), Condition("name", "eq", "a"))
    group_path = tree.insert(first, Group(op="or"))
    inner = tree.insert(group_path, Condition("moons", "gt", "1"))

    assert first == (0,)
    assert group_path == (1,)
    assert inner == (1, 0)
    assert tree.move((1,), -1) == (0,)
    assert isinstance(tree.root.children[0], Group)
    assert tree.move((0,), -1) == (0,)
    assert tree.remove((0, 0)) == (0,)
    assert tree.root.children[0].children == []


def test_tree_dict_round_trip():
    tree = tree_of(
        Condition("name", "in", ["a", "b,c"], negated=True),
        Group(op="or", negated=True, children=[Condition("body", "fts", "cat", config="english"),
                                               Condition("moons", "is", "null")]),
        Condition("mass", "eq", None),
    )

    data = tree.to_dict()
    restored = FilterTree.from_dict(data)

    assert restored == tree
    assert "value" not in data["children"][2]


def test_from_dict_rejects_bad_group_operator():
    with pytest.raises(ValueError, match="xor"):
        FilterTree.from_dict({"op": "xor", "children": []})


# Operators


@pytest.mark.parametrize(
    ("column", "expected", "absent"),
    [
        ("name", {"eq", "like", "ilike", "match", "imatch", "in", "is", "fts", "wfts"}, {"cs", "between"}),
        ("moons", {"eq", "gt", "lte", "in", "between", "is"}, {"like", "cs"}),
        ("found", {"gte", "between"}, {"ilike"}),
        ("habitable", {"is", "eq"}, {"gt", "like"}),
        ("kind", {"eq", "neq", "in", "is"}, {"like", "gt"}),
        ("tags", {"cs", "cd", "ov"}, {"like", "sl"}),
        ("orbit", {"cs", "cd", "ov", "sl", "sr", "nxl", "nxr", "adj"}, {"like"}),
        ("meta", {"cs", "cd", "is"}, {"like"}),
        ("body", {"fts", "plfts", "phfts", "wfts"}, {"eq"}),
    ],
)
def test_operators_fit_column_kind(column, expected, absent):
    operators = {spec.operator for spec in operators_for(TABLE.column(column))}

    assert expected <= operators
    assert not operators & absent


def test_json_path_gets_text_operators():
    meta = TABLE.column("meta")

    assert "ilike" in {spec.operator for spec in operators_for(meta, "->>color")}
    assert "ilike" not in {spec.operator for spec in operators_for(meta, "->color")}


# Validation


def test_validate_integer_names_column_and_value():
    problems = validate(tree_of(Condition("moons", "eq", "abc")), TABLE)

    assert len(problems) == 1
    assert problems[0].path == (0,)
    assert '"moons"' in problems[0].message
    assert '"abc"' in problems[0].message
    assert "integer" in problems[0].message


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        (Condition("moons", "eq", "99999999999"), "fits in integer"),
        (Condition("mass", "gt", "heavy"), "a number"),
        (Condition("found", "eq", "2024-13-01"), "ISO 8601 date"),
        (Condition("seen_at", "lt", "yesterday-ish"), "ISO 8601 timestamp"),
        (Condition("habitable", "eq", "maybe"), "true or false"),
        (Condition("ref", "eq", "not-a-uuid"), "UUID"),
        (Condition("kind", "eq", "lava"), "one of rocky, gas giant, ice"),
        (Condition("kind", "in", ["rocky", "lava"]), "one of"),
        (Condition("meta", "cs", "{color: red}"), "JSON"),
        (Condition("meta", "cs", "42"), "JSON object or array"),
        (Condition("tags", "cs", "a,b"), "array literal"),
        (Condition("tags", "cs", '{"a,b}'), "array literal"),
        (Condition("sizes", "ov", "{1,x}"), "integer"),
        (Condition("orbit", "sl", "1,10"), "range literal"),
        (Condition("orbit", "adj", "[1,x)"), "integer"),
        (Condition("orbit", "cs", "x"), "range literal"),
        (Condition("body", "fts", "cat", config="english'"), "configuration"),
        (Condition("meta->>>color", "eq", "red"), "JSON path"),
        (Condition("name->>x", "eq", "red"), "no JSON path"),
        (Condition("planet", "eq", "x"), "does not exist"),
        (Condition("habitable", "like", "x"), "does not apply"),
        (Condition("moons", "eq", None), "has no value"),
        (Condition("moons", "eq", ""), "has no value"),
        (Condition("moons", "in", []), "has no values"),
        (Condition("moons", "between", ["1", ""]), "lower and an upper bound"),
        (Condition("tags", "cs", ""), "has no value"),
    ],
)
def test_validate_rejects_bad_value(condition, fragment):
    found = messages(tree_of(condition))

    assert len(found) == 1, found
    assert fragment in found[0]


@pytest.mark.parametrize(
    "condition",
    [
        Condition("moons", "eq", "-3"),
        Condition("mass", "gte", "1.5e3"),
        Condition("found", "eq", "2024-05-01"),
        Condition("seen_at", "lt", "2024-05-01T10:00:00+02:00"),
        Condition("seen_at", "lt", "now"),
        Condition("habitable", "is", "true"),
        Condition("habitable", "eq", "false"),
        Condition("ref", "eq", "123e4567-e89b-12d3-a456-426614174000"),
        Condition("kind", "eq", "gas giant"),
        Condition("name", "eq", ""),
        Condition("name", "eq", "null"),
        Condition("name", "is", "not_null"),
        Condition("meta", "cs", '{"color": "red"}'),
        Condition("meta->>color", "ilike", "*re*"),
        Condition("meta->a->>b", "eq", "x"),
        Condition("tags", "cs", '{"New York","a\\"b",plain}'),
        Condition("sizes", "cd", "{1, 2, 3}"),
        Condition("orbit", "ov", "[1,10)"),
        Condition("orbit", "cs", "[5,6)"),
        Condition("orbit", "sl", "(,0]"),
        Condition("body", "wfts", "fat or cat", config="english"),
        Condition("name", "plfts", "fat cat"),
        Condition("moons", "between", ["1", "5"]),
    ],
)
def test_validate_accepts_good_value(condition):
    assert messages(tree_of(condition)) == []


def test_validate_reports_empty_nested_group():
    problems = validate(tree_of(Group(op="or")), TABLE)

    assert [problem.path for problem in problems] == [(0,)]
    assert "OR group at 1 is empty" in problems[0].message


def test_empty_tree_is_valid():
    assert validate(FilterTree(), TABLE) == []


# Literal parsers and the in-list text format


def test_parse_array_literal():
    assert parse_array_literal('{a, "b c","x\\"y",NULL,{1,2}}') == ["a", "b c", 'x"y', None, "1", "2"]
    assert parse_array_literal("{}") == []
    with pytest.raises(ValueError, match="closing"):
        parse_array_literal("{a,b")


def test_parse_range_literal():
    assert parse_range_literal("[1,10)") == ("1", "10")
    assert parse_range_literal("(,5]") == (None, "5")
    assert parse_range_literal('["a,b",c]') == ("a,b", "c")
    assert parse_range_literal("empty") is None
    with pytest.raises(ValueError, match="two bounds"):
        parse_range_literal("[1,2,3]")


@pytest.mark.parametrize("values", [["a", "b"], ["x,y", 'say "hi"', " padded "], ["", "a"], []])
def test_list_text_round_trip(values):
    assert parse_list(format_list(values)) == values


# Serialization


def test_condition_text_quotes_hostile_values():
    assert condition_text(Condition("name", "eq", 'a,b)"c\\')) == 'name.eq."a,b)\\"c\\\\"'
    assert condition_text(Condition("name", "eq", "null")) == 'name.eq."null"'
    assert condition_text(Condition("name", "eq", "")) == 'name.eq.""'
    assert condition_text(Condition("name", "in", ["a.b", "c"], negated=True)) == 'name.not.in.("a.b",c)'
    assert condition_text(Condition("name", "is", "not_null")) == "name.not.is.null"
    assert condition_text(Condition("name", "is", "not_null", negated=True)) == "name.is.null"
    assert condition_text(Condition("body", "fts", "fat & cat", config="english")) == "body.fts(english).fat & cat"
    assert condition_text(Condition("moons", "between", ["1", "5"], negated=True)) == \
        "not.and(moons.gte.1,moons.lte.5)"


def test_plan_top_level_and_or_not():
    tree = tree_of(
        Group(op="or", children=[Condition("moons", "eq", "1"), Condition("name", "eq", "b", negated=True)]),
        Condition("habitable", "is", "true"),
        Group(op="or", negated=True, children=[Condition("id", "lt", "3"), Condition("id", "gt", "9")]),
        Group(op="and", negated=True, children=[Condition("id", "eq", "1"), Condition("name", "eq", "x")]),
        Group(op="and", children=[Condition("mass", "lt", "2")]),
    )

    calls = [(call.method, call.args, call.negated) for call in plan_calls(tree)]

    assert calls == [
        ("or_", ("moons.eq.1,name.not.eq.b",), False),
        ("is_", ("habitable", True), False),
        ("or_", ("id.lt.3,id.gt.9",), True),
        ("or_", ("not.and(id.eq.1,name.eq.x)",), False),
        ("lt", ("mass", "2"), False),
    ]


def test_plan_root_or_and_negated_root():
    or_root = tree_of(Condition("id", "eq", "1"), Condition("id", "eq", "2"), op="or")
    not_and_root = tree_of(Condition("id", "eq", "1"), Condition("id", "eq", "2"), negated=True)

    assert [(c.method, c.args) for c in plan_calls(or_root)] == [("or_", ("id.eq.1,id.eq.2",))]
    assert [(c.method, c.args) for c in plan_calls(not_and_root)] == [("or_", ("not.and(id.eq.1,id.eq.2)",))]
    assert plan_calls(FilterTree()) == []


async def test_apply_filters_params_match_preview():
    tree = tree_of(
        Group(op="or", negated=True, children=[Condition("name", "eq", "a,b"), Condition("moons", "is", "null")]),
        Condition("name", "eq", "x&y=z+1 #%"),
        Condition("moons", "in", ["1", "2"], negated=True),
        Condition("tags", "cs", "{a,b}"),
        Condition("name", "match", "^A.*$"),
        Condition("body", "wfts", "fat cat", config="english"),
        Condition("moons", "between", ["1", "5"]),
    )

    async with create_client("http://127.0.0.1:9", "anon-key") as client:
        query = apply_filters(client.table("planets").select("*"), tree)
        url = query.prepare().url
        full = preview_url(TABLE, tree, client)

    params = parse_qsl(urlsplit(str(url)).query, keep_blank_values=True)
    assert ("not.or", '(name.eq."a,b",moons.is.null)') in params
    assert ("name", "eq.x&y=z+1 #%") in params
    assert ("moons", "not.in.(1,2)") in params
    assert ("tags", "cs.{a,b}") in params
    assert ("name", "match.^A.*$") in params
    assert ("body", "wfts(english).fat cat") in params
    assert ("moons", "gte.1") in params
    assert ("moons", "lte.5") in params
    assert full == str(url)
    assert preview_url(TABLE, tree).startswith("/rest/v1/planets?select=*&not.or=")


def test_render_client_code():
    tree = tree_of(
        Group(op="or", children=[Condition("moons", "eq", "1"), Condition("name", "eq", "b", negated=True)]),
        Condition("moons", "eq", "3"),
        Condition("name", "ilike", 'say "hi"'),
        Condition("habitable", "is", "not_null"),
        Condition("kind", "in", ["rocky", "ice"]),
    )

    code = render_client_code(TABLE, tree, order=[("id", True)], limit=10)

    assert code == (
        "response = await (\n"
        '    client.table("planets")\n'
        '    .select("*")\n'
        '    .or_("moons.eq.1,name.not.eq.b")\n'
        '    .eq("moons", 3)\n'
        '    .ilike("name", "say \\"hi\\"")\n'
        '    .not_.is_("habitable", None)\n'
        '    .in_("kind", ["rocky", "ice"])\n'
        '    .order("id", desc=True)\n'
        "    .limit(10)\n"
        "    .execute()\n"
        ")"
    )


def test_render_client_code_other_schema():
    table = TableInfo("events", "analytics", (ColumnInfo("id", "bigint", "integer"),), True)

    code = render_client_code(table, FilterTree())

    assert 'client.schema("analytics").table("events")' in code
