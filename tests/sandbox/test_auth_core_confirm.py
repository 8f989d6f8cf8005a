"""Sandbox /auth/v1 with confirmation required and ES256 tokens, plus OAuth and identities."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from supatui.sandbox import SandboxSettings, SandboxThread


def unique_email() -> str:
    return f"confirm-{uuid.uuid4().hex[:10]}@example.com"


@pytest.fixture(scope="module")
def strict_sandbox():
    settings = SandboxSettings(auth_autoconfirm=False, jwt_algorithm="ES256", auth_bcrypt_rounds=4)
    with SandboxThread(settings) as running:
        yield running


@pytest.fixture
async def auth(strict_sandbox) -> httpx.AsyncClient:
    async with httpx.AsyncClient(
        base_url=f"{strict_sandbox.api_url}/auth/v1", headers={"apikey": strict_sandbox.anon_key}, timeout=10
    ) as client:
        yield client


async def mails(auth: httpx.AsyncClient, sandbox: SandboxThread, recipient: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {sandbox.service_role_key}"}
    response = await auth.get("/mailbox", params={"recipient": recipient}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def confirmed_session(auth, sandbox, email: str) -> dict[str, Any]:
    await auth.post("/signup", json={"email": email, "password": "secret-pass"})
    otp = (await mails(auth, sandbox, email))[0]["otp"]
    response = await auth.post("/verify", json={"type": "signup", "email": email, "token": otp})
    assert response.status_code == 200, response.text
    return response.json()


async def test_signup_returns_user_and_mail(auth, strict_sandbox):
    email = unique_email()

    response = await auth.post("/signup", json={"email": email, "password": "secret-pass"})
    messages = await mails(auth, strict_sandbox, email)

    assert response.status_code == 200
    assert "access_token" not in response.json()
    assert response.json()["email"] == email
    assert "confirmation_sent_at" in response.json()
    assert "email_confirmed_at" not in response.json()
    assert len(messages) == 1
    assert messages[0]["subject"] == "Confirm Your Signup"
    assert messages[0]["otp"] in messages[0]["body"]
    assert "type=signup" in messages[0]["link"]


async def test_unconfirmed_password_grant_rejected(auth):
    email = unique_email()
    await auth.post("/signup", json={"email": email, "password": "secret-pass"})

    response = await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "email_not_confirmed"


async def test_signup_link_confirms_and_redirects(auth, strict_sandbox):
    email = unique_email()
    await auth.post("/signup", json={"email": email, "password": "secret-pass"})
    link = (await mails(auth, strict_sandbox, email))[0]["link"]

    redirect = await auth.get(link)
    login = await auth.post("/token?grant_type=password", json={"email": email, "password": "secret-pass"})

    assert redirect.status_code == 303
    assert parse_qs(urlsplit(redirect.headers["location"]).fragment)["type"] == ["signup"]
    assert login.status_code == 200


async def test_confirmed_signup_again_is_obfuscated(auth, strict_sandbox):
    email = unique_email()
    session = await confirmed_session(auth, strict_sandbox, email)

    response = await auth.post("/signup", json={"email": email, "password": "secret-pass"})

    assert response.status_code == 200
    assert response.json()["identities"] == []
    assert response.json()["id"] != session["user"]["id"]


async def test_resend_signup_sends_new_code(auth, strict_sandbox):
    email = unique_email()
    await auth.post("/signup", json={"email": email, "password": "secret-pass"})
    await asyncio.sleep(1.1)  # the mailbox accepts one message per address per second

    response = await auth.post("/resend", json={"type": "signup", "email": email})
    messages = await mails(auth, strict_sandbox, email)

    assert response.status_code == 200
    assert len(messages) == 2
    stale = await auth.post("/verify", json={"type": "signup", "email": email, "token": messages[1]["otp"]})
    fresh = await auth.post("/verify", json={"type": "signup", "email": email, "token": messages[0]["otp"]})
    assert stale.status_code == 403
    assert fresh.status_code == 200


async def test_email_change_needs_both_addresses(auth, strict_sandbox):
    email = unique_email()
    session = await confirmed_session(auth, strict_sandbox, email)
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    new_email = unique_email()
    await asyncio.sleep(1.1)  # the mailbox accepts one message per address per second

    changed = await auth.put("/user", json={"email": new_email}, headers=headers)
    to_new = (await mails(auth, strict_sandbox, new_email))[0]["otp"]
    to_old = (await mails(auth, strict_sandbox, email))[0]["otp"]
    first = await auth.post("/verify", json={"type": "email_change", "email": new_email, "token": to_new})
    second = await auth.post("/verify", json={"type": "email_change", "email": email, "token": to_old})

    assert changed.json()["email"] == email
    assert changed.json()["new_email"] == new_email
    assert first.json()["code"] == "200"
    assert second.status_code == 200, second.text
    assert second.json()["user"]["email"] == new_email


async def test_es256_token_verifies_with_jwks(auth, strict_sandbox):
    session = await confirmed_session(auth, strict_sandbox, unique_email())
    jwks = (await auth.get("/.well-known/jwks.json", headers={"apikey": ""})).json()

    header = jwt.get_unverified_header(session["access_token"])
    key = jwt.PyJWK(jwks["keys"][0])
    claims = jwt.decode(session["access_token"], key.key, algorithms=["ES256"], options={"verify_aud": False})

    assert header["alg"] == "ES256"
    assert header["kid"] == jwks["keys"][0]["kid"]
    assert claims["sub"] == session["user"]["id"]
    assert (await auth.get("/user", headers={"Authorization": f"Bearer {session['access_token']}"})).status_code == 200


# -- OAuth, id_token and identities ----------------------------------------------------------


def test_authorize_redirects_to_provider(strict_sandbox):
    url = f"{strict_sandbox.api_url}/auth/v1/authorize"
    params = {"provider": "github", "redirect_to": "http://localhost:3000/cb", "scopes": "repo",
              "code_challenge": "a" * 43, "code_challenge_method": "s256", "prompt": "consent"}

    response = httpx.get(url, params=params)

    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    query = parse_qs(location.query)
    assert location.netloc == "github.com"
    assert query["scope"] == ["repo"]
    assert query["prompt"] == ["consent"]
    assert uuid.UUID(query["state"][0])


def test_authorize_unknown_provider(strict_sandbox):
    response = httpx.get(f"{strict_sandbox.api_url}/auth/v1/authorize", params={"provider": "myspace"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_failed"


def sandbox_id_token(sandbox: SandboxThread, sub: str, email: str) -> str:
    now = int(time.time())
    claims = {"sub": sub, "email": email, "email_verified": True, "iat": now, "exp": now + 300}
    return jwt.encode(claims, sandbox.jwt_secret, algorithm="HS256")


async def test_id_token_grant_and_unlink(auth, strict_sandbox):
    email = unique_email()
    token = sandbox_id_token(strict_sandbox, f"ext-{uuid.uuid4().hex}", email)

    first = await auth.post("/token?grant_type=id_token", json={"provider": "sandbox", "id_token": token})
    assert first.status_code == 200, first.text
    headers = {"Authorization": f"Bearer {first.json()['access_token']}"}
    identities = first.json()["user"]["identities"]
    last = await auth.delete(f"/user/identities/{identities[0]['identity_id']}", headers=headers)
    link = await auth.get("/user/identities/authorize", params={"provider": "google", "skip_http_redirect": "true"},
                          headers=headers)

    assert first.json()["user"]["email"] == email
    assert [identity["provider"] for identity in identities] == ["sandbox"]
    assert last.status_code == 422
    assert last.json()["error_code"] == "single_identity_not_deletable"
    assert link.status_code == 200
    assert link.json()["url"].startswith("https://accounts.google.com/")


async def test_id_token_links_existing_email_user(auth, strict_sandbox):
    email = unique_email()
    session = await confirmed_session(auth, strict_sandbox, email)
    token = sandbox_id_token(strict_sandbox, f"ext-{uuid.uuid4().hex}", email)

    response = await auth.post("/token?grant_type=id_token", json={"provider": "sandbox", "id_token": token})
    user = response.json()["user"]
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    sandbox_identity = next(identity for identity in user["identities"] if identity["provider"] == "sandbox")
    unlinked = await auth.delete(f"/user/identities/{sandbox_identity['identity_id']}", headers=headers)
    after = await auth.get("/user", headers=headers)

    assert user["id"] == session["user"]["id"]
    assert sorted(user["app_metadata"]["providers"]) == ["email", "sandbox"]
    assert unlinked.status_code == 200
    assert after.json()["app_metadata"]["providers"] == ["email"]


async def test_id_token_other_provider_rejected(auth):
    response = await auth.post("/token?grant_type=id_token", json={"provider": "google", "id_token": "x"})

    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_failed"


async def test_es256_token_accepted_by_rest(auth, strict_sandbox):
    session = await confirmed_session(auth, strict_sandbox, unique_email())
    headers = {"apikey": strict_sandbox.anon_key, "Authorization": f"Bearer {session['access_token']}"}
    forged = session["access_token"][:-4] + ("AAAA" if not session["access_token"].endswith("AAAA") else "BBBB")

    async with httpx.AsyncClient(base_url=f"{strict_sandbox.api_url}/rest/v1", timeout=10) as rest:
        accepted = await rest.get("/rpc/nope", headers=headers)
        rejected = await rest.get("/rpc/nope", headers={**headers, "Authorization": f"Bearer {forged}"})

    # The token passes the gateway (the unknown function is the next error), a forged one does not.
    assert accepted.status_code == 404
    assert accepted.json()["code"] == "PGRST202"
    assert rejected.status_code == 401
    assert rejected.json()["code"] == "PGRST301"
