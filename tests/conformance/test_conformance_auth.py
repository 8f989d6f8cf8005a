"""supatui.client's auth against the official supabase async client, on the same sandbox.

Each test runs the same call through both clients and compares what a caller sees: the
user and session fields, error codes and statuses, URLs and MFA data. The official client
is only a test oracle.
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from supatui.client import AuthApiError, AuthWeakPasswordError, create_client


def fresh_email() -> str:
    return f"cf_{uuid.uuid4().hex[:10]}@example.com"


@pytest.fixture
async def ours_anon(sandbox):
    async with create_client(sandbox.api_url, sandbox.anon_key) as client:
        yield client


@pytest.fixture
async def official_anon(sandbox):
    from supabase import AsyncClientOptions, acreate_client

    options = AsyncClientOptions(auto_refresh_token=False)
    client = await acreate_client(sandbox.api_url, sandbox.anon_key, options)
    yield client
    await client.postgrest.aclose()


@pytest.fixture
async def ours_admin(sandbox):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        yield client.auth.admin


@pytest.fixture
async def official_admin(sandbox):
    from supabase import AsyncClientOptions, acreate_client

    options = AsyncClientOptions(auto_refresh_token=False, persist_session=False)
    client = await acreate_client(sandbox.api_url, sandbox.service_role_key, options)
    yield client.auth.admin
    await client.postgrest.aclose()


def user_view(user) -> dict:
    """The user fields both clients expose, as comparable values."""
    return {
        "id": user.id,
        "email": user.email,
        "aud": user.aud,
        "role": user.role,
        "app_metadata": user.app_metadata,
        "user_metadata": user.user_metadata,
        "is_anonymous": user.is_anonymous,
        "providers": sorted(identity.provider for identity in user.identities or []),
        "email_confirmed_at": user.email_confirmed_at,
        "created_at": user.created_at,
    }


async def test_sign_up_same_user(ours_anon, official_anon):
    ours_email, official_email = fresh_email(), fresh_email()
    data = {"options": {"data": {"name": "Ann"}}}

    ours = await ours_anon.auth.sign_up({"email": ours_email, "password": "password", **data})
    official = await official_anon.auth.sign_up(
        {"email": official_email, "password": "password", **data}
    )

    assert (ours.session is None) == (official.session is None)
    assert ours.user.user_metadata == official.user.user_metadata
    assert ours.user.app_metadata == official.user.app_metadata
    assert ours.session.token_type == official.session.token_type
    assert ours.session.expires_in == official.session.expires_in


async def test_sign_in_same_user_view(ours_anon, official_anon):
    email = fresh_email()
    await ours_anon.auth.sign_up({"email": email, "password": "password"})
    await ours_anon.auth.sign_out()

    ours = await ours_anon.auth.sign_in_with_password({"email": email, "password": "password"})
    official = await official_anon.auth.sign_in_with_password(
        {"email": email, "password": "password"}
    )

    ours_view = user_view(ours.user)
    official_view = user_view(official.user)
    assert ours_view == official_view
    ours_user = (await ours_anon.auth.get_user()).user
    official_user = (await official_anon.auth.get_user()).user
    assert user_view(ours_user) == user_view(official_user)


@pytest.mark.parametrize(
    "case",
    ["wrong_password", "weak_password", "existing_user", "otp_no_create"],
)
async def test_same_errors(ours_anon, official_anon, case):
    from supabase_auth.errors import AuthError as OfficialAuthError

    email = fresh_email()
    if case in ("wrong_password", "existing_user"):
        await ours_anon.auth.sign_up({"email": email, "password": "password"})

    async def run(client):
        if case == "wrong_password":
            await client.auth.sign_in_with_password({"email": email, "password": "nope"})
        elif case == "weak_password":
            await client.auth.sign_up({"email": fresh_email(), "password": "abc"})
        elif case == "existing_user":
            await client.auth.sign_up({"email": email, "password": "password"})
        else:
            await client.auth.sign_in_with_otp(
                {"email": email, "options": {"should_create_user": False}}
            )

    with pytest.raises(AuthApiError) as ours:
        await run(ours_anon)
    with pytest.raises(OfficialAuthError) as official:
        await run(official_anon)

    assert ours.value.code == official.value.code
    assert ours.value.status == official.value.status
    assert ours.value.message == official.value.message
    if case == "weak_password":
        assert isinstance(ours.value, AuthWeakPasswordError)
        assert ours.value.reasons == official.value.reasons


async def test_oauth_url_same_parameters(ours_anon, official_anon):
    credentials = {
        "provider": "github",
        "options": {"redirect_to": "https://example.com/welcome", "scopes": "repo gist"},
    }

    ours = await ours_anon.auth.sign_in_with_oauth(credentials)
    official = await official_anon.auth.sign_in_with_oauth(credentials)

    ours_url, official_url = urlsplit(ours.url), urlsplit(official.url)
    ours_query, official_query = parse_qs(ours_url.query), parse_qs(official_url.query)
    assert ours_url.path == official_url.path
    assert sorted(ours_query) == sorted(official_query)
    for name in ("provider", "redirect_to", "scopes", "code_challenge_method"):
        assert ours_query[name] == official_query[name], name


async def test_mfa_enroll_and_aal_same(ours_anon, official_anon):
    email = fresh_email()
    await ours_anon.auth.sign_up({"email": email, "password": "password"})
    await official_anon.auth.sign_in_with_password({"email": email, "password": "password"})

    ours = await ours_anon.auth.mfa.enroll({"factor_type": "totp", "friendly_name": "ours"})
    official = await official_anon.auth.mfa.enroll(
        {"factor_type": "totp", "friendly_name": "theirs"}
    )

    assert ours.type == official.type
    assert ours.totp.qr_code.split(",", 1)[0] == official.totp.qr_code.split(",", 1)[0]
    ours_level = await ours_anon.auth.mfa.get_authenticator_assurance_level()
    official_level = await official_anon.auth.mfa.get_authenticator_assurance_level()
    assert ours_level.current_level == official_level.current_level
    assert ours_level.next_level == official_level.next_level
    ours_factors = await ours_anon.auth.mfa.list_factors()
    official_factors = await official_anon.auth.mfa.list_factors()
    assert sorted(f.id for f in ours_factors.all) == sorted(f.id for f in official_factors.all)
    assert len(ours_factors.totp) == len(official_factors.totp)


async def test_admin_list_and_get_same(ours_admin, official_admin):
    email = fresh_email()
    created = await ours_admin.create_user(
        {"email": email, "password": "password", "user_metadata": {"name": "Yoda"}}
    )

    ours_users = await ours_admin.list_users(page=1, per_page=500)
    official_users = await official_admin.list_users(page=1, per_page=500)
    ours_one = await ours_admin.get_user_by_id(created.user.id)
    official_one = await official_admin.get_user_by_id(created.user.id)

    assert [user.id for user in ours_users] == [user.id for user in official_users]
    assert user_view(ours_one.user) == user_view(official_one.user)


async def test_admin_generate_link_same_fields(ours_admin, official_admin):
    ours = await ours_admin.generate_link({"type": "magiclink", "email": fresh_email()})
    official = await official_admin.generate_link({"type": "magiclink", "email": fresh_email()})

    ours_properties = ours.properties.to_dict()
    official_properties = official.properties.model_dump()
    assert sorted(ours_properties) == sorted(official_properties)
    assert ours_properties["verification_type"] == official_properties["verification_type"]
    assert (
        urlsplit(ours_properties["action_link"]).path
        == urlsplit(official_properties["action_link"]).path
    )


async def test_admin_oauth_clients_same(ours_admin, official_admin):
    created = await ours_admin.oauth.create_client(
        {"client_name": "conformance", "redirect_uris": ["https://example.com/cb"]}
    )
    client_id = created.client.client_id

    ours = await ours_admin.oauth.get_client(client_id)
    official = await official_admin.oauth.get_client(client_id)

    assert ours.client.client_name == official.client.client_name
    assert ours.client.redirect_uris == official.client.redirect_uris
    assert ours.client.grant_types == official.client.grant_types
    assert ours.client.client_type == official.client.client_type
    ours_list = await ours_admin.oauth.list_clients()
    official_list = await official_admin.oauth.list_clients()
    assert [c.client_id for c in ours_list.clients] == [c.client_id for c in official_list.clients]
    await ours_admin.oauth.delete_client(client_id)
