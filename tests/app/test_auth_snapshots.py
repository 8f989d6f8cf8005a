"""Snapshots of the Auth users list and user detail on fixed users, at 80×24 and 120×40.

The module starts its own sandbox so the list holds only the users made here, and it pins
every id and timestamp in SQL so the screens are the same on every run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest
from textual.widgets import DataTable

from supatui.app import SupatuiApp
from supatui.app.testing import settle
from supatui.client import create_client
from supatui.sandbox import SandboxSettings, SandboxThread

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SHOWN_URL = "http://127.0.0.1:54321"
LOG_PATH = Path("/home/user/.local/state/supatui/log/supatui.log")

ADA = "00000000-0000-4000-8000-00000000000a"
GRACE = "00000000-0000-4000-8000-00000000000b"
PHONE = "00000000-0000-4000-8000-00000000000c"
NEWBIE = "00000000-0000-4000-8000-00000000000d"
ANONYMOUS = "00000000-0000-4000-8000-00000000000e"

USERS = [
    {"id": ADA, "email": "ada@example.com", "email_confirm": True,
     "user_metadata": {"full_name": "Ada Lovelace"}},
    {"id": GRACE, "email": "grace.hopper@navy.example.com", "email_confirm": True,
     "user_metadata": {"full_name": "Grace [admin] Hopper", "team": "compilers"},
     "app_metadata": {"plan": "pro"}},
    {"id": PHONE, "phone": "15550100111", "phone_confirm": True},
    {"id": NEWBIE, "email": "newbie@example.com", "email_confirm": False},
]

PIN_SQL = """
insert into auth.users (id, is_anonymous, created_at, updated_at)
values ('{anonymous}', true, '2025-01-05 08:00+00', '2025-01-05 08:00+00');

update auth.users as u set
    created_at = v.created::timestamptz,
    updated_at = v.created::timestamptz,
    last_sign_in_at = v.signed_in::timestamptz,
    email_confirmed_at = case when u.email_confirmed_at is null then null else v.created::timestamptz end,
    phone_confirmed_at = case when u.phone_confirmed_at is null then null else v.created::timestamptz end,
    confirmation_sent_at = null, recovery_sent_at = null, invited_at = null,
    banned_until = v.banned::timestamptz
from (values
    ('{ada}'::uuid, '2025-01-01 09:00+00', '2025-03-01 10:00+00', null),
    ('{grace}'::uuid, '2025-01-02 09:00+00', '2025-03-02 11:30+00', '2999-01-01 00:00+00'),
    ('{phone}'::uuid, '2025-01-03 09:00+00', '2025-03-03 12:00+00', null),
    ('{newbie}'::uuid, '2025-01-04 09:00+00', null, null)
) as v (id, created, signed_in, banned)
where u.id = v.id;

update auth.identities set
    id = md5(user_id::text || provider)::uuid,
    created_at = '2025-01-02 09:00+00', updated_at = '2025-01-02 09:00+00',
    last_sign_in_at = null;

insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, secret, phone,
                              created_at, updated_at)
values
    ('00000000-0000-4000-9000-000000000001', '{grace}', 'Authenticator app', 'totp', 'verified',
     'JBSWY3DPEHPK3PXP', null, '2025-02-01 12:05+00', '2025-02-01 12:05+00'),
    ('00000000-0000-4000-9000-000000000002', '{grace}', 'Mobile', 'phone', 'unverified',
     null, '15550100777', '2025-02-01 12:06+00', '2025-02-01 12:06+00');
"""


async def _seed(sandbox: SandboxThread) -> None:
    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        for spec in USERS:
            await client.auth.admin.create_user(spec)

    connection = await asyncpg.connect(sandbox.db_url)
    try:
        await connection.execute(PIN_SQL.format(anonymous=ANONYMOUS, ada=ADA, grace=GRACE, phone=PHONE,
                                                newbie=NEWBIE))
    finally:
        await connection.close()


@pytest.fixture(scope="module")
def auth_sandbox():
    with SandboxThread(SandboxSettings(seed="empty", auth_bcrypt_rounds=4)) as sandbox:
        asyncio.run(_seed(sandbox))
        yield sandbox


def make_app(sandbox: SandboxThread) -> SupatuiApp:
    # The real server's port changes per run, so the status line shows a fixed URL instead.
    client = create_client(sandbox.api_url, sandbox.service_role_key)
    app = SupatuiApp(url=SHOWN_URL, key=sandbox.service_role_key, client=client, log_path=LOG_PATH)
    app.owns_client = True  # Closed on unmount, because the test keeps no reference to it.
    return app


def after(*keys: str, user: str | None = None):
    """Return a run_before hook: open the Auth section, open ``user``'s detail, press ``keys``."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        if user is not None:
            screen = pilot.app.screen
            row = [shown.id for shown in screen.shown].index(user)
            screen.query_one("#users", DataTable).move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


CASES = {
    "users": after(),
    "users_banned_only": after("b"),
    "detail": after(user=GRACE),
    "detail_ban_dialog": after("b", user=GRACE),
    "detail_delete_factor": after("tab", "f", user=GRACE),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_snapshot_auth(snap_compare, auth_sandbox, case, size):
    assert snap_compare(make_app(auth_sandbox), terminal_size=size, run_before=CASES[case])
