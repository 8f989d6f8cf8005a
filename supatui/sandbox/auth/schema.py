"""Creating the auth tables: the ``sql/*.sql`` scripts of this package, in name order."""

from __future__ import annotations

import importlib.resources

import asyncpg

__all__ = ["apply_auth_schema"]


async def apply_auth_schema(connection: asyncpg.Connection) -> None:
    """Run every ``sql/NN_*.sql`` script of the auth package; each is idempotent."""
    folder = importlib.resources.files(__package__).joinpath("sql")
    scripts = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".sql")), key=lambda entry: entry.name
    )
    for script in scripts:
        async with connection.transaction():
            await connection.execute(script.read_text(encoding="utf-8"))
