"""client.auth.admin against the sandbox: users, links, factors and OAuth clients."""

from __future__ import annotations

import uuid

import pytest

from supatui.client import AuthApiError, create_client
from supatui.client.auth import GenerateLinkResponse, OAuthClientListResponse, User, UserResponse
from supatui.client.errors import AuthAdminRoleError


@pytest.fixture
async def admin(sandbox):
    """A service-role client with its own session store."""
    async with create_client(sandbox.api_url, sandbox.service_role_key) as service:
        yield service.auth.admin


async def test_get_user_by_id_example_rejects_non_uuid(admin):
    with pytest.raises(ValueError, match="1 is not a valid UUID"):
        await admin.get_user_by_id(1)


async def test_get_user_by_id(admin, new_email):
    created = await admin.create_user({"email": new_email, "password": "password"})

    response = await admin.get_user_by_id(created.user.id)

    assert isinstance(response, UserResponse)
    assert response.user.email == new_email


async def test_get_user_by_id_unknown(admin):
    with pytest.raises(AuthApiError) as caught:
        await admin.get_user_by_id(str(uuid.uuid4()))

    assert caught.value.code == "user_not_found"
    assert caught.value.status == 404


async def test_list_users_example(admin, new_email):
    await admin.create_user({"email": new_email, "password": "password"})

    users = await admin.list_users()

    assert all(isinstance(user, User) for user in users)
    assert new_email in [user.email for user in users]


async def test_list_users_paginated(admin, unique_name):
    for index in range(3):
        await admin.create_user({"email": f"{unique_name}-{index}@example.com"})

    page = await admin.list_users_page(page=1, per_page=2, filter=unique_name)
    second = await admin.list_users(page=2, per_page=2, filter=unique_name)

    assert len(page.users) == 2
    assert page.total == 3
    assert page.next_page == 2
    assert page.last_page == 2
    assert len(second) == 1


async def test_create_user_example(admin, new_email):
    response = await admin.create_user(
        {"email": new_email, "password": "password", "user_metadata": {"name": "Yoda"}}
    )

    assert response.user.email == new_email
    assert response.user.user_metadata == {"name": "Yoda"}


async def test_create_user_confirmed(admin, new_email):
    response = await admin.create_user({"email": new_email, "email_confirm": True})

    assert response.user.email_confirmed_at is not None


async def test_create_user_existing_email(admin, new_email):
    await admin.create_user({"email": new_email})

    with pytest.raises(AuthApiError) as caught:
        await admin.create_user({"email": new_email})

    assert caught.value.code == "email_exists"
    assert caught.value.status == 422


async def test_delete_user_example(admin, new_email):
    created = await admin.create_user({"email": new_email})

    await admin.delete_user(created.user.id)

    with pytest.raises(AuthApiError) as caught:
        await admin.get_user_by_id(created.user.id)
    assert caught.value.code == "user_not_found"


async def test_delete_user_soft(admin, new_email):
    created = await admin.create_user({"email": new_email})

    await admin.delete_user(created.user.id, should_soft_delete=True)

    response = await admin.get_user_by_id(created.user.id)
    assert response.user.deleted_at is not None


async def test_invite_user_by_email_example(admin, new_email, mailbox):
    response = await admin.invite_user_by_email(new_email)

    assert response.user.email == new_email
    assert response.user.invited_at is not None
    assert len(await mailbox(new_email)) == 1


async def test_generate_link_example(admin, new_email, sandbox):
    response = await admin.generate_link(
        {"type": "signup", "email": new_email, "password": "secret"}
    )

    assert isinstance(response, GenerateLinkResponse)
    assert response.user.email == new_email
    assert response.properties.verification_type == "signup"
    assert "/auth/v1/verify?" in response.properties.action_link
    assert len(response.properties.email_otp) == 6
    async with create_client(sandbox.api_url, sandbox.anon_key) as user_client:
        verified = await user_client.auth.verify_otp(
            {"token_hash": response.properties.hashed_token, "type": "signup"}
        )
    assert verified.user.id == response.user.id


async def test_generate_recovery_link_unknown(admin, new_email):
    with pytest.raises(AuthApiError) as caught:
        await admin.generate_link({"type": "recovery", "email": new_email})

    assert caught.value.code == "user_not_found"


