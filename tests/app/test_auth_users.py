"""The Auth users list against the sandbox: search, paging, columns, toggles and errors."""

from __future__ import annotations

from textual.widgets import DataTable, Label

from supatui.app import SupatuiApp
from supatui.app.screens.auth import UsersScreen
from supatui.app.screens.auth.queries import UsersPage, UsersQuery, apply_toggles, user_row
from supatui.app.testing import settle
from supatui.client.auth import User
from tests.app.auth_helpers import add_factor, create_users, make_app, open_auth


def page_line(app: SupatuiApp) -> str:
    return str(app.screen.query_one("#users-page-line", Label).render())


def shown_emails(app: SupatuiApp) -> list[str]:
    return sorted(user.email or "" for user in app.screen.shown)


async def test_users_search_and_paging(sandbox, unique_name):
    emails = [f"{unique_name}-{index:02}@example.com" for index in range(21)]
    await create_users(sandbox, [{"email": email, "password": "password123"} for email in emails])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot, unique_name)
        screen = app.screen
        assert isinstance(screen, UsersScreen)
        per_page = screen.query_state.per_page
        assert 5 <= per_page < 21
        assert screen.page is not None
        assert screen.page.total == 21
        assert len(screen.shown) == per_page
        assert page_line(app).startswith(f"users 1–{per_page} of 21")
        assert f"search: {unique_name}" in page_line(app)

        await pilot.press("n")
        await settle(pilot)
        assert screen.query_state.page == 2
        assert page_line(app).startswith(f"users {per_page + 1}–{min(2 * per_page, 21)} of 21")

        seen = set(shown_emails(app))
        await pilot.press("p")
        await settle(pilot)
        assert screen.query_state.page == 1
        assert seen.isdisjoint(shown_emails(app))


async def test_users_search_waits_for_typing_pause(sandbox, unique_name, monkeypatch):
    await create_users(sandbox, [{"email": f"{unique_name}@example.com", "password": "password123"}])
    monkeypatch.setattr(UsersScreen, "SEARCH_DELAY", 0.25)

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        screen = app.screen
        before = screen.generation
        await pilot.press("slash", *unique_name)
        await pilot.pause(0.6)
        await settle(pilot)

        assert screen.generation == before + 1, "one search for the whole word, not one per key"
        assert shown_emails(app) == [f"{unique_name}@example.com"]


async def test_users_search_by_id(sandbox, unique_name):
    [user] = await create_users(sandbox, [{"email": f"{unique_name}@example.com"}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot, user.id)
        assert [shown.id for shown in app.screen.shown] == [user.id]


async def test_users_columns_show_state(sandbox, sql, unique_name):
    confirmed, unconfirmed = await create_users(sandbox, [
        {"email": f"{unique_name}-ok@example.com", "email_confirm": True, "ban_duration": "72h"},
        {"email": f"{unique_name}-new@example.com", "email_confirm": False},
    ])
    await add_factor(sql, confirmed.id, name="app")
    await add_factor(sql, confirmed.id, name="pending", status="unverified")

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot, unique_name)
        table = app.screen.query_one("#users", DataTable)
        row = [str(cell) for cell in table.get_row(confirmed.id)]
        assert row[0] == f"{unique_name}-ok@example.com"[: len(row[0])]
        assert row[1] == "email"
        assert row[4] == "yes"
        assert row[5] == "1", "only the verified factor counts"
        assert row[6] == "yes"

        row = [str(cell) for cell in table.get_row(unconfirmed.id)]
        assert row[3] == "never"
        assert row[4] == "no"
        assert row[5] == ""
        assert row[6] == ""


async def test_users_toggles_filter_this_page(sandbox, sql, unique_name):
    banned, plain, unconfirmed = await create_users(sandbox, [
        {"email": f"{unique_name}-banned@example.com", "email_confirm": True, "ban_duration": "1h"},
        {"email": f"{unique_name}-plain@example.com", "email_confirm": True},
        {"email": f"{unique_name}-new@example.com", "email_confirm": False},
    ])
    await add_factor(sql, plain.id, name="app")

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot, unique_name)
        assert len(app.screen.shown) == 3
        toggles = str(app.screen.query_one("#user-toggles", Label).render())
        assert toggles.startswith("this page only:")

        await pilot.press("b")
        assert shown_emails(app) == [banned.email]
        await pilot.press("b", "u")
        assert shown_emails(app) == [unconfirmed.email]
        await pilot.press("c")
        assert app.screen.toggles == ["confirmed"], "confirmed replaces unconfirmed"
        assert shown_emails(app) == sorted([banned.email, plain.email])
        await pilot.press("m")
        assert shown_emails(app) == [plain.email]
        assert "2 shown" not in page_line(app)
        assert "1 shown" in page_line(app)


async def test_users_need_service_role_key(sandbox):
    app = SupatuiApp(url=sandbox.api_url, key=sandbox.anon_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        panel = app.screen.query_one("#users-error")
        assert panel.display
        assert "service_role" in str(panel.render())
        assert not app.screen.query_one("#users").display


def test_user_row_identity_fallbacks():
    anonymous = User(id="u1", is_anonymous=True)
    phone = User(id="u2", phone="15550100", app_metadata={"provider": "phone"})
    assert user_row(anonymous).identity == "anonymous"
    assert user_row(anonymous).providers == "anonymous"
    assert user_row(phone).identity == "+15550100"
    assert user_row(phone).providers == "phone"
    assert apply_toggles([anonymous, phone], ["anonymous"]) == [anonymous]


def test_users_page_label():
    query = UsersQuery(page=3, per_page=10)
    page = UsersPage(query=query, users=[User(id=str(index)) for index in range(4)], total=24)
    assert page.label(4) == "users 21–24 of 24"
    assert page.label(1) == "users 21–24 of 24 · 1 shown"
    assert page.last_page == 3
    assert UsersPage(query=UsersQuery(), users=[], total=0).label(0) == "no users of 0"
