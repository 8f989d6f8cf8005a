"""“View as”: the table browser queries as a signed-in user or with the anon key, so RLS shows."""

from __future__ import annotations

from textual.widgets import Input

from supatui.app.screens.view_as import ViewAsScreen
from supatui.app.widgets import StatusLine
from tests.app.auth_helpers import create_users, make_app
from tests.app.conftest import open_table, settle


async def seed_notes(sql, name: str, owners: list[str]) -> None:
    await sql(f"""
        create table {name} (id int primary key, owner uuid not null, body text);
        alter table {name} enable row level security;
        create policy {name}_own on {name} for select to authenticated using (owner = auth.uid());
        grant select on {name} to anon, authenticated, service_role;
    """)
    for index, owner in enumerate(owners, start=1):
        await sql(f"insert into {name} values ({index}, '{owner}', 'note {index}')", reload=False)


def grid_ids(app) -> list[int]:
    return [row["id"] for row in app.screen.rows]


def status_text(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_view_as_user_then_anon_then_key(sandbox, sql, unique_name):
    ann, ben = await create_users(sandbox, [
        {"email": f"ann-{unique_name}@example.com", "password": "secret-ann", "email_confirm": True},
        {"email": f"ben-{unique_name}@example.com", "password": "secret-ben", "email_confirm": True},
    ])
    await seed_notes(sql, unique_name, [ann.id, ben.id, ann.id])
    try:
        app = make_app(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, unique_name)
            assert grid_ids(app) == [1, 2, 3]

            await pilot.press("V")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ViewAsScreen)
            dialog.query_one("#view-as-user", Input).value = ann.email
            dialog.query_one("#view-as-password", Input).value = "wrong password"
            dialog.query_one("#view-as-user", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            assert "invalid_credentials" in str(dialog.query_one("#view-as-error").render())

            dialog.query_one("#view-as-password", Input).value = "secret-ann"
            await pilot.press("enter")
            await settle(pilot)
            assert app.viewing_as == f"{ann.email} (authenticated)"
            assert grid_ids(app) == [1, 3]
            assert f"as {ann.email}" in status_text(app)

            await pilot.press("V")
            await pilot.pause()
            app.screen.query_one("#view-as-anon-key", Input).value = sandbox.anon_key
            await pilot.press("enter")
            await settle(pilot)
            assert app.viewing_as == "anon key"
            assert grid_ids(app) == []

            await pilot.press("V")
            await pilot.pause()
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.viewing_as == ""
            assert grid_ids(app) == [1, 2, 3]
            assert " as " not in status_text(app)
    finally:
        await sql(f"drop table {unique_name}")


async def test_view_as_rejects_non_anon_key(sandbox):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("V")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#view-as-anon-key", Input).value = sandbox.service_role_key
        dialog.query_one("#view-as-anon-key", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "role is 'service_role'" in str(dialog.query_one("#view-as-error").render())


async def test_view_as_minted_token(sandbox, sql, unique_name):
    ann, ben = await create_users(sandbox, [
        {"email": f"ann-{unique_name}@example.com", "password": "secret-ann", "email_confirm": True},
        {"email": f"ben-{unique_name}@example.com", "password": "secret-ben", "email_confirm": True},
    ])
    await seed_notes(sql, unique_name, [ben.id, ann.id, ben.id])
    try:
        app = make_app(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_table(pilot, unique_name)
            await pilot.press("V")
            await pilot.pause()
            dialog = app.screen
            dialog.query_one("#view-as-user", Input).value = ben.email
            dialog.query_one("#view-as-jwt-secret", Input).value = "not the secret"
            dialog.query_one("#view-as-user", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.viewing_as == f"{ben.email} (authenticated, minted token)"
            assert app.screen.error is not None, "a wrongly signed token is rejected by the server"

            await pilot.press("V")
            await pilot.pause()
            dialog = app.screen
            dialog.query_one("#view-as-user", Input).value = ben.email
            dialog.query_one("#view-as-jwt-secret", Input).value = sandbox.jwt_secret
            dialog.query_one("#view-as-user", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert grid_ids(app) == [1, 3]
    finally:
        await sql(f"drop table {unique_name}")
