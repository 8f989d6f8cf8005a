"""Phone sign-in against the sandbox: password, SMS and WhatsApp codes, and phone changes."""

from __future__ import annotations

import uuid

import pytest

from supatui.client import create_client


@pytest.fixture
def new_phone() -> str:
    """A fresh E.164 number such as ``+15550123456``."""
    return "+1555" + str(uuid.uuid4().int)[:7]


async def test_sign_up_and_sign_in_with_phone(anon_client, new_phone):
    await anon_client.auth.sign_up({"phone": new_phone, "password": "some-password"})
    await anon_client.auth.sign_out()

    response = await anon_client.auth.sign_in_with_password(
        {"phone": new_phone, "password": "some-password"}
    )

    assert response.user.phone == new_phone.lstrip("+")
    assert response.session is not None


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
async def test_sign_in_with_otp_phone(anon_client, new_phone, mailbox, channel):
    await anon_client.auth.sign_in_with_otp({"phone": new_phone, "options": {"channel": channel}})

    messages = await mailbox(new_phone)
    assert len(messages) == 1
    assert messages[0]["kind"] == "sms"
    response = await anon_client.auth.verify_otp(
        {"phone": new_phone, "token": messages[0]["otp"], "type": "sms"}
    )

    assert response.user.phone == new_phone.lstrip("+")
    assert response.session is not None


async def test_update_user_phone(anon_client, new_email, new_phone):
    await anon_client.auth.sign_up({"email": new_email, "password": "password123"})

    response = await anon_client.auth.update_user({"phone": new_phone})

    # The test sandbox confirms automatically, so the change applies without a code.
    assert response.user.phone == new_phone.lstrip("+")
    assert (await anon_client.auth.get_user()).user.phone == new_phone.lstrip("+")


async def test_admin_create_user_phone_confirmed(sandbox, new_phone):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as service:
        response = await service.auth.admin.create_user(
            {"phone": new_phone, "password": "password", "phone_confirm": True}
        )

    assert response.user.phone == new_phone.lstrip("+")
    assert response.user.phone_confirmed_at is not None


@pytest.mark.parametrize("link_type", ["invite", "magiclink", "recovery", "email_change_current"])
async def test_admin_generate_link_types(sandbox, new_email, link_type):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as service:
        if link_type in ("recovery", "email_change_current"):
            await service.auth.admin.create_user({"email": new_email, "email_confirm": True})
        params = {"type": link_type, "email": new_email}
        if link_type == "email_change_current":
            params["new_email"] = f"changed-{new_email}"

        response = await service.auth.admin.generate_link(params)

    assert response.user.email == new_email
    assert response.properties.action_link
    assert response.properties.hashed_token
