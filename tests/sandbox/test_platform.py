"""The sandbox platform: lifecycle, roles, auth helpers, the DDL watch, keys and the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import psutil
import pytest

from supatui.sandbox import Sandbox, SandboxError, SandboxSettings, SandboxThread
from supatui.sandbox.db import bootstrap_database
from supatui.sandbox.keys import verify_jwt
from supatui.sandbox.keystore import KEYS_FILE_NAME

PROJECT_ROOT = Path(__file__).resolve().parents[2]
USER_ID = "4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a"


def _postmaster_running(pid: int) -> bool:
    """Whether ``pid`` is a live process; a zombie waiting to be reaped counts as stopped."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _socket_dir(db_url: str) -> Path:
    return Path(parse_qs(urlsplit(db_url).query)["host"][0])


def _postmaster_pid(db_url: str) -> int:
    """Read the postmaster's pid from ``postmaster.pid`` in the data folder the DSN points to."""
    return int((_socket_dir(db_url) / "postmaster.pid").read_text().splitlines()[0])


# -- the session sandbox ----------------------------------------------------------------------


async def test_health_reports_ok(sandbox: SandboxThread) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{sandbox.api_url}/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_api_binds_loopback(sandbox: SandboxThread) -> None:
    assert sandbox.api_url == f"http://127.0.0.1:{sandbox.port}"
    assert sandbox.port is not None and sandbox.port > 0


async def test_roles_exist(sql) -> None:
    rows = await sql.fetch(
        "select rolname, rolcanlogin, rolinherit, rolbypassrls from pg_roles "
        "where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')"
    )
    roles = {row["rolname"]: row for row in rows}

    assert set(roles) == {"anon", "authenticated", "service_role", "authenticator"}
    assert roles["service_role"]["rolbypassrls"] is True
    assert roles["anon"]["rolbypassrls"] is False
    assert roles["authenticated"]["rolcanlogin"] is False
    assert roles["authenticator"]["rolcanlogin"] is True
    assert roles["authenticator"]["rolinherit"] is False


async def test_authenticator_member_of_api_roles(sql) -> None:
    granted = await sql.fetch(
        "select r.rolname from pg_auth_members m "
        "join pg_roles r on r.oid = m.roleid "
        "join pg_roles u on u.oid = m.member "
        "where u.rolname = 'authenticator'"
    )

    assert {row["rolname"] for row in granted} >= {"anon", "authenticated", "service_role"}


async def test_auth_functions_read_claims(db_url: str) -> None:
    claims = {"sub": USER_ID, "role": "authenticated", "email": "ada@example.com"}
    connection = await asyncpg.connect(db_url)
    try:
        async with connection.transaction():
            await connection.execute(
                "select set_config('request.jwt.claims', $1, true)", json.dumps(claims)
            )
            await connection.execute("set local role authenticated")
            row = await connection.fetchrow(
                "select auth.uid()::text as uid, auth.role() as role, auth.email() as email, "
                "auth.jwt() ->> 'sub' as sub, current_user as db_role"
            )
    finally:
        await connection.close()

    assert row["uid"] == USER_ID
    assert row["role"] == "authenticated"
    assert row["email"] == "ada@example.com"
    assert row["sub"] == USER_ID
    assert row["db_role"] == "authenticated"


async def test_auth_functions_null_without_claims(sql) -> None:
    row = await sql.fetchrow("select auth.uid() as uid, auth.role() as role, auth.jwt() as jwt")

    assert row["uid"] is None
    assert row["role"] is None
    assert row["jwt"] is None


async def test_rls_policy_uses_auth_uid(sql, db_url: str, unique_name: str) -> None:
    await sql(
        f"""
        create table public.{unique_name} (id int primary key, owner uuid not null, body text);
        alter table public.{unique_name} enable row level security;
        create policy owner_reads on public.{unique_name} for select to authenticated
            using (owner = auth.uid());
        insert into public.{unique_name} values
            (1, '{USER_ID}', 'mine'), (2, gen_random_uuid(), 'not mine');
        """,
        reload=False,
    )
    connection = await asyncpg.connect(db_url)
    try:
        async with connection.transaction():
            await connection.execute(
                "select set_config('request.jwt.claims', $1, true)", json.dumps({"sub": USER_ID})
            )
            await connection.execute("set local role authenticated")
            visible = await connection.fetch(f"select body from public.{unique_name}")
        async with connection.transaction():
            await connection.execute("set local role service_role")
            everything = await connection.fetch(f"select body from public.{unique_name}")
    finally:
        await connection.close()

    assert [row["body"] for row in visible] == ["mine"]
    assert len(everything) == 2


async def test_api_roles_granted_on_new_tables(sql, unique_name: str) -> None:
    await sql(f"create table public.{unique_name} (id int)", reload=False)

    grantees = await sql.fetch(
        "select distinct grantee from information_schema.role_table_grants "
        "where table_schema = 'public' and table_name = $1 and privilege_type = 'SELECT'",
        unique_name,
    )

    assert {row["grantee"] for row in grantees} >= {"anon", "authenticated", "service_role"}


