"""Admin invitations and generate_link over HTTP, redeemed through /verify."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

LINK_FIELDS = ("action_link", "email_otp", "hashed_token", "verification_type", "redirect_to")




def unique_email(tag: str = "link") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


async def generate(http: httpx.AsyncClient, admin: dict[str, str], **body: Any) -> httpx.Response:
    return await http.post("/admin/generate_link", json=body, headers=admin)


async def confirmed_user(http: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    response = await http.post(
        "/admin/users",
        json={"email": unique_email(), "password": "password123", "email_confirm": True},
        headers=admin,
    )
    return response.json()


async def test_invite_creates_and_mails(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email("invite")

    response = await http.post(
        "/invite", json={"email": email, "data": {"team": "red"}},
        params={"redirect_to": "http://localhost:5173/welcome"}, headers=admin,
    )
    mail = (await http.get("/mailbox", params={"recipient": email}, headers=admin)).json()

    user = response.json()
    assert response.status_code == 200, response.text
    assert user["email"] == email
    assert "invited_at" in user
    assert "confirmation_sent_at" in user
    assert user["user_metadata"] == {"team": "red"}
    assert len(mail) == 1
    query = parse_qs(urlsplit(mail[0]["link"]).query)
    assert query["type"] == ["invite"]
    assert query["redirect_to"] == ["http://localhost:5173/welcome"]


async def test_invite_link_verifies(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email("invite")
    await http.post("/invite", json={"email": email}, headers=admin)
    mail = (await http.get("/mailbox", params={"recipient": email}, headers=admin)).json()

    response = await http.post("/verify", json={"type": "invite", "email": email, "token": mail[0]["otp"]})

    assert response.status_code == 200, response.text
    assert "email_confirmed_at" in response.json()["user"]


async def test_invite_confirmed_email_exists(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)

    response = await http.post("/invite", json={"email": user["email"]}, headers=admin)

    assert response.status_code == 422
    assert response.json()["code"] == "email_exists"


async def test_invite_needs_admin(http: httpx.AsyncClient) -> None:
    response = await http.post("/invite", json={"email": unique_email()})

    assert response.status_code == 403
    assert response.json()["code"] == "not_admin"


async def test_magiclink_flat_response(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)

    response = await generate(http, admin, type="magiclink", email=user["email"])

    body = response.json()
    assert response.status_code == 200, response.text
    assert body["id"] == user["id"]
    assert body["email"] == user["email"]
    for field in LINK_FIELDS:
        assert field in body
    assert body["verification_type"] == "magiclink"
    assert len(body["email_otp"]) == 6
    query = parse_qs(urlsplit(body["action_link"]).query)
    assert query["token"] == [body["hashed_token"]]
    assert query["type"] == ["magiclink"]


async def test_magiclink_sends_no_mail(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)

    await generate(http, admin, type="magiclink", email=user["email"])
    mail = (await http.get("/mailbox", params={"recipient": user["email"]}, headers=admin)).json()

    assert mail == []


async def test_magiclink_token_hash_signs_in(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)
    link = (await generate(http, admin, type="magiclink", email=user["email"])).json()

    response = await http.post("/verify", json={"type": "magiclink", "token_hash": link["hashed_token"]})

    assert response.status_code == 200, response.text
    assert response.json()["user"]["id"] == user["id"]


async def test_magiclink_unknown_email_is_signup(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email("new")

    body = (await generate(http, admin, type="magiclink", email=email)).json()

    assert body["verification_type"] == "signup"
    assert body["email"] == email


async def test_signup_link_needs_password(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    missing = await generate(http, admin, type="signup", email=unique_email())
    created = await generate(http, admin, type="signup", email=unique_email(), password="password123")

    assert missing.status_code == 400
    assert missing.json()["code"] == "validation_failed"
    assert created.status_code == 200
    assert created.json()["verification_type"] == "signup"
    assert "email_confirmed_at" not in created.json()


async def test_signup_link_otp_confirms(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email()
    link = (await generate(http, admin, type="signup", email=email, password="password123")).json()

    verified = await http.post("/verify", json={"type": "signup", "email": email, "token": link["email_otp"]})
    signed_in = await http.post(
        "/token", params={"grant_type": "password"}, json={"email": email, "password": "password123"}
    )

    assert verified.status_code == 200, verified.text
    assert signed_in.status_code == 200


async def test_recovery_link(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)

    known = await generate(
        http, admin, type="recovery", email=user["email"], redirect_to="http://localhost:3000/reset"
    )
    unknown = await generate(http, admin, type="recovery", email=unique_email())

    assert known.json()["verification_type"] == "recovery"
    assert known.json()["redirect_to"] == "http://localhost:3000/reset"
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "user_not_found"


async def test_invite_link_type(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    body = (await generate(http, admin, type="invite", email=unique_email())).json()

    assert body["verification_type"] == "invite"
    assert "invited_at" in body


async def test_email_change_links(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)
    new_email = unique_email("changed")

    link = (await generate(http, admin, type="email_change_new", email=user["email"], new_email=new_email)).json()
    first = await http.post("/verify", json={"type": "email_change", "token_hash": link["hashed_token"]})
    second = await http.post(
        "/verify", json={"type": "email_change", "email": user["email"], "token": link["email_otp"]}
    )
    after = (await http.get(f"/admin/users/{user['id']}", headers=admin)).json()

    assert link["verification_type"] == "email_change"
    assert link["new_email"] == new_email
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    assert after["email"] == new_email


async def test_email_change_needs_new_email(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await confirmed_user(http, admin)

    response = await generate(http, admin, type="email_change_current", email=user["email"])

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"


async def test_generate_link_bad_type(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await generate(http, admin, type="teleport", email=unique_email())

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
