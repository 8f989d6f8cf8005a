"""Embedded resources: to-one, to-many, many-to-many, hints, inner joins, spreads and embed filters."""

from __future__ import annotations

import pytest
import pytest_asyncio
from test_rest_support import RestEnv

pytest_plugins = ["test_rest_support"]
pytestmark = pytest.mark.asyncio(loop_scope="session")

SEED = """
DROP TABLE IF EXISTS em_stock, em_todo_tags, em_tags, em_todos, em_profiles CASCADE;
CREATE TABLE em_profiles (id int PRIMARY KEY, username text NOT NULL);
CREATE TABLE em_todos (
  id int PRIMARY KEY,
  title text NOT NULL,
  owner int REFERENCES em_profiles(id),
  created_by int CONSTRAINT em_todos_created_by_fkey REFERENCES em_profiles(id),
  assigned_to int CONSTRAINT em_todos_assigned_to_fkey REFERENCES em_profiles(id)
);
CREATE TABLE em_tags (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE em_todo_tags (
  todo_id int REFERENCES em_todos(id),
  tag_id int REFERENCES em_tags(id),
  PRIMARY KEY (todo_id, tag_id)
);
INSERT INTO em_profiles VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
INSERT INTO em_todos VALUES (10, 'milk', 1, 1, 2), (11, 'eggs', 1, 2, 2), (12, 'bread', 2, 2, NULL),
                            (13, 'orphan', NULL, 3, NULL);
INSERT INTO em_tags VALUES (100, 'urgent'), (101, 'home');
INSERT INTO em_todo_tags VALUES (10, 100), (10, 101), (12, 101);
CREATE TABLE em_stock (id int PRIMARY KEY, profile_id int REFERENCES em_profiles(id), count int);
INSERT INTO em_stock VALUES (1, 1, 40), (2, 1, 2);
"""


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def env(rest_env: RestEnv) -> RestEnv:
    await rest_env.sql(SEED)
    return rest_env


