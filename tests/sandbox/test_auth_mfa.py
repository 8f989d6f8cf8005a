"""MFA over HTTP: TOTP and phone factors, challenges, aal2 sessions and the AAL rules."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jwt

from supatui.sandbox.auth.totp import totp


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims_of(session: dict[str, Any]) -> dict[str, Any]:
    return jwt.decode(session["access_token"], options={"verify_signature": False})


async def sign_up(http: httpx.AsyncClient) -> dict[str, Any]:
    email = f"mfa-{uuid.uuid4().hex[:10]}@example.com"
    response = await http.post("/signup", json={"email": email, "password": "password123"})
    assert response.status_code == 200, response.text
    return response.json()


async def enroll_totp(http: httpx.AsyncClient, token: str, name: str = "Laptop") -> dict[str, Any]:
    response = await http.post(
        "/factors", json={"factor_type": "totp", "friendly_name": name}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    return response.json()


async def verify_totp_factor(http: httpx.AsyncClient, token: str, factor: dict[str, Any]) -> dict[str, Any]:
    challenge = await http.post(f"/factors/{factor['id']}/challenge", json={}, headers=bearer(token))
    assert challenge.status_code == 200, challenge.text
    response = await http.post(
        f"/factors/{factor['id']}/verify",
        json={"challenge_id": challenge.json()["id"], "code": totp(factor["totp"]["secret"])},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_enroll_totp_shape(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)

    factor = await enroll_totp(http, session["access_token"])

    assert uuid.UUID(factor["id"])
    assert factor["type"] == "totp"
    assert factor["friendly_name"] == "Laptop"
    assert len(factor["totp"]["secret"]) == 32
    assert factor["totp"]["qr_code"].startswith("<svg")
    uri = factor["totp"]["uri"]
    assert uri.startswith("otpauth://totp/")
    assert f"secret={factor['totp']['secret']}" in uri
    assert session["user"]["email"] in uri


async def test_enrolled_factor_unverified_in_user(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])

    user = (await http.get("/user", headers=bearer(session["access_token"]))).json()

    assert [(f["id"], f["status"], f["factor_type"]) for f in user["factors"]] == [
        (factor["id"], "unverified", "totp")
    ]


async def test_verify_totp_upgrades_to_aal2(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    token = session["access_token"]
    factor = await enroll_totp(http, token)

    upgraded = await verify_totp_factor(http, token, factor)

    claims = claims_of(upgraded)
    assert claims["aal"] == "aal2"
    assert claims["session_id"] == claims_of(session)["session_id"]
    methods = [entry["method"] for entry in claims["amr"]]
    assert methods[0] == "totp"
    assert "password" in methods
    assert upgraded["user"]["factors"][0]["status"] == "verified"


async def test_refresh_keeps_aal2(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])
    upgraded = await verify_totp_factor(http, session["access_token"], factor)

    refreshed = await http.post(
        "/token", params={"grant_type": "refresh_token"},
        json={"refresh_token": upgraded["refresh_token"]},
    )

    assert refreshed.status_code == 200, refreshed.text
    assert claims_of(refreshed.json())["aal"] == "aal2"


async def test_verify_wrong_code_fails(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    token = session["access_token"]
    factor = await enroll_totp(http, token)
    challenge = (await http.post(f"/factors/{factor['id']}/challenge", headers=bearer(token))).json()
    wrong = f"{(int(totp(factor['totp']['secret'])) + 500_000) % 1_000_000:06d}"

    response = await http.post(
        f"/factors/{factor['id']}/verify",
        json={"challenge_id": challenge["id"], "code": wrong}, headers=bearer(token),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "mfa_verification_failed"


async def test_challenge_used_twice_expires(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    token = session["access_token"]
    factor = await enroll_totp(http, token)
    challenge = (await http.post(f"/factors/{factor['id']}/challenge", headers=bearer(token))).json()
    body = {"challenge_id": challenge["id"], "code": totp(factor["totp"]["secret"])}

    first = await http.post(f"/factors/{factor['id']}/verify", json=body, headers=bearer(token))
    second = await http.post(
        f"/factors/{factor['id']}/verify", json=body,
        headers=bearer(first.json()["access_token"]),
    )

    assert first.status_code == 200
    assert second.status_code == 422
    assert second.json()["code"] == "mfa_challenge_expired"


async def test_old_challenge_expires(http: httpx.AsyncClient, sql: Any) -> None:
    session = await sign_up(http)
    token = session["access_token"]
    factor = await enroll_totp(http, token)
    challenge = (await http.post(f"/factors/{factor['id']}/challenge", headers=bearer(token))).json()
    await sql(
        "update auth.mfa_challenges set created_at = now() - interval '301 seconds' where id = $1",
        uuid.UUID(challenge["id"]), reload=False,
    )

    response = await http.post(
        f"/factors/{factor['id']}/verify",
        json={"challenge_id": challenge["id"], "code": totp(factor["totp"]["secret"])},
        headers=bearer(token),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "mfa_challenge_expired"


async def test_challenge_expires_at_is_five_minutes(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])

    challenge = (
        await http.post(f"/factors/{factor['id']}/challenge", headers=bearer(session["access_token"]))
    ).json()

    assert challenge["type"] == "totp"
    assert abs(challenge["expires_at"] - claims_of(session)["iat"] - 300) <= 5


async def test_unknown_factor_not_found(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)

    response = await http.post(
        f"/factors/{uuid.uuid4()}/challenge", headers=bearer(session["access_token"])
    )

    assert response.status_code == 404
    assert response.json()["code"] == "mfa_factor_not_found"


async def test_other_users_factor_not_found(http: httpx.AsyncClient) -> None:
    owner = await sign_up(http)
    stranger = await sign_up(http)
    factor = await enroll_totp(http, owner["access_token"])

    response = await http.post(
        f"/factors/{factor['id']}/challenge", headers=bearer(stranger["access_token"])
    )

    assert response.status_code == 404
    assert response.json()["code"] == "mfa_factor_not_found"


async def test_unknown_challenge_is_422(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])

    response = await http.post(
        f"/factors/{factor['id']}/verify",
        json={"challenge_id": str(uuid.uuid4()), "code": "123456"},
        headers=bearer(session["access_token"]),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "mfa_factor_not_found"


async def test_friendly_name_conflict(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    await enroll_totp(http, session["access_token"], name="Phone app")

    response = await http.post(
        "/factors", json={"factor_type": "totp", "friendly_name": "Phone app"},
        headers=bearer(session["access_token"]),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "mfa_factor_name_conflict"


async def test_too_many_factors(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    for index in range(10):
        await enroll_totp(http, session["access_token"], name=f"Factor {index}")

    response = await http.post(
        "/factors", json={"factor_type": "totp", "friendly_name": "Eleventh"},
        headers=bearer(session["access_token"]),
    )

    assert response.status_code == 422
    assert response.json()["code"] == "too_many_enrolled_mfa_factors"


async def test_enroll_after_verified_needs_aal2(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])
    upgraded = await verify_totp_factor(http, session["access_token"], factor)
    password_session = (
        await http.post(
            "/token", params={"grant_type": "password"},
            json={"email": session["user"]["email"], "password": "password123"},
        )
    ).json()

    at_aal1 = await http.post(
        "/factors", json={"factor_type": "totp", "friendly_name": "Second"},
        headers=bearer(password_session["access_token"]),
    )
    at_aal2 = await http.post(
        "/factors", json={"factor_type": "totp", "friendly_name": "Second"},
        headers=bearer(upgraded["access_token"]),
    )

    assert at_aal1.status_code == 403
    assert at_aal1.json()["code"] == "insufficient_aal"
    assert at_aal2.status_code == 200


async def test_unenroll_verified_needs_aal2(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])
    upgraded = await verify_totp_factor(http, session["access_token"], factor)
    password_session = (
        await http.post(
            "/token", params={"grant_type": "password"},
            json={"email": session["user"]["email"], "password": "password123"},
        )
    ).json()

    at_aal1 = await http.delete(f"/factors/{factor['id']}", headers=bearer(password_session["access_token"]))
    at_aal2 = await http.delete(f"/factors/{factor['id']}", headers=bearer(upgraded["access_token"]))
    user = (await http.get("/user", headers=bearer(upgraded["access_token"]))).json()

    assert at_aal1.status_code == 422
    assert at_aal1.json()["code"] == "insufficient_aal"
    assert at_aal2.status_code == 200
    assert at_aal2.json() == {"id": factor["id"]}
    assert not user.get("factors")


async def test_unenroll_downgrades_session(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])
    upgraded = await verify_totp_factor(http, session["access_token"], factor)
    await http.delete(f"/factors/{factor['id']}", headers=bearer(upgraded["access_token"]))

    refreshed = await http.post(
        "/token", params={"grant_type": "refresh_token"},
        json={"refresh_token": upgraded["refresh_token"]},
    )

    assert refreshed.status_code == 200, refreshed.text
    assert claims_of(refreshed.json())["aal"] == "aal1"


async def test_unenroll_unverified_at_aal1(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)
    factor = await enroll_totp(http, session["access_token"])

    response = await http.delete(f"/factors/{factor['id']}", headers=bearer(session["access_token"]))

    assert response.status_code == 200
    assert response.json()["id"] == factor["id"]


async def test_phone_factor_sms_flow(http: httpx.AsyncClient, sandbox: Any) -> None:
    session = await sign_up(http)
    token = session["access_token"]
    phone = f"1555{uuid.uuid4().int % 10**7:07d}"

    enrolled = await http.post(
        "/factors", json={"factor_type": "phone", "friendly_name": "Mobile", "phone": f"+{phone}"},
        headers=bearer(token),
    )
    challenge = await http.post(
        f"/factors/{enrolled.json()['id']}/challenge", json={"channel": "sms"}, headers=bearer(token)
    )
    messages = await http.get(
        "/mailbox", params={"recipient": phone}, headers=bearer(sandbox.service_role_key)
    )
    code = messages.json()[0]["otp"]
    verified = await http.post(
        f"/factors/{enrolled.json()['id']}/verify",
        json={"challenge_id": challenge.json()["id"], "code": code}, headers=bearer(token),
    )

    assert enrolled.status_code == 200, enrolled.text
    assert enrolled.json()["type"] == "phone"
    assert enrolled.json()["phone"] == phone
    assert challenge.json()["type"] == "phone"
    assert messages.json()[0]["kind"] == "sms"
    assert verified.status_code == 200, verified.text
    claims = claims_of(verified.json())
    assert claims["aal"] == "aal2"
    assert claims["amr"][0]["method"] == "mfa/phone"


async def test_unsupported_factor_type(http: httpx.AsyncClient) -> None:
    session = await sign_up(http)

    response = await http.post(
        "/factors", json={"factor_type": "fingerprint"}, headers=bearer(session["access_token"])
    )

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"


async def test_anonymous_user_cannot_enroll(http: httpx.AsyncClient) -> None:
    anonymous = (await http.post("/signup", json={})).json()

    response = await http.post(
        "/factors", json={"factor_type": "totp"}, headers=bearer(anonymous["access_token"])
    )

    assert response.status_code == 403
    assert response.json()["code"] == "no_authorization"


async def test_factors_need_bearer(http: httpx.AsyncClient, sandbox: Any) -> None:
    response = await http.post(
        "/factors", json={"factor_type": "totp"}, headers=bearer(sandbox.mint_token(role="anon"))
    )

    assert response.status_code == 403
    assert response.json()["code"] == "bad_jwt"
