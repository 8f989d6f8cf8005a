"""Admin user API over HTTP: create, read, list, update, ban, delete and users' factors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from supatui.sandbox.auth.totp import totp


def unique_email(tag: str = "admin") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def unique_phone() -> str:
    return f"1444{uuid.uuid4().int % 10**7:07d}"


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


async def create(http: httpx.AsyncClient, admin: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("email", unique_email())
    response = await http.post("/admin/users", json=body, headers=admin)
    assert response.status_code == 200, response.text
    return response.json()


async def sign_in(http: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await http.post(
        "/token", params={"grant_type": "password"}, json={"email": email, "password": password}
    )


async def test_admin_needs_admin_role(http: httpx.AsyncClient, sandbox: Any) -> None:
    user_token = sandbox.mint_token(sub=str(uuid.uuid4()))

    with_anon_key = await http.get("/admin/users")
    with_user_token = await http.get("/admin/users", headers={"Authorization": f"Bearer {user_token}"})

    assert with_anon_key.status_code == 403
    assert with_anon_key.json() == {"code": "not_admin", "message": "User not allowed"}
    assert with_user_token.status_code == 403
    assert with_user_token.json()["code"] == "not_admin"


async def test_create_user_fields(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email()

    user = await create(
        http, admin, email=email.upper(), password="password123", email_confirm=True,
        user_metadata={"full_name": "Ann Admin"}, app_metadata={"plan": "pro"},
    )

    assert user["email"] == email
    assert user["aud"] == "authenticated"
    assert user["role"] == "authenticated"
    assert user["user_metadata"] == {"full_name": "Ann Admin"}
    assert user["app_metadata"] == {"provider": "email", "providers": ["email"], "plan": "pro"}
    assert "email_confirmed_at" in user
    assert [identity["provider"] for identity in user["identities"]] == ["email"]
    assert user["identities"][0]["identity_data"]["email_verified"] is True
    assert (await sign_in(http, email, "password123")).status_code == 200


async def test_create_unconfirmed_cannot_sign_in(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin, password="password123")

    response = await sign_in(http, user["email"], "password123")

    assert "email_confirmed_at" not in user
    assert response.status_code == 400
    assert response.json()["code"] == "email_not_confirmed"


async def test_create_phone_and_email(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    phone = unique_phone()

    user = await create(http, admin, phone=f"+{phone}", phone_confirm=True)

    assert user["phone"] == phone
    assert "phone_confirmed_at" in user
    assert user["app_metadata"]["providers"] == ["email", "phone"]
    assert sorted(identity["provider"] for identity in user["identities"]) == ["email", "phone"]


async def test_create_with_id_and_role(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user_id = str(uuid.uuid4())

    user = await create(http, admin, id=user_id, role="editor")

    assert user["id"] == user_id
    assert user["role"] == "editor"


async def test_create_duplicate_email(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin)

    response = await http.post("/admin/users", json={"email": user["email"]}, headers=admin)

    assert response.status_code == 422
    assert response.json()["code"] == "email_exists"


async def test_create_duplicate_phone(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin, phone=unique_phone())

    response = await http.post("/admin/users", json={"phone": user["phone"]}, headers=admin)

    assert response.status_code == 422
    assert response.json()["code"] == "phone_exists"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "validation_failed"),
        ({"email": "not-an-email"}, "validation_failed"),
        ({"email": "x@example.com", "id": "42"}, "validation_failed"),
        ({"email": "x@example.com", "ban_duration": "forever"}, "validation_failed"),
        ({"email": "x@example.com", "user_metadata": ["a"]}, "validation_failed"),
        ({"email": "x@example.com", "password_hash": "plain"}, "validation_failed"),
    ],
)
async def test_create_rejects_bad_input(
    http: httpx.AsyncClient, admin: dict[str, str], body: dict[str, Any], code: str
) -> None:
    response = await http.post("/admin/users", json=body, headers=admin)

    assert response.status_code == 400
    assert response.json()["code"] == code


async def test_create_weak_password(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.post(
        "/admin/users", json={"email": unique_email(), "password": "abc"}, headers=admin
    )

    assert response.status_code == 422
    assert response.json()["code"] == "weak_password"


async def test_create_with_bcrypt_hash(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    import bcrypt

    hashed = bcrypt.hashpw(b"imported-pass", bcrypt.gensalt(4)).decode()
    user = await create(http, admin, password_hash=hashed, email_confirm=True)

    response = await sign_in(http, user["email"], "imported-pass")

    assert response.status_code == 200, response.text


async def test_get_user(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin)

    found = await http.get(f"/admin/users/{user['id']}", headers=admin)
    missing = await http.get(f"/admin/users/{uuid.uuid4()}", headers=admin)
    malformed = await http.get("/admin/users/not-a-uuid", headers=admin)

    assert found.json()["email"] == user["email"]
    assert missing.status_code == 404
    assert missing.json()["code"] == "user_not_found"
    assert malformed.status_code == 404
    assert malformed.json()["code"] == "validation_failed"


async def test_list_pagination_headers(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    for _ in range(3):
        await create(http, admin)

    response = await http.get("/admin/users", params={"page": 1, "per_page": 2}, headers=admin)

    body = response.json()
    total = int(response.headers["x-total-count"])
    last = -(-total // 2)
    assert response.status_code == 200
    assert body["aud"] == "authenticated"
    assert len(body["users"]) == 2
    assert total >= 3
    assert '</admin/users?page=2&per_page=2>; rel="next"' in response.headers["link"]
    assert f'</admin/users?page={last}&per_page=2>; rel="last"' in response.headers["link"]


async def test_list_newest_first(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    older = await create(http, admin)
    newer = await create(http, admin)

    body = (await http.get("/admin/users", params={"per_page": 2}, headers=admin)).json()

    assert [user["id"] for user in body["users"]] == [newer["id"], older["id"]]


async def test_list_sort_ascending(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:8]
    first = await create(http, admin, email=f"{tag}-a@example.com")
    second = await create(http, admin, email=f"{tag}-b@example.com")

    body = (
        await http.get("/admin/users", params={"filter": tag, "sort": "created_at asc"}, headers=admin)
    ).json()

    assert [user["id"] for user in body["users"]] == [first["id"], second["id"]]


async def test_list_filter_email_phone_id(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:10]
    phone = unique_phone()
    user = await create(http, admin, email=f"filter-{tag}@example.com", phone=phone)

    by_email = await http.get("/admin/users", params={"filter": tag.upper()}, headers=admin)
    by_phone = await http.get("/admin/users", params={"filter": f"+{phone}"}, headers=admin)
    by_id = await http.get("/admin/users", params={"filter": user["id"][-12:]}, headers=admin)

    for response in (by_email, by_phone, by_id):
        assert [found["id"] for found in response.json()["users"]] == [user["id"]]
        assert response.headers["x-total-count"] == "1"


async def test_list_filter_escapes_wildcards(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.get("/admin/users", params={"filter": "%_%_%_%"}, headers=admin)

    assert response.status_code == 200
    assert response.json()["users"] == []


async def test_list_rejects_bad_paging(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    bad_page = await http.get("/admin/users", params={"page": "zero"}, headers=admin)
    bad_sort = await http.get("/admin/users", params={"sort": "password asc"}, headers=admin)

    assert bad_page.status_code == 400
    assert bad_sort.status_code == 400
    assert bad_sort.json()["code"] == "validation_failed"


async def test_update_metadata_merges(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin, user_metadata={"a": 1, "b": 2})

    response = await http.put(
        f"/admin/users/{user['id']}",
        json={"user_metadata": {"b": None, "c": 3}, "app_metadata": {"tier": "gold"}},
        headers=admin,
    )

    updated = response.json()
    assert response.status_code == 200, response.text
    assert updated["user_metadata"] == {"a": 1, "c": 3}
    assert updated["app_metadata"]["tier"] == "gold"
    assert updated["app_metadata"]["providers"] == ["email"]


async def test_update_ban_and_unban(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin, password="password123", email_confirm=True)

    banned = await http.put(f"/admin/users/{user['id']}", json={"ban_duration": "24h"}, headers=admin)
    refused = await sign_in(http, user["email"], "password123")
    lifted = await http.put(f"/admin/users/{user['id']}", json={"ban_duration": "none"}, headers=admin)
    accepted = await sign_in(http, user["email"], "password123")

    until = parse_time(banned.json()["banned_until"]) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=23, minutes=59) < until <= dt.timedelta(hours=24)
    assert refused.status_code == 400
    assert refused.json()["code"] == "user_banned"
    assert "banned_until" not in lifted.json()
    assert accepted.status_code == 200


async def test_update_ban_compound_duration(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin)

    response = await http.put(f"/admin/users/{user['id']}", json={"ban_duration": "1h30m"}, headers=admin)

    until = parse_time(response.json()["banned_until"]) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=89) < until <= dt.timedelta(minutes=90)


async def test_update_password_and_confirm(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin, password="password123")

    response = await http.put(
        f"/admin/users/{user['id']}", json={"password": "new-secret-1", "email_confirm": True},
        headers=admin,
    )

    assert "email_confirmed_at" in response.json()
    assert (await sign_in(http, user["email"], "password123")).status_code == 400
    assert (await sign_in(http, user["email"], "new-secret-1")).status_code == 200


async def test_update_email_moves_identity(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin)
    new_email = unique_email("moved")

    response = await http.put(f"/admin/users/{user['id']}", json={"email": new_email}, headers=admin)

    updated = response.json()
    assert updated["email"] == new_email
    assert updated["identities"][0]["identity_data"]["email"] == new_email


async def test_update_email_taken(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    first = await create(http, admin)
    second = await create(http, admin)

    response = await http.put(f"/admin/users/{second['id']}", json={"email": first["email"]}, headers=admin)

    assert response.status_code == 422
    assert response.json()["code"] == "email_exists"


async def test_update_unknown_user(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.put(f"/admin/users/{uuid.uuid4()}", json={"role": "x"}, headers=admin)

    assert response.status_code == 404
    assert response.json()["code"] == "user_not_found"


async def test_hard_delete(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    user = await create(http, admin)

    deleted = await http.delete(f"/admin/users/{user['id']}", headers=admin)
    found = await http.get(f"/admin/users/{user['id']}", headers=admin)

    assert deleted.status_code == 200
    assert deleted.json() == {}
    assert found.status_code == 404


async def test_soft_delete_scrambles(http: httpx.AsyncClient, admin: dict[str, str], sql: Any) -> None:
    user = await create(http, admin, phone=unique_phone(), password="password123", email_confirm=True)

    deleted = await http.request(
        "DELETE", f"/admin/users/{user['id']}", json={"should_soft_delete": True}, headers=admin
    )
    row = await sql.fetchrow("select * from auth.users where id = $1", uuid.UUID(user["id"]))
    listed = await http.get("/admin/users", params={"filter": user["email"]}, headers=admin)
    recreated = await http.post("/admin/users", json={"email": user["email"]}, headers=admin)

    assert deleted.status_code == 200
    assert row["deleted_at"] is not None
    assert row["email"] != user["email"]
    assert row["phone"] != user["phone"]
    assert row["encrypted_password"] is None
    assert listed.json()["users"] == []
    assert recreated.status_code == 200
    assert (await sign_in(http, user["email"], "password123")).status_code == 400


async def test_delete_unknown_user(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.delete(f"/admin/users/{uuid.uuid4()}", headers=admin)

    assert response.status_code == 404
    assert response.json()["code"] == "user_not_found"


async def test_admin_factor_list_and_delete(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    email = unique_email()
    session = (await http.post("/signup", json={"email": email, "password": "password123"})).json()
    token = {"Authorization": f"Bearer {session['access_token']}"}
    factor = (await http.post("/factors", json={"factor_type": "totp", "friendly_name": "Key"}, headers=token)).json()
    challenge = (await http.post(f"/factors/{factor['id']}/challenge", headers=token)).json()
    upgraded = (
        await http.post(
            f"/factors/{factor['id']}/verify",
            json={"challenge_id": challenge["id"], "code": totp(factor["totp"]["secret"])}, headers=token,
        )
    ).json()
    user_id = session["user"]["id"]

    listed = await http.get(f"/admin/users/{user_id}/factors", headers=admin)
    renamed = await http.put(
        f"/admin/users/{user_id}/factors/{factor['id']}", json={"friendly_name": "Renamed"}, headers=admin
    )
    deleted = await http.delete(f"/admin/users/{user_id}/factors/{factor['id']}", headers=admin)
    missing = await http.delete(f"/admin/users/{user_id}/factors/{factor['id']}", headers=admin)
    refreshed = await http.post(
        "/token", params={"grant_type": "refresh_token"}, json={"refresh_token": upgraded["refresh_token"]}
    )

    assert [(f["id"], f["status"]) for f in listed.json()] == [(factor["id"], "verified")]
    assert renamed.json()["friendly_name"] == "Renamed"
    assert deleted.status_code == 200
    assert deleted.json()["id"] == factor["id"]
    assert missing.status_code == 404
    assert missing.json()["code"] == "mfa_factor_not_found"
    assert refreshed.json()["user"].get("factors") is None
    import jwt

    assert jwt.decode(refreshed.json()["access_token"], options={"verify_signature": False})["aal"] == "aal1"


async def test_admin_factors_unknown_user(http: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await http.get(f"/admin/users/{uuid.uuid4()}/factors", headers=admin)

    assert response.status_code == 404
    assert response.json()["code"] == "user_not_found"