async def test_to_one_embed_is_object_or_null(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_profiles!owner(username)&order=id")

    assert rows == [
        {"title": "milk", "em_profiles": {"username": "ann"}},
        {"title": "eggs", "em_profiles": {"username": "ann"}},
        {"title": "bread", "em_profiles": {"username": "bob"}},
        {"title": "orphan", "em_profiles": None},
    ]


async def test_embed_by_fk_column_name(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,owner(username)&id=eq.12")

    assert rows == [{"title": "bread", "owner": {"username": "bob"}}]


async def test_to_many_embed_is_array(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(title)&order=id&em_todos.order=id")

    assert rows == [
        {"username": "ann", "em_todos": [{"title": "milk"}, {"title": "eggs"}]},
        {"username": "bob", "em_todos": [{"title": "bread"}]},
        {"username": "cy", "em_todos": []},
    ]


async def test_many_to_many_through_junction(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_tags(name)&order=id&em_tags.order=name")

    assert rows[0] == {"title": "milk", "em_tags": [{"name": "home"}, {"name": "urgent"}]}
    assert rows[1] == {"title": "eggs", "em_tags": []}
    assert rows[2] == {"title": "bread", "em_tags": [{"name": "home"}]}


async def test_ambiguous_embed_is_300(env: RestEnv) -> None:
    response = await env.get("/em_todos?select=title,em_profiles(username)")

    assert response.status_code == 300
    body = response.json()
    assert body["code"] == "PGRST201"
    assert isinstance(body["details"], list)
    assert len(body["details"]) == 3
    assert {"cardinality", "embedding", "relationship"} == set(body["details"][0])
    assert "em_profiles!em_todos_created_by_fkey" in body["hint"]


async def test_missing_relationship_is_pgrst200(env: RestEnv) -> None:
    response = await env.get("/em_tags?select=name,em_profiles(username)")

    assert response.status_code == 400
    assert response.json()["code"] == "PGRST200"


async def test_constraint_and_column_hints_with_aliases(env: RestEnv) -> None:
    rows = await env.json(
        "/em_todos?select=title,creator:em_profiles!em_todos_created_by_fkey(username),"
        "assignee:em_profiles!assigned_to(username)&id=eq.10")

    assert rows == [{"title": "milk", "creator": {"username": "ann"}, "assignee": {"username": "bob"}}]


async def test_embed_filter_trims_embed_only(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_profiles!owner(username)&em_profiles.username=eq.bob&order=id")

    assert [row["em_profiles"] for row in rows] == [None, None, {"username": "bob"}, None]


async def test_inner_embed_filters_parents(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_profiles!owner!inner(username)&em_profiles.username=eq.ann&order=id")

    assert [row["title"] for row in rows] == ["milk", "eggs"]


async def test_not_is_null_on_empty_embed(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_tags()&em_tags.name=eq.urgent&em_tags=not.is.null")
    without = await env.json("/em_todos?select=title,em_tags()&em_tags=is.null&order=id")

    assert rows == [{"title": "milk"}]
    assert [row["title"] for row in without] == ["eggs", "orphan"]


async def test_embed_limit_and_order(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(title)&id=eq.1"
                          "&em_todos.order=title.desc&em_todos.limit=1")

    assert rows == [{"username": "ann", "em_todos": [{"title": "milk"}]}]


async def test_embed_or_filter(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(title)&id=eq.1"
                          "&em_todos.or=(title.eq.eggs,title.eq.none)")

    assert rows == [{"username": "ann", "em_todos": [{"title": "eggs"}]}]


async def test_spread_to_one(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,...em_profiles!owner(owner_name:username)&id=eq.11")

    assert rows == [{"title": "eggs", "owner_name": "ann"}]


async def test_order_by_to_one_embed(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_profiles!created_by(username)"
                          "&order=em_profiles(username).desc,id")

    assert [row["title"] for row in rows] == ["orphan", "eggs", "bread", "milk"]


async def test_nested_embeds(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(title,em_tags(name))&id=eq.2")

    assert rows == [{"username": "bob", "em_todos": [{"title": "bread", "em_tags": [{"name": "home"}]}]}]


async def test_filter_on_embed_missing_from_select_is_pgrst108(env: RestEnv) -> None:
    response = await env.get("/em_todos?select=title&em_tags.name=eq.urgent")

    assert response.status_code == 400
    assert response.json()["code"] == "PGRST108"


async def test_operator_on_embed_itself_is_pgrst120(env: RestEnv) -> None:
    response = await env.get("/em_todos?select=title,em_tags(name)&em_tags=eq.1")

    assert response.status_code == 400
    assert response.json()["code"] == "PGRST120"


async def test_order_by_to_many_embed_is_pgrst118(env: RestEnv) -> None:
    response = await env.get("/em_todos?select=title,em_tags(name)&order=em_tags(name)")

    assert response.status_code == 400
    assert response.json()["code"] == "PGRST118"


async def test_insert_returns_embedded_representation(env: RestEnv) -> None:
    response = await env.client.post(
        "/em_todos?select=title,em_profiles!owner(username)",
        json={"id": 20, "title": "tea", "owner": 3},
        headers={**env.service, "Prefer": "return=representation"},
    )
    await env.client.delete("/em_todos?id=eq.20", headers=env.service)

    assert response.status_code == 201
    assert response.json() == [{"title": "tea", "em_profiles": {"username": "cy"}}]


async def test_quoted_embed_path_in_filter_key(env: RestEnv) -> None:
    rows = await env.json('/em_profiles?select=username,todos:em_todos!owner(title)&id=eq.1&"todos".title=eq.eggs')

    assert rows == [{"username": "ann", "todos": [{"title": "eggs"}]}]


async def test_legacy_count_in_to_many_embed(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(count)&order=id")

    assert rows == [
        {"username": "ann", "em_todos": [{"count": 2}]},
        {"username": "bob", "em_todos": [{"count": 1}]},
        {"username": "cy", "em_todos": [{"count": 0}]},
    ]


async def test_legacy_count_with_star_and_alias(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=*,n:em_todos!owner(count)&id=eq.1")

    assert rows == [{"id": 1, "username": "ann", "n": [{"count": 2}]}]


async def test_legacy_count_alias_and_cast(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=em_todos!owner(total:count::text)&id=eq.1")

    assert rows == [{"em_todos": [{"total": "2"}]}]


async def test_legacy_count_applies_embed_filters(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_todos!owner(count)&em_todos.title=eq.milk&order=id")

    assert [row["em_todos"] for row in rows] == [[{"count": 1}], [{"count": 0}], [{"count": 0}]]


async def test_legacy_count_through_junction(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=title,em_tags(count)&order=id")

    assert [row["em_tags"] for row in rows] == [[{"count": 2}], [{"count": 0}], [{"count": 1}], [{"count": 0}]]


async def test_legacy_count_at_top_level(env: RestEnv) -> None:
    rows = await env.json("/em_todos?select=count&owner=eq.1")

    assert rows == [{"count": 2}]


async def test_count_column_wins_over_legacy_count(env: RestEnv) -> None:
    rows = await env.json("/em_profiles?select=username,em_stock(count)&id=eq.1&em_stock.order=id")

    assert rows == [{"username": "ann", "em_stock": [{"count": 40}, {"count": 2}]}]


async def test_count_aggregate_in_embed_is_pgrst123(env: RestEnv) -> None:
    response = await env.get("/em_profiles?select=username,em_todos!owner(id.count())")

    assert response.status_code == 400
    assert response.json()["code"] == "PGRST123"
