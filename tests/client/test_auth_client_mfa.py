"""client.auth.mfa against the sandbox: TOTP enrolment, challenges, AAL and unenrolment."""

from __future__ import annotations

import pytest

from supatui.client import AuthApiError, AuthSessionMissingError
from supatui.client.auth import AuthMFAEnrollResponse, AuthMFAVerifyResponse
from supatui.client.errors import AuthInvalidCredentialsError


@pytest.fixture
async def user(anon_client, new_email):
    """The anon client signed in as a fresh email user."""
    await anon_client.auth.sign_up({"email": new_email, "password": "password123"})
    return anon_client


async def enroll_totp(client, name: str = "your_friendly_name") -> AuthMFAEnrollResponse:
    return await client.auth.mfa.enroll({"factor_type": "totp", "friendly_name": name})


async def test_enroll_example(user):
    response = await enroll_totp(user)

    assert response.type == "totp"
    assert response.friendly_name == "your_friendly_name"
    assert response.totp.qr_code.startswith("data:image/svg+xml;utf-8,<svg")
    assert response.totp.uri.startswith("otpauth://totp/")
    assert response.totp.secret in response.totp.uri


async def test_enroll_duplicate_name(user):
    await enroll_totp(user)

    with pytest.raises(AuthApiError) as caught:
        await enroll_totp(user)

    assert caught.value.code == "mfa_factor_name_conflict"
    assert caught.value.status == 422


async def test_enroll_bad_factor_type(user):
    with pytest.raises(AuthInvalidCredentialsError, match="'sms'"):
        await user.auth.mfa.enroll({"factor_type": "sms"})


async def test_enroll_signed_out(anon_client):
    with pytest.raises(AuthSessionMissingError):
        await enroll_totp(anon_client)


async def test_challenge_and_verify_examples(user, totp):
    factor = await enroll_totp(user)
    events: list[str] = []
    user.auth.on_auth_state_change(lambda event, session: events.append(event))

    challenge = await user.auth.mfa.challenge({"factor_id": factor.id})
    verified = await user.auth.mfa.verify(
        {"factor_id": factor.id, "challenge_id": challenge.id, "code": totp(factor.totp.secret)}
    )

    assert challenge.expires_at > 0
    assert isinstance(verified, AuthMFAVerifyResponse)
    assert (await user.auth.get_session()).access_token == verified.access_token
    assert events[-1] == "MFA_CHALLENGE_VERIFIED"
    level = await user.auth.mfa.get_authenticator_assurance_level()
    assert level.current_level == "aal2"
    assert level.next_level == "aal2"
    assert "totp" in [entry.method for entry in level.current_authentication_methods]


async def test_challenge_and_verify_in_one_step(user, totp):
    factor = await enroll_totp(user)

    await user.auth.mfa.challenge_and_verify(
        {"factor_id": factor.id, "code": totp(factor.totp.secret)}
    )

    factors = await user.auth.mfa.list_factors()
    assert [f.id for f in factors.totp] == [factor.id]
    assert factors.phone == []


async def test_verify_wrong_code(user, totp):
    factor = await enroll_totp(user)
    right = totp(factor.totp.secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    with pytest.raises(AuthApiError) as caught:
        await user.auth.mfa.challenge_and_verify({"factor_id": factor.id, "code": wrong})

    assert caught.value.code == "mfa_verification_failed"
    assert caught.value.status == 422


async def test_aal_before_verification(user):
    await enroll_totp(user)

    level = await user.auth.mfa.get_authenticator_assurance_level()

    assert level.current_level == "aal1"
    assert level.next_level == "aal1"
    assert [entry.method for entry in level.current_authentication_methods] == ["password"]


async def test_aal_next_level_after_new_sign_in(user, sandbox, new_email, totp):
    factor = await enroll_totp(user)
    await user.auth.mfa.challenge_and_verify(
        {"factor_id": factor.id, "code": totp(factor.totp.secret)}
    )
    from supatui.client import create_client

    async with create_client(sandbox.api_url, sandbox.anon_key) as fresh:
        await fresh.auth.sign_in_with_password({"email": new_email, "password": "password123"})
        level = await fresh.auth.mfa.get_authenticator_assurance_level()

    assert level.current_level == "aal1"
    assert level.next_level == "aal2"


async def test_aal_signed_out(anon_client):
    level = await anon_client.auth.mfa.get_authenticator_assurance_level()

    assert level.current_level is None
    assert level.next_level is None


async def test_unenroll_example(user):
    factor = await enroll_totp(user)

    response = await user.auth.mfa.unenroll({"factor_id": factor.id})

    assert response.id == factor.id
    assert (await user.auth.mfa.list_factors()).all == []


async def test_list_factors_unverified(user):
    factor = await enroll_totp(user)

    factors = await user.auth.mfa.list_factors()

    assert [f.id for f in factors.all] == [factor.id]
    assert factors.all[0].status == "unverified"
    assert factors.totp == []
