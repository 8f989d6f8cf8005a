"""Session fixtures shared by every test: one sandbox on embedded PostgreSQL, its DSN and SQL.

Tests create their own small tables with unique names (see ``unique_name``), so they can
share the one sandbox. Tests marked ``slow`` (the 1,000,000-row seeds) run only with
``--run-slow`` or when ``-m`` selects them.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import pytest

from supatui.sandbox import SandboxSettings, SandboxThread


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run tests marked slow (they load the 1,000,000-row seeds)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: loads large seeds; runs with --run-slow or -m slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow") or "slow" in (config.getoption("-m") or ""):
        return

    skip_slow = pytest.mark.skip(reason="slow: run with --run-slow or -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


class SqlRunner:
    """Runs SQL as the superuser against the sandbox database.

    ``await sql("create table ...")`` runs a script (several statements are fine without
    arguments) and then reloads the REST schema cache, so the next request sees the change.

    Args:
        pool: asyncpg pool on the sandbox database, on the test event loop.
        sandbox: the running sandbox whose schema cache is reloaded.
    """

    def __init__(self, pool: asyncpg.Pool, sandbox: SandboxThread) -> None:
        self.pool = pool
        self.sandbox = sandbox

    async def __call__(self, script: str, *args: Any, reload: bool = True) -> str:
        """Run ``script`` and return its status (``CREATE TABLE``, ``INSERT 0 3``, ...).

        Args:
            script: SQL; with ``args`` it must be one statement using ``$1``, ``$2``, ...
            args: bind parameters.
            reload: reload the REST schema cache afterwards; pass ``False`` after DML.
        """
        async with self.pool.acquire() as connection:
            status = await connection.execute(script, *args)
        if reload:
            await self.sandbox.reload_schema()
        return status

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        """Return the rows of ``query``."""
        async with self.pool.acquire() as connection:
            return await connection.fetch(query, *args)

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        """Return the first row of ``query``, or ``None``."""
        async with self.pool.acquire() as connection:
            return await connection.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        """Return the first column of the first row of ``query``."""
        async with self.pool.acquire() as connection:
            return await connection.fetchval(query, *args)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxThread]:
    """A running sandbox (seed ``empty``) shared by the whole session, in its own thread."""
    with SandboxThread(SandboxSettings(seed="empty", auth_bcrypt_rounds=4)) as running:
        yield running


@pytest.fixture(scope="session")
def db_url(sandbox: SandboxThread) -> str:
    """Superuser DSN of the session sandbox's database."""
    return sandbox.db_url


@pytest.fixture(scope="session")
async def sql(sandbox: SandboxThread) -> AsyncIterator[SqlRunner]:
    """``await sql("...")`` runs SQL as the superuser; see ``SqlRunner``."""
    pool = await asyncpg.create_pool(sandbox.db_url, min_size=1, max_size=4)
    try:
        yield SqlRunner(pool, sandbox)
    finally:
        await pool.close()


@pytest.fixture
def unique_name() -> str:
    """A fresh lowercase identifier such as ``t_1a2b3c4d``, for a test's own table or schema."""
    return f"t_{uuid.uuid4().hex[:8]}"
