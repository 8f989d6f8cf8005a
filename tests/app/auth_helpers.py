"""Helpers for the Auth section tests: an admin client, users made through it, and navigation."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from supatui.app import SupatuiApp
from supatui.app.testing import settle
from supatui.client import create_client
from supatui.client.auth import User


def make_app(sandbox: Any, *, read_only: bool = False) -> SupatuiApp:
    return SupatuiApp(url=sandbox.api_url, key=sandbox.service_role_key, read_only=read_only)


async def create_users(sandbox: Any, specs: list[dict[str, Any]]) -> list[User]:
    """Create one user per ``admin.create_user`` attribute dict and return them."""
    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        return [(await client.auth.admin.create_user(spec)).user for spec in specs]


async def add_factor(sql: Any, user_id: str, *, name: str, factor_type: str = "totp",
                     status: str = "verified") -> str:
    """Insert an MFA factor for ``user_id`` straight into ``auth.mfa_factors``; return its id."""
    factor_id = await sql.fetchval(
        "insert into auth.mfa_factors (user_id, friendly_name, factor_type, status, secret, phone) "
        "values ($1::uuid, $2, $3, $4, 'JBSWY3DPEHPK3PXP', case when $3 = 'phone' then '15550100999' end) "
        "returning id::text",
        user_id, name, factor_type, status,
    )
    return str(factor_id)


async def open_auth(pilot: Pilot, search: str = "") -> None:
    """Switch to the Auth section with the ``2`` key and, when given, search for ``search``."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    if search:
        await pilot.press("slash", *search, "enter")
        await settle(pilot)


async def open_user(pilot: Pilot, email: str, *, search: str | None = None) -> None:
    """Search for ``search`` (default ``email``) in the users list and open ``email``'s detail screen."""
    await open_auth(pilot, search or email)
    table = pilot.app.screen.query_one("#users", DataTable)
    emails = [user.email for user in pilot.app.screen.shown]
    table.move_cursor(row=emails.index(email))
    table.focus()
    await pilot.press("enter")
    await settle(pilot)