async def test_update_user_by_id_example(admin, new_email, unique_name):
    created = await admin.create_user({"email": new_email})

    response = await admin.update_user_by_id(
        created.user.id, {"email": f"new-{unique_name}@example.com"}
    )

    assert response.user.email == f"new-{unique_name}@example.com"


async def test_update_user_by_id_metadata_and_ban(admin, new_email):
    created = await admin.create_user({"email": new_email, "app_metadata": {"plan": "free"}})

    response = await admin.update_user_by_id(
        created.user.id, {"app_metadata": {"plan": "pro"}, "ban_duration": "24h"}
    )

    assert response.user.app_metadata["plan"] == "pro"
    assert response.user.banned_until is not None


async def test_admin_sign_out(admin, sandbox, new_email):
    async with create_client(sandbox.api_url, sandbox.anon_key) as user_client:
        await user_client.auth.sign_up({"email": new_email, "password": "password"})
        session = await user_client.auth.get_session()

        await admin.sign_out(session.access_token)

        with pytest.raises(AuthApiError):
            await user_client.auth.refresh_session()


async def test_admin_mfa_delete_factor_example(admin, sandbox, new_email, totp):
    async with create_client(sandbox.api_url, sandbox.anon_key) as user_client:
        await user_client.auth.sign_up({"email": new_email, "password": "password"})
        factor = await user_client.auth.mfa.enroll({"factor_type": "totp", "friendly_name": "x"})
        user_id = (await user_client.auth.get_session()).user.id

    listed = await admin.mfa.list_factors({"user_id": user_id})
    response = await admin.mfa.delete_factor({"id": factor.id, "user_id": user_id})

    assert [f.id for f in listed.factors] == [factor.id]
    assert response.id == factor.id
    assert (await admin.mfa.list_factors({"user_id": user_id})).factors == []


@pytest.mark.parametrize("key_name", ["anon_key", "authenticated_token"])
async def test_admin_call_with_wrong_key(sandbox, key_name):
    key = sandbox.anon_key if key_name == "anon_key" else sandbox.mint_token()
    async with create_client(sandbox.api_url, key) as client:
        with pytest.raises(AuthAdminRoleError, match="needs the service_role key") as caught:
            await client.auth.admin.list_users()

    assert "'anon'" in caught.value.message or "'authenticated'" in caught.value.message


async def test_admin_works_while_user_signed_in(sandbox, new_email):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as client:
        await client.auth.sign_up({"email": new_email, "password": "password"})

        users = await client.auth.admin.list_users(filter=new_email)

    assert [user.email for user in users] == [new_email]


async def test_oauth_clients_examples(admin):
    created = await admin.oauth.create_client(
        {"name": "My OAuth Client", "redirect_uris": ["https://example.com/callback"]}
    )
    client_id = created.client.client_id
    assert created.client.client_name == "My OAuth Client"
    assert created.client.client_secret

    listed = await admin.oauth.list_clients()
    fetched = await admin.oauth.get_client(client_id)
    updated = await admin.oauth.update_client(
        client_id,
        {
            "name": "Updated OAuth Client",
            "redirect_uris": ["https://example.com/callback", "https://example.com/callback2"],
        },
    )
    regenerated = await admin.oauth.regenerate_client_secret(client_id)
    await admin.oauth.delete_client(client_id)

    assert isinstance(listed, OAuthClientListResponse)
    assert client_id in [client.client_id for client in listed.clients]
    assert fetched.client.client_secret is None
    assert updated.client.client_name == "Updated OAuth Client"
    assert len(updated.client.redirect_uris) == 2
    assert regenerated.client.client_secret not in (None, created.client.client_secret)
    with pytest.raises(AuthApiError) as caught:
        await admin.oauth.get_client(client_id)
    assert caught.value.code == "oauth_client_not_found"


async def test_oauth_list_clients_paginated(admin, unique_name):
    for index in range(3):
        await admin.oauth.create_client(
            {"client_name": f"{unique_name}-{index}", "redirect_uris": ["https://example.com/cb"]}
        )

    page = await admin.oauth.list_clients({"page": 1, "per_page": 2})

    assert len(page.clients) == 2
    assert page.total >= 3


async def test_oauth_create_client_invalid_uri(admin):
    with pytest.raises(AuthApiError) as caught:
        await admin.oauth.create_client(
            {"client_name": "bad", "redirect_uris": ["http://example.com/callback"]}
        )

    assert caught.value.status == 400
    assert caught.value.code == "validation_failed"
