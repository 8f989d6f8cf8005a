"""The user detail screen against the sandbox: what it shows and each admin action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rich.syntax import Syntax
from textual.widgets import DataTable, Static

from supatui.app.screens.auth import UsersScreen
from supatui.app.screens.auth.detail import UserDetailScreen
from supatui.app.screens.auth.dialogs import ChoiceScreen
from supatui.app.screens.dialogs import ConfirmScreen, PromptScreen
from supatui.app.testing import settle
from supatui.client import create_client
from tests.app.auth_helpers import add_factor, create_users, make_app, open_user


def static_text(app, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.code if isinstance(content, Syntax) else str(content)


def notifications(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_detail_shows_identities_factors_metadata(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{
        "email": email, "email_confirm": True,
        "user_metadata": {"full_name": "[bold]Ada[/bold]"}, "app_metadata": {"plan": "pro"},
    }])
    totp = await add_factor(sql, user.id, name="Authenticator")
    phone = await add_factor(sql, user.id, name="Mobile", factor_type="phone", status="unverified")

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        assert isinstance(app.screen, UserDetailScreen)

        factors = app.screen.query_one("#factors", DataTable)
        rows = {str(factors.get_row_at(index)[0]): [str(cell) for cell in factors.get_row_at(index)]
                for index in range(factors.row_count)}
        assert rows[totp][1:3] == ["totp", "verified"]
        assert rows[phone][1:3] == ["phone", "unverified"]

        identities = app.screen.query_one("#identities", DataTable)
        assert [str(cell) for cell in identities.get_row_at(0)][:2] == ["email", email]

        assert '"plan": "pro"' in static_text(app, "#app-metadata")
        assert '"full_name": "[bold]Ada[/bold]"' in static_text(app, "#user-metadata")
        assert f'"id": "{user.id}"' in static_text(app, "#user-raw")


async def test_delete_one_factor(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email}])
    first = await add_factor(sql, user.id, name="first")
    second = await add_factor(sql, user.id, name="second")

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        factors = app.screen.query_one("#factors", DataTable)
        target = str(factors.get_row_at(1)[0])
        factors.focus()
        factors.move_cursor(row=1)
        await pilot.press("f")
        assert isinstance(app.screen, ConfirmScreen)
        assert target in app.screen.body

        await pilot.press("y")
        await settle(pilot)

    remaining = [row["id"] for row in await sql.fetch(
        "select id::text as id from auth.mfa_factors where user_id = $1::uuid", user.id)]
    assert remaining == [({first, second} - {target}).pop()]


async def banned_until(sql, user_id: str) -> datetime | None:
    return await sql.fetchval("select banned_until from auth.users where id = $1::uuid", user_id)


async def test_ban_presets_custom_and_unban(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)

        await pilot.press("b")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # 1 day
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        until = await banned_until(sql, user.id)
        assert until is not None
        assert abs(until - (datetime.now(UTC) + timedelta(hours=24))) < timedelta(minutes=5)
        assert "banned until" in static_text(app, "#user-summary")

        await pilot.press("b", "down", "down", "down", "enter")  # custom
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"soon", "enter")
        await settle(pilot)
        assert isinstance(app.screen, UserDetailScreen), "an invalid duration sends nothing"
        assert any("ban duration 'soon' is invalid" in text for text in notifications(app))

        await pilot.press("b", "down", "down", "down", "enter", *"36h", "enter", "y")
        await settle(pilot)
        until = await banned_until(sql, user.id)
        assert abs(until - (datetime.now(UTC) + timedelta(hours=36))) < timedelta(minutes=5)

        await pilot.press("b", "down", "down", "down", "down", "enter", "y")
        await settle(pilot)
        assert await banned_until(sql, user.id) is None
        assert "banned  no" in static_text(app, "#user-summary")


async def test_sign_out_everywhere(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email, "password": "password123", "email_confirm": True}])
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        await other.auth.sign_in_with_password({"email": email, "password": "password123"})
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        await other.auth.sign_in_with_password({"email": email, "password": "password123"})
    count = "select count(*) from auth.sessions where user_id = $1::uuid"
    assert await sql.fetchval(count, user.id) == 2

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        await pilot.press("o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert f"Signed {email} out of every session" in notifications(app)

    assert await sql.fetchval(count, user.id) == 0


async def test_confirm_email(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email, "email_confirm": False}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        await pilot.press("c")
        await settle(pilot)

    confirmed = await sql.fetchval("select email_confirmed_at from auth.users where id = $1::uuid", user.id)
    assert confirmed is not None


async def test_generate_link_copies_it(sandbox, unique_name):
    email = f"{unique_name}@example.com"
    await create_users(sandbox, [{"email": email, "email_confirm": True}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        await pilot.press("l")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # recovery
        await settle(pilot)

        assert "/verify?" in app.clipboard
        assert "type=recovery" in app.clipboard
        toast = notifications(app)[-1]
        assert toast.startswith(f"Copied the recovery link of {email} via OSC 52")


async def test_delete_user_soft_and_hard(sandbox, sql, unique_name):
    soft_email, hard_email = f"{unique_name}-soft@example.com", f"{unique_name}-hard@example.com"
    soft, hard = await create_users(sandbox, [{"email": soft_email}, {"email": hard_email}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, soft_email, search=unique_name)
        await pilot.press("d", "enter")  # soft
        assert isinstance(app.screen, ConfirmScreen)
        assert soft.id in app.screen.body
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert [user.email for user in app.screen.shown] == [hard_email]

        table = app.screen.query_one("#users", DataTable)
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d", "down", "enter", "y")
        await settle(pilot)
        assert app.screen.shown == []

    deleted_at = await sql.fetchval("select deleted_at from auth.users where id = $1::uuid", soft.id)
    assert deleted_at is not None
    assert await sql.fetchval("select count(*) from auth.users where id = $1::uuid", hard.id) == 0


async def test_read_only_disables_actions(sandbox, sql, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email}])
    await add_factor(sql, user.id, name="app")

    app = make_app(sandbox, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_user(pilot, email)
        for key in ("f", "b", "o", "c", "l", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, UserDetailScreen), f"{key} opened a dialog in read-only mode"
        ids = {active.binding.id for active in app.screen.active_bindings.values() if active.enabled}
        assert "user.delete" not in ids
        assert "user.copy_json" in ids

    assert await sql.fetchval("select count(*) from auth.mfa_factors where user_id = $1::uuid", user.id) == 1
