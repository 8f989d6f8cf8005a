"""Sandbox /auth/v1 against real HTTP and PostgreSQL: sign-up, grants, sessions, mail, errors."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

MODERN = {"X-Supabase-Api-Version": "2024-01-01"}


def unique_email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture
async def auth(sandbox) -> httpx.AsyncClient:
    async with httpx.AsyncClient(
        base_url=f"{sandbox.api_url}/auth/v1", headers={"apikey": sandbox.anon_key}, timeout=10
    ) as client:
        yield client


@pytest.fixture
def admin_headers(sandbox) -> dict[str, str]:
    return {"apikey": sandbox.service_role_key, "Authorization": f"Bearer {sandbox.service_role_key}"}


async def sign_up(auth: httpx.AsyncClient, email: str | None = None, password: str = "secret-pass", **extra: Any):
    response = await auth.post("/signup", json={"email": email or unique_email(), "password": password, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


async def latest_mail(auth: httpx.AsyncClient, admin_headers: dict[str, str], recipient: str) -> dict[str, Any]:
    response = await auth.get("/mailbox", params={"recipient": recipient}, headers=admin_headers)
    assert response.status_code == 200, response.text
    messages = response.json()
    assert messages, f"no message to {recipient}"
    return messages[0]


# -- discovery and gateway ---------------------------------------------------------------------


async def test_settings_lists_providers(auth):
    response = await auth.get("/settings")

    assert response.status_code == 200
    body = response.json()
    assert body["external"]["email"] is True
    assert body["external"]["anonymous_users"] is True
    assert body["mailer_autoconfirm"] is True


def test_missing_apikey_rejected_by_gateway(sandbox):
    response = httpx.get(f"{sandbox.api_url}/auth/v1/settings")

    assert response.status_code == 401
    assert response.json()["message"] == "No API key found in request"


def test_jwks_open_and_empty_for_hs256(sandbox):
    response = httpx.get(f"{sandbox.api_url}/auth/v1/.well-known/jwks.json")

    assert response.status_code == 200
    assert response.json() == {"keys": []}


# -- sign-up and password grant --------------------------------------------------------------


async def test_signup_autoconfirm_returns_session(auth):
    email = unique_email()
    session = await sign_up(auth, email, data={"full_name": "Ann"})

    user = session["user"]
    assert user["email"] == email
    assert user["user_metadata"] == {"full_name": "Ann"}
    assert user["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert user["identities"][0]["provider"] == "email"
    assert "email_confirmed_at" in user
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == 3600

    claims = claims_of(session["access_token"])
    assert claims["sub"] == user["id"]
    assert claims["role"] == "authenticated"
    assert claims["aud"] == "authenticated"
    assert claims["aal"] == "aal1"
    assert [entry["method"] for entry in claims["amr"]] == ["password"]
    assert uuid.UUID(claims["session_id"])
    assert claims["is_anonymous"] is False


async def test_signup_email_is_lowercased(auth):
    email = unique_email()
    session = await sign_up(auth, email.upper())

    assert session["user"]["email"] == email


async def test_signup_twice_user_already_exists(auth):
    email = unique_email()
    await sign_up(auth, email)

    legacy = await auth.post("/signup", json={"email": email, "password": "secret-pass"})
    modern = await auth.post("/signup", json={"email": email, "password": "secret-pass"}, headers=MODERN)

    assert legacy.status_code == 422
    assert legacy.json() == {"code": 422, "error_code": "user_already_exists", "msg": "User already registered"}
    assert legacy.headers["x-sb-error-code"] == "user_already_exists"
    assert modern.json() == {"code": "user_already_exists", "message": "User already registered"}
    assert modern.headers["x-supabase-api-version"] == "2024-01-01"


async def test_signup_short_password_weak(auth):
    response = await auth.post("/signup", json={"email": unique_email(), "password": "abc"})

    assert response.status_code == 422
    assert response.json()["error_code"] == "weak_password"
    assert response.json()["weak_password"] == {"reasons": ["length"]}


async def test_signup_bad_json(auth):
    response = await auth.post("/signup", content=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_json"


async def test_anonymous_signup(auth):
    response = await auth.post("/signup", json={"data": {"theme": "dark"}})

    assert response.status_code == 200
    user = response.json()["user"]
    assert user["is_anonymous"] is True
    assert user["app_metadata"] == {}
    assert user["identities"] == []
    assert user["user_metadata"] == {"theme": "dark"}
    claims = claims_of(response.json()["access_token"])
    assert claims["is_anonymous"] is True
    assert [entry["method"] for entry in claims["amr"]] == ["anonymous"]


async def test_password_grant_email(auth):
    email = unique_email()
    await sign_up(auth, email)

    response = await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})

    assert response.status_code == 200
    assert response.json()["user"]["email"] == email
    assert "last_sign_in_at" in response.json()["user"]


async def test_password_grant_wrong_password(auth):
    email = unique_email()
    await sign_up(auth, email)

    wrong = await auth.post("/token?grant_type=password", json={"email": email, "password": "nope-nope"})
    unknown = await auth.post("/token?grant_type=password", json={"email": unique_email(), "password": "x"})

    assert wrong.status_code == 400
    assert wrong.json()["error_code"] == "invalid_credentials"
    assert wrong.json()["msg"] == "Invalid login credentials"
    assert unknown.json()["error_code"] == "invalid_credentials"


async def test_phone_signup_and_password_grant(auth):
    phone = f"1555{secrets.randbelow(10**7):07d}"
    signup = await auth.post("/signup", json={"phone": f"+{phone}", "password": "secret-pass"})
    assert signup.status_code == 200, signup.text
    assert signup.json()["user"]["phone"] == phone

    response = await auth.post("/token?grant_type=password", json={"phone": f"+{phone}", "password": "secret-pass"})

    assert response.status_code == 200
    assert response.json()["user"]["phone"] == phone


async def test_unknown_grant_type(auth):
    response = await auth.post("/token?grant_type=magic", json={})

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_credentials"


async def test_banned_user_cannot_sign_in_or_refresh(auth, sql):
    email = unique_email()
    session = await sign_up(auth, email)
    await sql(
        "update auth.users set banned_until = now() + interval '1 hour' where email = $1", email, reload=False
    )

    login = await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})
    refresh = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})

    assert login.status_code == 400
    assert login.json()["error_code"] == "user_banned"
    assert refresh.status_code == 400
    assert refresh.json()["error_code"] == "user_banned"


# -- refresh tokens and sessions ---------------------------------------------------------------


async def test_refresh_rotates_token(auth):
    session = await sign_up(auth)

    response = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})

    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh_token"] != session["refresh_token"]
    assert claims_of(rotated["access_token"])["session_id"] == claims_of(session["access_token"])["session_id"]


async def test_refresh_reuse_within_interval_returns_active(auth):
    session = await sign_up(auth)
    first = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})

    again = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})

    assert again.status_code == 200
    assert again.json()["refresh_token"] == first.json()["refresh_token"]


async def test_refresh_reuse_after_interval_revokes_family(auth, sql):
    session = await sign_up(auth)
    first = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})
    await sql(
        "update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1",
        session["refresh_token"], reload=False,
    )

    reused = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": session["refresh_token"]})
    after = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": first.json()["refresh_token"]})

    assert reused.status_code == 400
    assert reused.json()["error_code"] == "refresh_token_already_used"
    assert after.status_code == 400


async def test_refresh_without_token_oauth_shape(auth):
    response = await auth.post("/token?grant_type=refresh_token", json={})

    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request", "error_description": "refresh_token required"}


async def test_refresh_unknown_token(auth):
    response = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": "nope"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "refresh_token_not_found"


async def test_logout_local_keeps_other_sessions(auth):
    email = unique_email()
    first = await sign_up(auth, email)
    second = (await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})).json()

    response = await auth.post("/logout?scope=local", headers=bearer(first))

    assert response.status_code == 204
    assert (await auth.get("/user", headers=bearer(first))).status_code == 403
    assert (await auth.get("/user", headers=bearer(second))).status_code == 200


async def test_logout_others_and_global(auth):
    email = unique_email()
    first = await sign_up(auth, email)
    second = (await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})).json()

    others = await auth.post("/logout?scope=others", headers=bearer(first))
    assert others.status_code == 204
    refresh_second = await auth.post("/token?grant_type=refresh_token", json={"refresh_token": second["refresh_token"]})
    assert refresh_second.status_code == 400
    assert (await auth.get("/user", headers=bearer(first))).status_code == 200

    await auth.post("/logout", headers=bearer(first))
    gone = await auth.get("/user", headers=bearer(first))
    assert gone.status_code == 403
    assert gone.json()["error_code"] == "session_not_found"


async def test_logout_invalid_scope(auth):
    session = await sign_up(auth)

    response = await auth.post("/logout?scope=everyone", headers=bearer(session))

    assert response.status_code == 400
    assert (await auth.get("/user", headers=bearer(session))).status_code == 200


# -- tokens on user routes ---------------------------------------------------------------------


async def test_user_with_expired_token_bad_jwt(auth, sandbox):
    token = sandbox.mint_token(sub=str(uuid.uuid4()), exp_in=-3600)

    response = await auth.get("/user", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403
    assert response.json()["error_code"] == "bad_jwt"


async def test_user_with_anon_key_missing_sub(auth):
    response = await auth.get("/user")

    assert response.status_code == 403
    assert response.json()["error_code"] == "bad_jwt"


async def test_user_with_empty_bearer(auth):
    response = await auth.get("/user", headers={"Authorization": "Bearer"})

    assert response.status_code == 401
    assert response.json()["error_code"] == "no_authorization"


async def test_access_token_works_with_rls(auth, sandbox, sql, unique_name):
    await sql(
        f"create table public.{unique_name} (owner uuid default auth.uid(), note text);"
        f"alter table public.{unique_name} enable row level security;"
        f"create policy own on public.{unique_name} using (owner = auth.uid()) with check (owner = auth.uid());"
    )
    session = await sign_up(auth)
    headers = {"apikey": sandbox.anon_key, **bearer(session)}

    async with httpx.AsyncClient(base_url=f"{sandbox.api_url}/rest/v1", headers=headers) as rest:
        insert = await rest.post(f"/{unique_name}", json={"note": "mine"})
        rows = await rest.get(f"/{unique_name}")

    assert insert.status_code == 201, insert.text
    assert rows.json() == [{"owner": session["user"]["id"], "note": "mine"}]


# -- user updates ------------------------------------------------------------------------------


async def test_put_user_merges_data(auth):
    session = await sign_up(auth, data={"a": 1, "b": 2})

    response = await auth.put("/user", json={"data": {"b": None, "c": 3}}, headers=bearer(session))

    assert response.status_code == 200
    assert response.json()["user_metadata"] == {"a": 1, "c": 3}


async def test_put_user_app_metadata_not_admin(auth):
    session = await sign_up(auth)

    response = await auth.put("/user", json={"app_metadata": {"x": 1}}, headers=bearer(session))

    assert response.status_code == 403
    assert response.json()["error_code"] == "not_admin"


async def test_put_user_password_then_sign_in(auth):
    email = unique_email()
    session = await sign_up(auth, email)

    same = await auth.put("/user", json={"password": "secret-pass"}, headers=bearer(session))
    changed = await auth.put("/user", json={"password": "new-secret"}, headers=bearer(session))
    login = await auth.post("/token?grant_type=password", json={"email": email, "password": "new-secret"})

    assert same.status_code == 422
    assert same.json()["error_code"] == "same_password"
    assert changed.status_code == 200
    assert login.status_code == 200


async def test_put_user_email_autoconfirmed(auth):
    session = await sign_up(auth)
    new_email = unique_email()

    response = await auth.put("/user", json={"email": new_email}, headers=bearer(session))

    assert response.status_code == 200
    assert response.json()["email"] == new_email
    assert "new_email" not in response.json()


async def test_anonymous_user_converts_with_email(auth):
    anonymous = (await auth.post("/signup", json={})).json()
    email = unique_email()

    response = await auth.put("/user", json={"email": email}, headers=bearer(anonymous))

    assert response.status_code == 200
    assert response.json()["is_anonymous"] is False
    assert [identity["provider"] for identity in response.json()["identities"]] == ["email"]


async def test_reauthenticate_sends_nonce(auth, admin_headers):
    email = unique_email()
    session = await sign_up(auth, email)

    response = await auth.get("/reauthenticate", headers=bearer(session))

    assert response.status_code == 200
    mail = await latest_mail(auth, admin_headers, email)
    assert len(mail["otp"]) == 6
    assert mail["otp"].isdigit()


# -- one-time codes, links and PKCE ------------------------------------------------------------


async def test_otp_email_code_signs_in(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)

    sent = await auth.post("/otp", json={"email": email})
    mail = await latest_mail(auth, admin_headers, email)
    verified = await auth.post("/verify", json={"type": "email", "email": email, "token": mail["otp"]})
    replay = await auth.post("/verify", json={"type": "email", "email": email, "token": mail["otp"]})

    assert sent.status_code == 200
    assert sent.json() == {}
    assert verified.status_code == 200, verified.text
    assert [entry["method"] for entry in claims_of(verified.json()["access_token"])["amr"]] == ["otp"]
    assert replay.status_code == 403
    assert replay.json()["error_code"] == "otp_expired"


async def test_otp_without_create_user(auth):
    response = await auth.post("/otp", json={"email": unique_email(), "create_user": False})

    assert response.status_code == 422
    assert response.json()["error_code"] == "otp_disabled"


async def test_otp_phone_creates_user(auth, admin_headers):
    phone = f"1666{secrets.randbelow(10**7):07d}"

    sent = await auth.post("/otp", json={"phone": f"+{phone}"})
    sms = await latest_mail(auth, admin_headers, phone)
    verified = await auth.post("/verify", json={"type": "sms", "phone": phone, "token": sms["otp"]})

    assert sent.status_code == 200
    assert "message_id" in sent.json()
    assert sms["kind"] == "sms"
    assert verified.status_code == 200, verified.text
    assert "phone_confirmed_at" in verified.json()["user"]


async def test_magic_link_get_redirects_with_fragment(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)
    await auth.post("/magiclink?redirect_to=http://localhost:3000/welcome", json={"email": email})
    mail = await latest_mail(auth, admin_headers, email)

    response = await auth.get(mail["link"], headers={})

    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "http://localhost:3000/welcome"
    fragment = parse_qs(location.fragment)
    assert fragment["token_type"] == ["bearer"]
    assert fragment["type"] == ["magiclink"]
    assert claims_of(fragment["access_token"][0])["email"] == email


async def test_used_link_redirects_with_error(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)
    await auth.post("/magiclink", json={"email": email})
    mail = await latest_mail(auth, admin_headers, email)
    await auth.get(mail["link"])

    response = await auth.get(mail["link"])

    fragment = parse_qs(urlsplit(response.headers["location"]).fragment)
    assert response.status_code == 303
    assert fragment["error_code"] == ["otp_expired"]


async def test_verify_with_token_hash(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)
    await auth.post("/magiclink", json={"email": email})
    mail = await latest_mail(auth, admin_headers, email)
    token_hash = parse_qs(urlsplit(mail["link"]).query)["token"][0]

    response = await auth.post("/verify", json={"type": "magiclink", "token_hash": token_hash})

    assert response.status_code == 200, response.text
    assert response.json()["user"]["email"] == email


@pytest.mark.parametrize("method", ["s256", "plain"])
async def test_pkce_magic_link_exchange(auth, admin_headers, method):
    email = unique_email()
    await sign_up(auth, email)
    verifier = secrets.token_urlsafe(48)
    challenge = verifier
    if method == "s256":
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    await auth.post("/otp", json={"email": email, "code_challenge": challenge, "code_challenge_method": method})
    mail = await latest_mail(auth, admin_headers, email)
    assert "token=pkce_" in mail["link"]

    redirect = await auth.get(mail["link"])
    code = parse_qs(urlsplit(redirect.headers["location"]).query)["code"][0]
    wrong = await auth.post("/token?grant_type=pkce", json={"auth_code": code, "code_verifier": "x" * 43})
    exchanged = await auth.post("/token?grant_type=pkce", json={"auth_code": code, "code_verifier": verifier})
    again = await auth.post("/token?grant_type=pkce", json={"auth_code": code, "code_verifier": verifier})

    assert redirect.status_code == 303
    assert wrong.status_code == 400
    assert wrong.json()["error_code"] == "bad_code_verifier"
    assert exchanged.status_code == 200, exchanged.text
    assert exchanged.json()["user"]["email"] == email
    assert again.status_code == 404
    assert again.json()["error_code"] == "flow_state_not_found"


async def test_recover_then_set_password(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)

    sent = await auth.post("/recover", json={"email": email})
    unknown = await auth.post("/recover", json={"email": unique_email()})
    mail = await latest_mail(auth, admin_headers, email)
    session = (await auth.post("/verify", json={"type": "recovery", "email": email, "token": mail["otp"]})).json()
    await auth.put("/user", json={"password": "recovered-pass"}, headers=bearer(session))
    login = await auth.post("/token?grant_type=password", json={"email": email, "password": "recovered-pass"})

    assert sent.status_code == 200
    assert unknown.status_code == 200
    assert [entry["method"] for entry in claims_of(session["access_token"])["amr"]] == ["recovery"]
    assert login.status_code == 200


async def test_resend_invalid_type(auth):
    response = await auth.post("/resend", json={"type": "carrier-pigeon", "email": unique_email()})

    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_failed"


async def test_second_mail_too_soon_rate_limited(auth):
    email = unique_email()
    await sign_up(auth, email)
    await auth.post("/otp", json={"email": email})

    response = await auth.post("/otp", json={"email": email})

    assert response.status_code == 429
    assert response.json()["error_code"] == "over_email_send_rate_limit"


async def test_mailbox_requires_service_role(auth):
    response = await auth.get("/mailbox")

    assert response.status_code == 403
    assert response.json()["error_code"] == "not_admin"


async def test_mailbox_delete_clears_recipient(auth, admin_headers):
    email = unique_email()
    await sign_up(auth, email)
    await auth.post("/otp", json={"email": email})

    deleted = await auth.delete("/mailbox", params={"recipient": email}, headers=admin_headers)
    listed = await auth.get("/mailbox", params={"recipient": email}, headers=admin_headers)

    assert deleted.status_code == 204
    assert listed.json() == []
