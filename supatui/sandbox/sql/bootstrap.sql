-- Supabase's database conventions for the sandbox: API roles, the auth helper functions,
-- grants on public and a DDL watch that sends NOTIFY pgrst, 'reload schema'.
-- Every statement is idempotent, so this runs on each start, also on an existing database.

-- Serialises two sandboxes that bootstrap the same server at once (roles are cluster-wide).
select pg_advisory_xact_lock(hashtext('supatui_sandbox.bootstrap'));

do $$
declare
    role_name text;
begin
    foreach role_name in array array['anon', 'authenticated', 'service_role'] loop
        if not exists (select 1 from pg_roles where rolname = role_name) then
            execute format('create role %I nologin noinherit', role_name);
        end if;
    end loop;

    if not exists (select 1 from pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
    end if;
end
$$;

alter role service_role bypassrls;
grant anon, authenticated, service_role to authenticator;

-- auth: the claims of the current request, which the REST app stores per transaction in
-- request.jwt.claims (a JSON text). Each function returns null when no request is running.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
    select nullif(current_setting('request.jwt.claims', true), '')::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
    select nullif(auth.jwt() ->> 'sub', '')::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
    select nullif(auth.jwt() ->> 'role', '')
$$;

create or replace function auth.email() returns text
language sql stable
as $$
    select nullif(auth.jwt() ->> 'email', '')
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email()
    to anon, authenticated, service_role;

-- public: the three API roles may use every object, and row-level security decides which rows.
grant usage on schema public to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all routines in schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on routines to anon, authenticated, service_role;

-- supatui_sandbox: the sandbox's own bookkeeping, never exposed over REST.
create schema if not exists supatui_sandbox;
revoke all on schema supatui_sandbox from public;

create table if not exists supatui_sandbox.seeds (
    name text primary key,
    applied_at timestamptz not null default now()
);

create or replace function supatui_sandbox.notify_schema_reload() returns event_trigger
language plpgsql
as $$
begin
    notify pgrst, 'reload schema';
end
$$;

do $$
begin
    if not exists (select 1 from pg_event_trigger where evtname = 'supatui_sandbox_ddl_watch') then
        create event trigger supatui_sandbox_ddl_watch on ddl_command_end
            execute function supatui_sandbox.notify_schema_reload();
    end if;

    if not exists (select 1 from pg_event_trigger where evtname = 'supatui_sandbox_drop_watch') then
        create event trigger supatui_sandbox_drop_watch on sql_drop
            execute function supatui_sandbox.notify_schema_reload();
    end if;
end
$$;
