"""Sessions against the sandbox: the signed-in user, events, sign-out and the REST token."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from supatui.client import (
    AuthApiError,
    AuthSessionMissingError,
    ClientOptions,
    create_client,
)
from supatui.client.auth import IdentitiesResponse, Session, UserResponse
from supatui.client.errors import AuthInvalidCredentialsError, AuthInvalidJwtError

PASSWORD = "password123"


@pytest.fixture
async def signed_in(anon_client, new_email):
    """The anon client, signed up and signed in as a fresh email user."""
    await anon_client.auth.sign_up({"email": new_email, "password": PASSWORD})
    return anon_client


@pytest.fixture(scope="module")
async def notes_table(sql, sandbox):
    """A table with row-level security: each user sees only their own notes."""
    await sql(
        """
        drop table if exists cl_auth_notes;
        create table cl_auth_notes (
            id serial primary key,
            owner uuid not null default auth.uid(),
            body text
        );
        alter table cl_auth_notes enable row level security;
        create policy own_notes on cl_auth_notes to authenticated
            using (owner = auth.uid()) with check (owner = auth.uid());
        grant all on cl_auth_notes to authenticated;
        grant usage on sequence cl_auth_notes_id_seq to authenticated;
        """
    )
    yield "cl_auth_notes"
    await sql("drop table if exists cl_auth_notes")


class CountingTransport(httpx.AsyncBaseTransport):
    """Forwards to the real network transport and counts refresh-token requests."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.refresh_calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if (
            request.url.path.endswith("/token")
            and request.url.params.get("grant_type") == "refresh_token"
        ):
            self.refresh_calls += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_get_session_example(signed_in):
    session = await signed_in.auth.get_session()

    assert isinstance(session, Session)
    assert session.user.email


async def test_get_session_signed_out(anon_client):
    assert await anon_client.auth.get_session() is None


async def test_refresh_session_example(signed_in):
    before = await signed_in.auth.get_session()

    response = await signed_in.auth.refresh_session()

    assert response.session.refresh_token != before.refresh_token
    assert (await signed_in.auth.get_session()).refresh_token == response.session.refresh_token


async def test_refresh_session_signed_out(anon_client):
    with pytest.raises(AuthSessionMissingError):
        await anon_client.auth.refresh_session()


async def test_unknown_refresh_token_rejected(signed_in):
    with pytest.raises(AuthApiError) as caught:
        await signed_in.auth.refresh_session("not-a-refresh-token")

    assert caught.value.status == 400
    assert caught.value.code == "refresh_token_not_found"
    assert await signed_in.auth.get_session() is not None


async def test_get_user_example(signed_in, new_email):
    response = await signed_in.auth.get_user()

    assert isinstance(response, UserResponse)
    assert response.user.email == new_email


async def test_get_user_with_jwt(signed_in, sandbox, new_email):
    token = (await signed_in.auth.get_session()).access_token
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        response = await other.auth.get_user(token)

    assert response.user.email == new_email


async def test_get_user_expired_jwt(anon_client, sandbox, signed_in):
    user_id = (await signed_in.auth.get_session()).user.id
    expired = sandbox.mint_token(sub=user_id, exp_in=-120)

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.get_user(expired)

    assert caught.value.status == 403
    assert caught.value.code == "bad_jwt"


async def test_get_user_signed_out(anon_client):
    assert await anon_client.auth.get_user() is None


async def test_update_user_email_example(signed_in, unique_name):
    events: list[str] = []
    signed_in.auth.on_auth_state_change(lambda event, session: events.append(event))

    response = await signed_in.auth.update_user({"email": f"new-{unique_name}@example.com"})

    assert response.user.new_email == f"new-{unique_name}@example.com" or (
        response.user.email == f"new-{unique_name}@example.com"
    )
    assert events[-1] == "USER_UPDATED"


async def test_update_user_metadata(signed_in):
    response = await signed_in.auth.update_user({"data": {"hello": "world"}})

    assert response.user.user_metadata["hello"] == "world"
    assert (await signed_in.auth.get_session()).user.user_metadata["hello"] == "world"


async def test_update_user_password(signed_in, sandbox, new_email):
    await signed_in.auth.update_user({"password": "new password"})

    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        response = await other.auth.sign_in_with_password(
            {"email": new_email, "password": "new password"}
        )
    assert response.user.email == new_email


async def test_update_user_signed_out(anon_client):
    with pytest.raises(AuthSessionMissingError):
        await anon_client.auth.update_user({"data": {"a": 1}})


async def test_get_user_identities_example(signed_in):
    response = await signed_in.auth.get_user_identities()

    assert isinstance(response, IdentitiesResponse)
    assert [identity.provider for identity in response.identities] == ["email"]


async def test_link_identity_example(signed_in):
    response = await signed_in.auth.link_identity({"provider": "github"})

    assert response.provider == "github"
    assert response.url.startswith("https://github.com/login/oauth/authorize?")


