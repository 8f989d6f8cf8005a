"""Seed data for the sandbox, kept as SQL files in this package.

``demo`` and ``bench`` both load the astronomy data set (``demo/*.sql``): star systems,
planets, moons, missions, row-level secured user notes, RPC functions, an ``analytics``
schema, a table of one million observations, auth users and OAuth clients. They differ in
the number of generated auth users: 300 for ``demo``, 100,000 for ``bench``.
"""

from __future__ import annotations

import importlib.resources
import logging
import time
from dataclasses import dataclass

import asyncpg

from supatui.sandbox.auth.schema import apply_auth_schema
from supatui.sandbox.errors import SandboxError

__all__ = ["SEEDS", "SeedPlan", "apply_seed"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SeedPlan:
    """What one seed name loads.

    Args:
        data_set: folder of SQL files in this package, run in file name order. It is also
            the name recorded in ``supatui_sandbox.seeds``, so a data set loads only once.
        rows: rows of the large table (``public.observations``).
        users: generated auth users (``auth.users``), besides the named demo users.
        schemas: schemas the data set adds, which the sandbox exposes over REST.
    """

    data_set: str
    rows: int
    users: int = 300
    schemas: tuple[str, ...] = ()


#: Seed name -> plan; ``empty`` loads nothing. ``bench`` is the demo data set with more users.
SEEDS: dict[str, SeedPlan | None] = {
    "empty": None,
    "demo": SeedPlan(data_set="demo", rows=1_000_000, schemas=("analytics",)),
    "bench": SeedPlan(data_set="demo", rows=1_000_000, users=100_000, schemas=("analytics",)),
}


def _read_scripts(data_set: str) -> list[tuple[str, str]]:
    folder = importlib.resources.files(__name__).joinpath(data_set)
    scripts = [
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    if not scripts:
        raise SandboxError(f"Seed data set {data_set!r} has no SQL files in {folder}.")
    return sorted(scripts)


async def apply_seed(
    connection: asyncpg.Connection, name: str, *, rows: int | None = None, users: int | None = None
) -> bool:
    """Load seed ``name`` in one transaction unless its data set is already in the database.

    Args:
        connection: a superuser connection to a database that ``bootstrap_database`` prepared.
        name: a key of ``SEEDS``.
        rows: rows of the large table, overriding the plan's (tests load a few thousand).
        users: generated auth users, overriding the plan's.

    Returns:
        ``True`` when the seed ran, ``False`` for ``empty`` or an already seeded database.

    Raises:
        SandboxError: the name is unknown or a statement failed (for example because a table
            of the same name already exists); the transaction is rolled back.
    """
    if name not in SEEDS:
        raise SandboxError(f"Unknown seed {name!r}: use one of {', '.join(SEEDS)}.")

    plan = SEEDS[name]
    if plan is None:
        return False

    scripts = _read_scripts(plan.data_set)
    row_count = plan.rows if rows is None else rows
    user_count = plan.users if users is None else users
    started = time.perf_counter()

    try:
        # The users script fills the auth tables, so create them first (idempotent).
        await apply_auth_schema(connection)

        async with connection.transaction():
            await connection.execute(
                "select pg_advisory_xact_lock(hashtext('supatui_sandbox.seed'))"
            )
            already_loaded = await connection.fetchval(
                "select exists (select 1 from supatui_sandbox.seeds where name = $1)", plan.data_set
            )
            if already_loaded:
                logger.info("Seed %s already loaded; skipping it", plan.data_set)
                return False

            await connection.execute(
                "select set_config('supatui.seed_rows', $1, true)", str(row_count)
            )
            await connection.execute(
                "select set_config('supatui.seed_users', $1, true)", str(user_count)
            )
            for file_name, script in scripts:
                logger.debug("Running seed script %s/%s", plan.data_set, file_name)
                await connection.execute(script)

            await connection.execute(
                "insert into supatui_sandbox.seeds (name) values ($1)", plan.data_set
            )
    except asyncpg.PostgresError as error:
        raise SandboxError(
            f"Seed {name!r} failed: {error}. Use --seed empty, or an empty database or data folder."
        ) from error

    logger.info(
        "Seed %s loaded (%d observations) in %.1f s", name, row_count, time.perf_counter() - started
    )
    return True
