"""Fixtures for the dashboard tests: an isolated config dir, keys and a helper to let workers finish."""

from __future__ import annotations

import socket

import jwt
import pytest
from textual.pilot import Pilot

from supatui.app.testing import settle

TEST_SECRET = "a-secret-the-app-never-verifies-0123456789"


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    """Point SUPATUI_CONFIG_DIR at a temporary directory and clear the env key."""
    directory = tmp_path / "config"
    monkeypatch.setenv("SUPATUI_CONFIG_DIR", str(directory))
    monkeypatch.delenv("SUPABASE_KEY", raising=False)
    monkeypatch.delenv("SUPABASE_URL", raising=False)
    return directory


@pytest.fixture
def anon_key() -> str:
    return jwt.encode({"role": "anon"}, TEST_SECRET)


@pytest.fixture
def dead_url() -> str:
    """A loopback URL on a port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


PLANETS_SQL = """
create table {name} (
    id int8 primary key,
    name text not null,
    mass numeric,
    habitable boolean default false,
    tags text[],
    meta jsonb,
    discovered date
);
insert into {name} (id, name, mass, habitable, tags, meta, discovered)
select i,
       'planet-' || lpad(i::text, 3, '0'),
       round((i * 1.37)::numeric, 2),
       i % 7 = 0,
       array['t' || (i % 3)],
       jsonb_build_object('moons', i % 5, 'ring', i % 4 = 0),
       date '2000-01-01' + i
from generate_series(1, {rows}) as i;
"""


async def seed_planets(sql, name: str, rows: int = 57) -> None:
    """Create table ``name`` with ``rows`` deterministic planets (ids 1..rows)."""
    await sql(PLANETS_SQL.format(name=name, rows=rows))


async def open_table(pilot: Pilot, name: str) -> None:
    """Select table ``name`` in the table list with the keyboard and wait for its first page."""
    from textual.widgets import OptionList

    await settle(pilot)
    option_list = pilot.app.screen.query_one("#table-list", OptionList)
    index = option_list.get_option_index(name)
    option_list.focus()
    option_list.highlighted = index
    await pilot.press("enter")
    await settle(pilot)
