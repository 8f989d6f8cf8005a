"""Query-string parsing: select grammar, the quoting rules of in-lists and logic trees, order, Prefer."""

from __future__ import annotations

import pytest

from supatui.sandbox.rest.errors import ApiError
from supatui.sandbox.rest.parser import (
    ColumnItem,
    Condition,
    EmbedItem,
    Field,
    LogicTree,
    StarItem,
    parse_condition_value,
    parse_in_list,
    parse_logic_tree,
    parse_order,
    parse_prefer,
    parse_select,
)
from supatui.sandbox.rest.sql import render_cast_type


def test_select_items() -> None:
    items = parse_select('*,heading:title,id::text,w:meta->dims->0,"my,col",x:rel!fk!inner(a,b),...p(c)')

    assert items[0] == StarItem()
    assert items[1] == ColumnItem(Field("title"), alias="heading")
    assert items[2] == ColumnItem(Field("id"), cast="text")
    assert items[3] == ColumnItem(Field("meta", (("->", "dims"), ("->", "0"))), alias="w")
    assert items[3].output_name == "w"
    assert items[4] == ColumnItem(Field("my,col"))
    assert isinstance(items[5], EmbedItem)
    assert (items[5].relation, items[5].alias, items[5].hints, items[5].join) == ("rel", "x", ["fk"], "inner")
    assert items[6].spread and items[6].relation == "p"


def test_json_path_output_name_skips_indexes() -> None:
    assert parse_select("meta->dims->0")[0].output_name == "dims"
    assert parse_select("meta->>color")[0].output_name == "color"
    assert parse_select("arr->0")[0].output_name == "arr"


@pytest.mark.parametrize("text", ["id,(", "a(", '"open', "a:", "x!(", "id::"])
def test_select_syntax_errors(text: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_select(text)
    assert caught.value.code == "PGRST100"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(1,2,3)", ["1", "2", "3"]),
        ("()", []),
        ('("Doe, Jane","say \\"hi\\"","C:\\\\tmp",plain)', ["Doe, Jane", 'say "hi"', "C:\\tmp", "plain"]),
        ('("",x)', ["", "x"]),
        ('("a\\b")', ["ab"]),
        ("( spaced ,x)", [" spaced ", "x"]),
    ],
)
def test_in_list_quoting(text: str, expected: list[str]) -> None:
    assert parse_in_list(text, text) == expected


@pytest.mark.parametrize("text", ['("a"b)', "(a,b", '("open)', "1,2"])
def test_in_list_errors(text: str) -> None:
    with pytest.raises(ApiError):
        parse_in_list(text, text)


def test_top_level_value_is_verbatim() -> None:
    condition = parse_condition_value(Field("a"), 'eq."x",(y).z:w')

    assert condition.value == '"x",(y).z:w'


def test_operator_modifiers() -> None:
    fts = parse_condition_value(Field("body"), "not.fts(english).fat & cat")
    quantified = parse_condition_value(Field("name"), "like(any).{A*,B*}")

    assert (fts.operator, fts.modifier, fts.negated, fts.value) == ("fts", "english", True, "fat & cat")
    assert (quantified.modifier, quantified.value) == ("any", "{A*,B*}")


@pytest.mark.parametrize("text", ["foo.1", "eq", "neq(any).1", "in.1,2", "is.maybe", "eq(some).1"])
def test_condition_errors(text: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_condition_value(Field("a"), text)
    assert caught.value.code == "PGRST100"


def test_logic_tree_values_and_nesting() -> None:
    tree = parse_logic_tree("or", False, '(email.eq.a.b@x.io,r.adj."[18,21)",t.cs.{a,b},and(x.in.(1,"2,3"),not.or(y.is.null)))')

    assert tree.children[0] == Condition(Field("email"), "eq", "a.b@x.io")
    assert tree.children[1] == Condition(Field("r"), "adj", "[18,21)")
    assert tree.children[2] == Condition(Field("t"), "cs", "{a,b}")
    nested = tree.children[3]
    assert isinstance(nested, LogicTree) and nested.operator == "and"
    assert nested.children[0] == Condition(Field("x"), "in", ["1", "2,3"])
    assert nested.children[1] == LogicTree("or", (Condition(Field("y"), "is", "null"),), negated=True)


def test_logic_tree_embed_null_test() -> None:
    tree = parse_logic_tree("or", False, "(profiles.not.is.null,meta->>color.eq.red)")

    assert tree.children[0] == Condition(Field("profiles"), "is", "null", negated=True)
    assert tree.children[1] == Condition(Field("meta", (("->>", "color"),)), "eq", "red")


@pytest.mark.parametrize("text", ["(a.eq.1", "a.eq.1)", "(a.zz.1)", "()", "(a.eq.1))"])
def test_logic_tree_errors(text: str) -> None:
    with pytest.raises(ApiError):
        parse_logic_tree("or", False, text)


def test_order_terms() -> None:
    terms = parse_order("prio.desc.nullslast,meta->>rank,profiles(username).asc")

    assert (terms[0].field.name, terms[0].descending, terms[0].nulls) == ("prio", True, "last")
    assert terms[1].field == Field("meta", (("->>", "rank"),))
    assert (terms[2].embed, terms[2].field.name) == ("profiles", "username")


def test_prefer_parsing_and_strict_handling() -> None:
    prefs = parse_prefer(["return=representation, count=exact", "resolution=merge-duplicates,missing=default"])

    assert (prefs.return_, prefs.count, prefs.resolution, prefs.missing) == (
        "representation", "exact", "merge-duplicates", "default")
    assert parse_prefer(["bogus=1"]).return_ is None
    with pytest.raises(ApiError) as caught:
        parse_prefer(["handling=strict, bogus=1"])
    assert caught.value.code == "PGRST122"


@pytest.mark.parametrize(
    ("text", "sql"),
    [("text", "text"), ("INT", "int"), ("double  precision", "double precision"), ("int4[]", "int4[]"), ("my_type[]", '"my_type"[]'),
     ("my_enum", '"my_enum"'), ("public.mood", '"public"."mood"')],
)
def test_cast_types(text: str, sql: str) -> None:
    assert render_cast_type(text) == sql


@pytest.mark.parametrize("text", ["text;drop", "int) x", "a.b.c", "text union select 1", '"x"'])
def test_cast_type_rejects_anything_else(text: str) -> None:
    with pytest.raises(ApiError):
        render_cast_type(text)
