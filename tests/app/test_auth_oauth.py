"""OAuth clients and the session lab against the sandbox."""

from __future__ import annotations

import logging

import pytest
from textual.widgets import Input, Label, Static

from supatui.app.screens.auth.dialogs import SecretScreen, mask_secret
from supatui.app.screens.auth.oauth import OAuthClientsScreen
from supatui.app.screens.auth.oauth_form import OAuthClientFormScreen
from supatui.app.screens.auth.oauth_queries import parse_redirect_uris
from supatui.app.screens.dialogs import ConfirmScreen
from supatui.app.testing import settle
from supatui.client import create_client
from tests.app.auth_helpers import add_factor, create_users, make_app, open_auth


async def open_oauth(pilot) -> None:
    await open_auth(pilot)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OAuthClientsScreen)


async def fill_form(pilot, *, name: str, redirects: str, public: bool = False) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, OAuthClientFormScreen)
    await pilot.press(*name, "tab", *redirects, "tab")
    if public:
        await pilot.press("down", "enter")
    await pilot.press("ctrl+s")
    await settle(pilot)


def secret_shown(app) -> str:
    return str(app.screen.query_one("#secret-value", Static).content)


async def test_create_confidential_client_shows_secret_once(sandbox, unique_name, caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        await pilot.press("n")
        await fill_form(pilot, name=unique_name, redirects="https://app.example.com/cb http://127.0.0.1:8080/cb")

        assert isinstance(app.screen, SecretScreen)
        secret = app.screen._secret
        assert len(secret) >= 16
        assert secret not in secret_shown(app)
        assert mask_secret(secret) in secret_shown(app)

        await pilot.press("s")
        assert secret in secret_shown(app)
        await pilot.press("y")
        assert app.clipboard == secret

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OAuthClientsScreen)
        [created] = [item for item in app.screen.clients if item.client_name == unique_name]
        assert created.client_type == "confidential"
        assert created.redirect_uris == ["https://app.example.com/cb", "http://127.0.0.1:8080/cb"]
        assert created.client_secret is None

    assert secret not in caplog.text
    assert secret not in app.log_path.read_text()


async def test_create_public_client_has_no_secret(sandbox, unique_name):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        await pilot.press("n")
        await fill_form(pilot, name=unique_name, redirects="http://localhost:3000/callback", public=True)

        assert isinstance(app.screen, OAuthClientsScreen)
        [created] = [item for item in app.screen.clients if item.client_name == unique_name]
        assert created.client_type == "public"


async def test_redirect_uri_must_be_absolute(sandbox, unique_name):
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        await pilot.press("n")
        await fill_form(pilot, name=unique_name, redirects="/callback")

        assert isinstance(app.screen, OAuthClientFormScreen), "the form stays open"
        problem = str(app.screen.query_one("#oauth-problem", Label).render())
        assert "redirect URI '/callback' is not an absolute URL" in problem