@pytest.mark.parametrize(
    ("statement", "description"),
    [
        ("create table public.{name} (id int)", "create"),
        ("comment on schema public is 'notify test'", "comment"),
    ],
)
async def test_ddl_sends_reload_notify(
    db_url: str, unique_name: str, statement: str, description: str
) -> None:
    payloads: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(db_url)
    writer = await asyncpg.connect(db_url)
    try:
        await listener.add_listener("pgrst", lambda *event: payloads.put_nowait(event[3]))
        await writer.execute(statement.format(name=unique_name))

        payload = await asyncio.wait_for(payloads.get(), timeout=5)
    finally:
        await listener.close()
        await writer.close()

    assert payload == "reload schema", description


async def test_drop_sends_reload_notify(sql, db_url: str, unique_name: str) -> None:
    await sql(f"create table public.{unique_name} (id int)", reload=False)
    payloads: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(db_url)
    try:
        await listener.add_listener("pgrst", lambda *event: payloads.put_nowait(event[3]))
        await sql(f"drop table public.{unique_name}", reload=False)

        payload = await asyncio.wait_for(payloads.get(), timeout=5)
    finally:
        await listener.close()

    assert payload == "reload schema"


async def test_dml_sends_no_notify(sql, db_url: str, unique_name: str) -> None:
    await sql(f"create table public.{unique_name} (id int)", reload=False)
    payloads: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(db_url)
    try:
        await listener.add_listener("pgrst", lambda *event: payloads.put_nowait(event[3]))
        await sql(f"insert into public.{unique_name} values (1)", reload=False)
        # A NOTIFY from the insert would arrive on the same socket before this round trip ends.
        await listener.fetchval("select 1")
        await asyncio.sleep(0.2)
    finally:
        await listener.close()

    assert payloads.empty()


async def test_bootstrap_is_idempotent(db_url: str) -> None:
    connection = await asyncpg.connect(db_url)
    try:
        await bootstrap_database(connection)
        await bootstrap_database(connection)
        triggers = await connection.fetchval(
            "select count(*) from pg_event_trigger where evtname like 'supatui_sandbox_%'"
        )
    finally:
        await connection.close()

    assert triggers == 2


async def test_rest_serves_new_table(sandbox: SandboxThread, sql, unique_name: str) -> None:
    await sql(
        f"create table public.{unique_name} (id int primary key, name text);"
        f"insert into public.{unique_name} values (1, 'Mercury'), (2, 'Venus')"
    )
    headers = {"apikey": sandbox.service_role_key}

    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{sandbox.api_url}/rest/v1/{unique_name}?order=id", headers=headers
        )

    assert response.status_code == 200, response.text
    assert response.json() == [{"id": 1, "name": "Mercury"}, {"id": 2, "name": "Venus"}]


async def test_rest_sees_altered_table(sandbox: SandboxThread, sql, unique_name: str) -> None:
    await sql(f"create table public.{unique_name} (id int primary key)")
    headers = {"apikey": sandbox.service_role_key}
    async with httpx.AsyncClient() as client:
        before = await client.get(f"{sandbox.api_url}/rest/v1/{unique_name}", headers=headers)

        await sql(f"alter table public.{unique_name} add column label text")
        after = await client.get(
            f"{sandbox.api_url}/rest/v1/{unique_name}?select=label", headers=headers
        )

    assert before.status_code == 200, before.text
    assert after.status_code == 200, after.text


def test_mint_token_claims(sandbox: SandboxThread) -> None:
    token = sandbox.mint_token(sub=USER_ID, email="ada@example.com", exp_in=60)

    claims = verify_jwt(token, sandbox.jwt_secret)

    assert claims["role"] == "authenticated"
    assert claims["sub"] == USER_ID
    assert claims["email"] == "ada@example.com"
    assert claims["exp"] - claims["iat"] == 60


def test_api_keys_carry_roles(sandbox: SandboxThread) -> None:
    assert verify_jwt(sandbox.anon_key, sandbox.jwt_secret)["role"] == "anon"
    assert verify_jwt(sandbox.service_role_key, sandbox.jwt_secret)["role"] == "service_role"


# -- lifecycle of separate sandboxes ------------------------------------------------------------


async def test_start_stop_cleans_up() -> None:
    sandbox = Sandbox(SandboxSettings())

    await sandbox.start()
    data_dir = sandbox.data_dir
    pid = _postmaster_pid(sandbox.db_url)
    async with httpx.AsyncClient() as client:
        health = await client.get(f"{sandbox.api_url}/health")
    running_during = _postmaster_running(pid)
    await sandbox.stop()

    assert health.status_code == 200
    assert running_during
    assert not _postmaster_running(pid)
    assert data_dir is not None and not data_dir.exists()
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"{sandbox.api_url}/health", timeout=2)