async def test_unlink_identity_example(signed_in, sandbox, new_email):
    import jwt

    id_token = jwt.encode(
        {"sub": f"ext-{new_email}", "email": new_email, "exp": int(time.time()) + 60},
        sandbox.jwt_secret,
        algorithm="HS256",
    )
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        await other.auth.sign_in_with_id_token({"provider": "sandbox", "token": id_token})

    response = await signed_in.auth.get_user_identities()
    assert sorted(identity.provider for identity in response.identities) == ["email", "sandbox"]
    sandbox_identity = [i for i in response.identities if i.provider == "sandbox"].pop()

    await signed_in.auth.unlink_identity(sandbox_identity)

    remaining = (await signed_in.auth.get_user_identities()).identities
    assert [identity.provider for identity in remaining] == ["email"]


async def test_unlink_last_identity(signed_in):
    identity = (await signed_in.auth.get_user_identities()).identities[0]

    with pytest.raises(AuthApiError) as caught:
        await signed_in.auth.unlink_identity(identity)

    assert caught.value.code == "single_identity_not_deletable"


async def test_reauthenticate_example(signed_in, new_email, mailbox):
    await asyncio.sleep(1.1)  # the sandbox allows one email per address per second

    await signed_in.auth.reauthenticate()

    nonce = (await mailbox(new_email))[0]["otp"]
    await signed_in.auth.update_user({"password": "after-nonce", "nonce": nonce})


async def test_set_session_example(signed_in, sandbox, new_email):
    session = await signed_in.auth.get_session()
    events: list[str] = []
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        other.auth.on_auth_state_change(lambda event, current: events.append(event))

        response = await other.auth.set_session(session.access_token, session.refresh_token)

        assert response.user.email == new_email
        assert (await other.auth.get_session()).access_token == session.access_token
    assert events == ["INITIAL_SESSION", "SIGNED_IN"]


async def test_set_session_expired_access_token(signed_in, sandbox):
    session = await signed_in.auth.get_session()
    expired = sandbox.mint_token(sub=session.user.id, exp_in=-60)
    async with create_client(sandbox.api_url, sandbox.anon_key) as other:
        response = await other.auth.set_session(expired, session.refresh_token)

    assert response.session.access_token != expired
    assert response.session.refresh_token != session.refresh_token


async def test_sign_out_example(signed_in):
    events: list[str] = []
    signed_in.auth.on_auth_state_change(lambda event, session: events.append(event))
    refresh_token = (await signed_in.auth.get_session()).refresh_token

    await signed_in.auth.sign_out()

    assert await signed_in.auth.get_session() is None
    assert events[-1] == "SIGNED_OUT"
    with pytest.raises(AuthApiError):
        await signed_in.auth.refresh_session(refresh_token)


async def test_sign_out_others_keeps_session(signed_in, sandbox, new_email):
    async with create_client(sandbox.api_url, sandbox.anon_key) as second:
        await second.auth.sign_in_with_password({"email": new_email, "password": PASSWORD})
        second_refresh = (await second.auth.get_session()).refresh_token

        await signed_in.auth.sign_out({"scope": "others"})

        assert await signed_in.auth.get_session() is not None
        await signed_in.auth.refresh_session()
        with pytest.raises(AuthApiError):
            await second.auth.refresh_session(second_refresh)


async def test_sign_out_bad_scope(signed_in):
    with pytest.raises(AuthInvalidCredentialsError, match="'everyone'"):
        await signed_in.auth.sign_out({"scope": "everyone"})


async def test_on_auth_state_change_events(anon_client, new_email):
    received: list[tuple[str, bool]] = []

    async def record(event, session):
        received.append((event, session is not None))

    subscription = anon_client.auth.on_auth_state_change(record)
    await anon_client.auth.sign_up({"email": new_email, "password": PASSWORD})
    await anon_client.auth.refresh_session()
    subscription.unsubscribe()
    await anon_client.auth.sign_out()

    assert received == [
        ("INITIAL_SESSION", False),
        ("SIGNED_IN", True),
        ("TOKEN_REFRESHED", True),
    ]


async def test_failing_callback_does_not_break_sign_in(anon_client, new_email):
    def broken(event, session):
        raise RuntimeError("callback bug")

    anon_client.auth.on_auth_state_change(broken)

    response = await anon_client.auth.sign_up({"email": new_email, "password": PASSWORD})

    assert response.session is not None


async def test_get_claims_hs256(signed_in, new_email):
    response = await signed_in.auth.get_claims()

    assert response["claims"]["email"] == new_email
    assert response["claims"]["role"] == "authenticated"
    assert response["headers"]["alg"] == "HS256"