async def test_regenerate_secret_and_delete(sandbox, unique_name):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as admin:
        response = await admin.auth.admin.oauth.create_client(
            {"client_name": unique_name, "redirect_uris": ["https://app.example.com/cb"]})
    old_secret = response.client.client_secret
    client_id = response.client.client_id

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        row = [item.client_id for item in app.screen.clients].index(client_id)
        app.screen.query_one("#oauth-clients").move_cursor(row=row)

        await pilot.press("s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SecretScreen)
        new_secret = app.screen._secret
        assert new_secret and new_secret != old_secret
        await pilot.press("escape")
        await settle(pilot)

        row = [item.client_id for item in app.screen.clients].index(client_id)
        app.screen.query_one("#oauth-clients").move_cursor(row=row)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert client_id in app.screen.body
        await pilot.press("y")
        await settle(pilot)
        assert client_id not in [item.client_id for item in app.screen.clients]


async def test_oauth_read_only_hides_writes(sandbox):
    app = make_app(sandbox, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        for key in ("n", "d", "s"):
            await pilot.press(key)
            assert isinstance(app.screen, OAuthClientsScreen)


@pytest.mark.parametrize("text", ["app.example.com/cb", "https://", "https://a.example/cb#frag", "  "])
def test_parse_redirect_uris_rejects(text):
    with pytest.raises(ValueError):
        parse_redirect_uris(text)


def test_parse_redirect_uris_splits():
    assert parse_redirect_uris("https://a.example/cb, myapp://callback") == ["https://a.example/cb", "myapp://callback"]


async def test_session_lab_shows_claims_and_aal(sandbox, unique_name):
    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email, "password": "password123", "email_confirm": True}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        await pilot.press("L")
        await pilot.press(*email, "enter", *"password123", "enter")
        await settle(pilot)

        level = str(app.screen.query_one("#lab-level", Label).render())
        assert level.startswith(f"{email}  aal: aal1  next: aal1")
        claims = app.screen.query_one("#lab-claims", Static).content.code
        assert f'"sub": "{user.id}"' in claims
        assert app.screen.query_one("#lab-password", Input).password
        assert await app.client.auth.get_session() is None, "the dashboard's client stays signed out"


async def test_session_lab_totp_raises_aal(sandbox, sql, unique_name):
    from supatui.sandbox.auth.totp import totp

    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email, "password": "password123", "email_confirm": True}])
    await add_factor(sql, user.id, name="Authenticator app")

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        await pilot.press("L")
        lab = app.screen
        lab.query_one("#lab-email", Input).value = email
        lab.query_one("#lab-password", Input).value = "password123"
        lab.query_one("#lab-totp", Input).value = "000000" if totp("JBSWY3DPEHPK3PXP") != "000000" else "111111"
        lab.query_one("#lab-password", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert str(lab.query_one("#lab-level", Label).render()).startswith("mfa_verification_failed: ")

        lab.query_one("#lab-totp", Input).value = totp("JBSWY3DPEHPK3PXP")
        await pilot.press("enter")
        await settle(pilot)
        level = str(lab.query_one("#lab-level", Label).render())
        assert level.startswith(f"{email}  aal: aal2  next: aal2")
        claims = lab.query_one("#lab-claims", Static).content.code
        assert '"aal": "aal2"' in claims
        assert '"method": "totp"' in claims


async def test_session_lab_enrolls_totp_with_qr(sandbox, sql, unique_name):
    import re

    from supatui.sandbox.auth.totp import totp

    email = f"{unique_name}@example.com"
    [user] = await create_users(sandbox, [{"email": email, "password": "password123", "email_confirm": True}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        await pilot.press("L")
        lab = app.screen
        lab.query_one("#lab-email", Input).value = email
        lab.query_one("#lab-password", Input).value = "password123"
        await pilot.press("ctrl+n")
        await settle(pilot)

        shown = str(lab.query_one("#lab-qr", Static).render())
        assert shown, str(lab.query_one("#lab-level", Label).render())
        assert "▀" in shown or "▄" in shown
        secret = re.search(r"secret: ([A-Z2-7]+)", shown).group(1)
        assert "otpauth://totp/" in shown

        lab.query_one("#lab-totp", Input).value = totp(secret)
        await pilot.press("enter")
        await settle(pilot)
        level = str(lab.query_one("#lab-level", Label).render())
        assert "aal: aal2" in level
        assert lab.enrolling is None

    status = await sql.fetchval(f"select status::text from auth.mfa_factors where user_id = '{user.id}'")
    assert status == "verified"


async def test_session_lab_otp_from_mailbox(sandbox, unique_name):
    email = f"{unique_name}@example.com"
    await create_users(sandbox, [{"email": email, "password": "password123", "email_confirm": True}])

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_auth(pilot)
        await pilot.press("L")
        lab = app.screen
        lab.query_one("#lab-email", Input).value = email
        await pilot.press("ctrl+o")
        await settle(pilot)

        code = lab.query_one("#lab-totp", Input).value
        assert len(code) == 6
        assert code.isdigit()
        assert str(lab.query_one("#lab-level", Label).render()).startswith("Read the code from the sandbox mailbox")

        await pilot.press("enter")
        await settle(pilot)
        level = str(lab.query_one("#lab-level", Label).render())
        assert level.startswith(f"{email}  aal: aal1")
        claims = lab.query_one("#lab-claims", Static).content.code
        assert '"method": "otp"' in claims


async def test_edit_client_saves_changes(sandbox, unique_name):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as admin:
        response = await admin.auth.admin.oauth.create_client(
            {"client_name": unique_name, "redirect_uris": ["https://app.example.com/cb"], "client_type": "public"})
    client_id = response.client.client_id

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_oauth(pilot)
        row = [item.client_id for item in app.screen.clients].index(client_id)
        app.screen.query_one("#oauth-clients").move_cursor(row=row)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#oauth-name", Input).value == unique_name
        assert form.query_one("#oauth-redirects", Input).value == "https://app.example.com/cb"
        assert form.query_one("#oauth-type").disabled

        form.query_one("#oauth-redirects", Input).value = "relative/path"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "relative/path" in str(form.query_one("#oauth-problem", Label).render())

        form.query_one("#oauth-name", Input).value = f"{unique_name} v2"
        form.query_one("#oauth-redirects", Input).value = "https://app.example.com/cb https://app.example.com/cb2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form

    async with create_client(sandbox.api_url, sandbox.service_role_key) as admin:
        saved = (await admin.auth.admin.oauth.get_client(client_id)).client
    assert saved.client_name == f"{unique_name} v2"
    assert saved.redirect_uris == ["https://app.example.com/cb", "https://app.example.com/cb2"]
    assert saved.client_type == "public"
