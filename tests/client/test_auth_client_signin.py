"""Sign-up and sign-in calls against the sandbox's /auth/v1: the documented examples and their errors."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from supatui.client import AuthApiError, AuthWeakPasswordError, ClientOptions, create_client
from supatui.client.auth import AuthOtpResponse, AuthResponse, OAuthResponse
from supatui.client.auth._pkce import code_challenge
from supatui.client.errors import AuthInvalidCredentialsError, AuthPKCEError

REDIRECT = "http://127.0.0.1:3000/welcome"


async def follow_link(link: str) -> str:
    """Open an email link without following the redirect and return its Location."""
    async with httpx.AsyncClient() as http:
        response = await http.get(link)
    assert response.status_code == 303, response.text
    return response.headers["location"]


async def test_sign_up_example(anon_client, new_email):
    response = await anon_client.auth.sign_up({"email": new_email, "password": "password"})

    assert isinstance(response, AuthResponse)
    assert response.user.email == new_email
    assert response.session is not None
    assert response.session.user.id == response.user.id
    assert (await anon_client.auth.get_session()).access_token == response.session.access_token


async def test_sign_up_with_metadata(anon_client, new_email):
    response = await anon_client.auth.sign_up(
        {
            "email": new_email,
            "password": "password",
            "options": {"data": {"first_name": "John", "age": 27}, "email_redirect_to": REDIRECT},
        }
    )

    assert response.user.user_metadata["first_name"] == "John"
    assert response.user.user_metadata["age"] == 27


async def test_sign_up_with_phone(anon_client, unique_name):
    phone = "+1555" + str(int(time.time() * 1000))[-7:]
    response = await anon_client.auth.sign_up({"phone": phone, "password": "password"})

    assert response.user.phone == phone.lstrip("+")


async def test_sign_up_existing_user(anon_client, new_email):
    await anon_client.auth.sign_up({"email": new_email, "password": "password"})

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_up({"email": new_email, "password": "password"})

    assert caught.value.code == "user_already_exists"
    assert caught.value.status == 422


async def test_sign_up_weak_password(anon_client, new_email):
    with pytest.raises(AuthWeakPasswordError) as caught:
        await anon_client.auth.sign_up({"email": new_email, "password": "abc"})

    assert caught.value.code == "weak_password"
    assert caught.value.status == 422
    assert "length" in caught.value.reasons


async def test_sign_up_without_email_rejected(anon_client):
    with pytest.raises(AuthInvalidCredentialsError, match="'email' or 'phone'"):
        await anon_client.auth.sign_up({"password": "password"})


async def test_sign_in_anonymously_example(anon_client):
    response = await anon_client.auth.sign_in_anonymously({"options": {"captcha_token": ""}})

    assert response.user.is_anonymous is True
    assert response.session is not None


async def test_sign_in_anonymously_with_metadata(anon_client):
    response = await anon_client.auth.sign_in_anonymously({"options": {"data": {"plan": "trial"}}})

    assert response.user.user_metadata == {"plan": "trial"}


async def test_sign_in_with_password_example(anon_client, sandbox, new_email):
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        await other.auth.sign_up({"email": new_email, "password": "example-password"})

    response = await anon_client.auth.sign_in_with_password(
        {"email": new_email, "password": "example-password"}
    )

    assert response.user.email == new_email
    assert response.session.refresh_token
    assert response.session.expires_at > time.time()


async def test_sign_in_wrong_password(anon_client, new_email):
    await anon_client.auth.sign_up({"email": new_email, "password": "example-password"})

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_in_with_password({"email": new_email, "password": "wrong"})

    assert caught.value.code == "invalid_credentials"
    assert caught.value.status == 400


async def test_sign_in_with_id_token_example(anon_client):
    # The sandbox verifies ID tokens only for its own provider, so "google" is rejected.
    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_in_with_id_token(
            {"provider": "google", "token": "your-id-token"}
        )

    assert caught.value.status == 400
    assert caught.value.code == "validation_failed"


async def test_sign_in_with_id_token_sandbox(anon_client, sandbox, new_email):
    import jwt

    id_token = jwt.encode(
        {"sub": new_email, "email": new_email, "exp": int(time.time()) + 60},
        sandbox.jwt_secret,
        algorithm="HS256",
    )

    response = await anon_client.auth.sign_in_with_id_token(
        {"provider": "sandbox", "token": id_token}
    )

    assert response.user.email == new_email
    assert response.session is not None


async def test_sign_in_with_otp_then_verify(anon_client, new_email, mailbox):
    response = await anon_client.auth.sign_in_with_otp(
        {"email": new_email, "options": {"email_redirect_to": "https://example.com/welcome"}}
    )
    assert isinstance(response, AuthOtpResponse)

    messages = await mailbox(new_email)
    assert len(messages) == 1
    verified = await anon_client.auth.verify_otp(
        {"email": new_email, "token": messages[0]["otp"], "type": "email"}
    )

    assert verified.user.email == new_email
    assert verified.session is not None


async def test_sign_in_with_otp_no_create(anon_client, new_email):
    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_in_with_otp(
            {"email": new_email, "options": {"should_create_user": False}}
        )

    assert caught.value.code == "otp_disabled"


async def test_verify_otp_wrong_code(anon_client, new_email, mailbox):
    await anon_client.auth.sign_in_with_otp({"email": new_email})
    code = (await mailbox(new_email))[0]["otp"]
    wrong = "000000" if code != "000000" else "111111"

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.verify_otp({"email": new_email, "token": wrong, "type": "email"})

    assert caught.value.code == "otp_expired"
    assert caught.value.status == 403


async def test_verify_otp_token_hash(anon_client, sandbox, new_email):
    async with create_client(sandbox.api_url, sandbox.service_role_key) as admin:
        link = await admin.auth.admin.generate_link({"type": "magiclink", "email": new_email})

    response = await anon_client.auth.verify_otp(
        {"token_hash": link.properties.hashed_token, "type": "email"}
    )

    assert response.user.email == new_email
    assert response.session is not None


async def test_sign_in_with_oauth_example(anon_client):
    response = await anon_client.auth.sign_in_with_oauth({"provider": "github"})

    assert isinstance(response, OAuthResponse)
    parts = urlsplit(response.url)
    query = parse_qs(parts.query)
    assert parts.path == "/auth/v1/authorize"
    assert query["provider"] == ["github"]
    assert query["code_challenge_method"] == ["s256"]
    verifier = await anon_client.auth._sessions.storage.get_item(anon_client.auth._verifier_key)
    assert query["code_challenge"] == [code_challenge(verifier)]


async def test_sign_in_with_oauth_redirect_and_scopes(anon_client):
    response = await anon_client.auth.sign_in_with_oauth(
        {
            "provider": "github",
            "options": {
                "redirect_to": "https://example.com/welcome",
                "scopes": "repo gist notifications",
                "query_params": {"prompt": "consent"},
            },
        }
    )

    query = parse_qs(urlsplit(response.url).query)
    assert query["redirect_to"] == ["https://example.com/welcome"]
    assert query["scopes"] == ["repo gist notifications"]
    assert query["prompt"] == ["consent"]


async def test_oauth_url_reaches_provider(anon_client):
    response = await anon_client.auth.sign_in_with_oauth({"provider": "github"})

    async with httpx.AsyncClient() as http:
        answer = await http.get(response.url)

    assert answer.status_code == 302
    assert answer.headers["location"].startswith("https://github.com/login/oauth/authorize?")


async def test_sign_in_with_oauth_implicit(sandbox):
    options = ClientOptions(flow_type="implicit")
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as implicit:
        response = await implicit.auth.sign_in_with_oauth({"provider": "github"})

    assert "code_challenge" not in parse_qs(urlsplit(response.url).query)


async def test_sign_in_with_sso_example(anon_client):
    # The sandbox has no SAML identity providers.
    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_in_with_sso({"domain": "company.com"})

    assert caught.value.status == 404


async def test_exchange_code_for_session(anon_client, new_email, mailbox):
    await anon_client.auth.sign_in_with_otp(
        {"email": new_email, "options": {"email_redirect_to": REDIRECT}}
    )
    link = (await mailbox(new_email))[0]["link"]
    location = await follow_link(link)
    code = parse_qs(urlsplit(location).query)["code"][0]

    response = await anon_client.auth.exchange_code_for_session({"auth_code": code})

    assert response.user.email == new_email
    assert (await anon_client.auth.get_session()) is not None
    stored = await anon_client.auth._sessions.storage.get_item(anon_client.auth._verifier_key)
    assert stored is None


async def test_exchange_code_example_unknown(anon_client):
    await anon_client.auth.sign_in_with_oauth({"provider": "github"})

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.exchange_code_for_session(
            {"auth_code": "34e770dd-9ff9-416c-87fa-43b31d7ef225"}
        )

    assert caught.value.code == "flow_state_not_found"


async def test_exchange_code_without_verifier(anon_client):
    with pytest.raises(AuthPKCEError, match="code verifier"):
        await anon_client.auth.exchange_code_for_session(
            {"auth_code": "34e770dd-9ff9-416c-87fa-43b31d7ef225"}
        )


async def test_reset_password_example(anon_client, new_email, mailbox):
    await anon_client.auth.sign_up({"email": new_email, "password": "old-password"})
    await asyncio.sleep(1.1)  # the sandbox allows one email per address per second
    events: list[str] = []
    anon_client.auth.on_auth_state_change(lambda event, session: events.append(event))

    await anon_client.auth.reset_password_for_email(
        new_email, {"redirect_to": "https://example.com/update-password"}
    )
    recovery = [m for m in await mailbox(new_email) if "recovery" in (m["link"] or "")]
    assert len(recovery) == 1
    await anon_client.auth.verify_otp(
        {"email": new_email, "token": recovery[0]["otp"], "type": "recovery"}
    )
    await anon_client.auth.update_user({"password": "new-password"})

    assert "PASSWORD_RECOVERY" in events
    await anon_client.auth.sign_out()
    response = await anon_client.auth.sign_in_with_password(
        {"email": new_email, "password": "new-password"}
    )
    assert response.user.email == new_email


async def test_resend_example(sandbox, new_email, mailbox):
    options = ClientOptions()
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as client:
        await client.auth.sign_in_with_otp({"email": new_email})
        await asyncio.sleep(1.1)

        response = await client.auth.resend(
            {
                "type": "signup",
                "email": new_email,
                "options": {"email_redirect_to": "https://example.com/welcome"},
            }
        )

    assert isinstance(response, AuthOtpResponse)
    assert len(await mailbox(new_email)) >= 1


async def test_resend_without_type(anon_client, new_email):
    with pytest.raises(AuthInvalidCredentialsError, match="'type'"):
        await anon_client.auth.resend({"email": new_email})


async def test_sign_in_with_sso_provider_id(anon_client):
    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.sign_in_with_sso(
            {"provider_id": "21648a9d-8d5a-4555-a9d1-d6375dc14e92"}
        )

    assert caught.value.status == 404