async def test_get_claims_forged_hs256(anon_client, signed_in):
    user_id = (await signed_in.auth.get_session()).user.id
    import jwt

    forged = jwt.encode(
        {"sub": user_id, "role": "authenticated", "exp": int(time.time()) + 60},
        "not-the-project-secret-but-long-enough-for-hs256",
        algorithm="HS256",
    )

    with pytest.raises(AuthApiError) as caught:
        await anon_client.auth.get_claims(forged)

    assert caught.value.code == "bad_jwt"


async def test_get_claims_expired(anon_client, sandbox):
    expired = sandbox.mint_token(sub="8d0f6c2e-3b9a-4c1e-9f1d-2a7b5c4e6d10", exp_in=-5)

    with pytest.raises(AuthInvalidJwtError, match="expired"):
        await anon_client.auth.get_claims(expired)


async def test_get_claims_signed_out(anon_client):
    assert await anon_client.auth.get_claims() is None


async def test_rest_uses_user_token(signed_in, notes_table, sandbox):
    user_id = (await signed_in.auth.get_session()).user.id
    await signed_in.table(notes_table).insert({"body": "mine"}).execute()

    mine = await signed_in.table(notes_table).select("owner, body").execute()

    assert mine.data == [{"owner": user_id, "body": "mine"}]
    async with create_client(sandbox.api_url, sandbox.anon_key) as stranger:
        await stranger.auth.sign_in_anonymously()
        theirs = await stranger.table(notes_table).select("*").execute()
    assert theirs.data == []


async def test_rest_falls_back_to_key(signed_in, notes_table):
    await signed_in.auth.sign_out()

    from supatui.client import APIError

    with pytest.raises(APIError) as caught:
        await signed_in.table(notes_table).insert({"body": "anon"}).execute()

    assert caught.value.status in (401, 403)


async def test_expired_token_fifty_requests_one_refresh(sandbox, new_email, notes_table):
    transport = CountingTransport()
    options = ClientOptions(transport=transport, auto_refresh_token=False)
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as client:
        await client.auth.sign_up({"email": new_email, "password": PASSWORD})
        real = await client.auth.get_session()
        expired_token = sandbox.mint_token(sub=real.user.id, exp_in=-60)
        expired = Session(
            access_token=expired_token,
            refresh_token=real.refresh_token,
            expires_in=0,
            expires_at=int(time.time()) - 60,
            user=real.user,
        )
        await client.auth._sessions.save(expired)

        results = await asyncio.gather(
            *(client.table(notes_table).select("*").execute() for _ in range(50))
        )

        assert transport.refresh_calls == 1
        assert all(result.data == [] for result in results)
        assert (await client.auth.get_session()).access_token != expired_token


async def test_background_refresh_real_server(sandbox, new_email):
    transport = CountingTransport()
    events: list[str] = []
    async with create_client(
        sandbox.api_url, sandbox.anon_key, ClientOptions(transport=transport)
    ) as client:
        await client.auth.sign_up({"email": new_email, "password": PASSWORD})
        real = await client.auth.get_session()
        client.auth.on_auth_state_change(lambda event, session: events.append(event))
        # Expiring 10.5 s from now, the background task refreshes about 0.5 s from now.
        short = Session(
            access_token=sandbox.mint_token(sub=real.user.id, exp_in=11),
            refresh_token=real.refresh_token,
            expires_in=11,
            expires_at=int(time.time()) + 11,
            user=real.user,
        )
        await client.auth._sessions.save(short)

        for _ in range(150):
            if "TOKEN_REFRESHED" in events:
                break
            await asyncio.sleep(0.02)

        assert transport.refresh_calls == 1
        assert "TOKEN_REFRESHED" in events
        assert (await client.auth.get_session()).expires_at > time.time() + 600


async def test_session_restored_from_storage(sandbox, new_email):
    from supatui.client.auth import AsyncMemoryStorage

    storage = AsyncMemoryStorage()
    options = ClientOptions(storage=storage)
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as first:
        await first.auth.sign_up({"email": new_email, "password": PASSWORD})
        token = (await first.auth.get_session()).access_token

    initial: list[tuple[str, str | None]] = []
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as second:
        second.auth.on_auth_state_change(
            lambda event, session: initial.append((event, session and session.access_token))
        )
        restored = await second.auth.get_session()
        user = await second.auth.get_user()
        await asyncio.sleep(0)

    assert restored.access_token == token
    assert user.user.email == new_email
    assert initial == [("INITIAL_SESSION", token)]


async def test_session_not_persisted(sandbox, new_email):
    from supatui.client.auth import AsyncMemoryStorage

    storage = AsyncMemoryStorage()
    options = ClientOptions(storage=storage, persist_session=False)
    async with create_client(sandbox.api_url, sandbox.anon_key, options) as client:
        await client.auth.sign_up({"email": new_email, "password": PASSWORD})

        assert await client.auth.get_session() is not None

    # Only the PKCE code verifier of the sign-up is stored, never the session.
    assert list(storage.storage) == ["sb-127-auth-token-code-verifier"]