async def test_stop_twice_is_harmless() -> None:
    sandbox = Sandbox(SandboxSettings())
    await sandbox.start()

    await sandbox.stop()
    await sandbox.stop()

    assert not sandbox.running


async def test_data_dir_keeps_keys_and_data(tmp_path: Path) -> None:
    settings = SandboxSettings(data_dir=tmp_path / "data")

    async with Sandbox(settings) as first:
        first_keys = (first.jwt_secret, first.anon_key, first.service_role_key)
        connection = await asyncpg.connect(first.db_url)
        await connection.execute(
            "create table public.kept (id int); insert into public.kept values (7)"
        )
        await connection.close()

    async with Sandbox(settings) as second:
        second_keys = (second.jwt_secret, second.anon_key, second.service_role_key)
        connection = await asyncpg.connect(second.db_url)
        kept_id = await connection.fetchval("select id from public.kept")
        await connection.close()

    keys_file = tmp_path / "data" / KEYS_FILE_NAME
    assert second_keys == first_keys
    assert kept_id == 7
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    assert json.loads(keys_file.read_text())["jwt_secret"] == first_keys[0]


async def test_corrupt_keys_file_rejected(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE_NAME).write_text("not json")
    sandbox = Sandbox(SandboxSettings(data_dir=tmp_path))

    with pytest.raises(SandboxError, match="Invalid keys file"):
        await sandbox.start()


async def test_busy_port_rejected() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        sandbox = Sandbox(SandboxSettings(port=port))

        with pytest.raises(SandboxError, match=f"Cannot listen on 127.0.0.1:{port}"):
            await sandbox.start()

    assert sandbox.data_dir is not None and not sandbox.data_dir.exists()


async def test_external_database_url(sql, db_url: str, unique_name: str) -> None:
    await sql(f"create database {unique_name}", reload=False)
    external_url = db_url.replace("/postgres?", f"/{unique_name}?")
    embedded_pid = _postmaster_pid(db_url)
    try:
        async with Sandbox(SandboxSettings(database_url=external_url)) as external:
            async with httpx.AsyncClient() as client:
                health = await client.get(f"{external.api_url}/health")
            connection = await asyncpg.connect(external_url)
            has_auth = await connection.fetchval("select to_regprocedure('auth.uid()') is not null")
            await connection.close()
    finally:
        await sql(f"drop database {unique_name} with (force)", reload=False)

    assert health.status_code == 200
    assert has_auth
    assert _postmaster_running(embedded_pid)


def test_thread_start_error_raised() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        thread = SandboxThread(SandboxSettings(port=taken.getsockname()[1]))

        with pytest.raises(SandboxError, match="Cannot listen"):
            thread.start()


@pytest.mark.parametrize(
    ("field", "value"),
    [("port", 70000), ("port", -1), ("seed", "huge"), ("max_rows", 0), ("schemas", ())],
)
def test_settings_reject_invalid(field: str, value: object) -> None:
    with pytest.raises(ValueError, match="Invalid|Unknown"):
        SandboxSettings(**{field: value})


# -- the supatui sandbox command ----------------------------------------------------------------


def _read_endpoints(process: subprocess.Popen[str], timeout: float) -> dict[str, str]:
    labels = ("API URL", "DB URL", "anon key", "service_role key")
    found: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while len(found) < len(labels) and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        label, _, value = line.rstrip("\n").partition(": ")
        if label in labels:
            found[label] = value
    return found


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_cli_prints_endpoints_and_stops(stop_signal: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "supatui", "sandbox", "--port", "0"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        endpoints = _read_endpoints(process, timeout=60)
        health = httpx.get(f"{endpoints['API URL']}/health", timeout=5)
        pid = _postmaster_pid(endpoints["DB URL"])
        data_dir = _socket_dir(endpoints["DB URL"]).parent
        running_before = _postmaster_running(pid)

        process.send_signal(stop_signal)
        exit_code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        stderr = process.stderr.read() if process.stderr else ""

    assert set(endpoints) == {"API URL", "DB URL", "anon key", "service_role key"}, stderr
    assert endpoints["API URL"].startswith("http://127.0.0.1:")
    assert endpoints["DB URL"].startswith("postgresql://postgres:@/postgres?host=")
    assert endpoints["anon key"].count(".") == 2
    assert health.status_code == 200
    assert running_before
    assert exit_code == 0, stderr
    assert not _postmaster_running(pid)
    assert not data_dir.exists()


def test_cli_rejects_invalid_port() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supatui", "sandbox", "--port", "99999"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert "invalid port 99999" in result.stderr


def test_listener_is_tcp_for_nodelay():
    # asyncio sets TCP_NODELAY only on accepted sockets whose proto is IPPROTO_TCP; without it
    # every response waits for a delayed ACK.
    from supatui.sandbox.server import _bind_listener

    listener = _bind_listener(0)
    try:
        assert listener.proto == socket.IPPROTO_TCP
    finally:
        listener.close()
