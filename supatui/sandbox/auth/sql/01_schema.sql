-- Tables of the sandbox's auth service (schema auth) and its mailbox (schema supatui_sandbox).
-- Idempotent: the sandbox runs it at every start, after bootstrap.sql and before the seed.
-- Column names follow Supabase Auth's own tables, so SQL written for Supabase (triggers on
-- auth.users, joins to auth.identities) works here. Email change and phone change targets live
-- in users.email_change and users.phone_change (returned as new_email and new_phone).
-- auth.uid(), auth.role(), auth.jwt() and auth.email() come from bootstrap.sql. The embedded
-- PostgreSQL has no pgcrypto: hash passwords in Python (bcrypt), ids use gen_random_uuid().


create table if not exists auth.users (
    id uuid primary key default gen_random_uuid(),
    aud text not null default 'authenticated',
    role text not null default 'authenticated',
    email text,
    encrypted_password text,
    email_confirmed_at timestamptz,
    invited_at timestamptz,
    confirmation_sent_at timestamptz,
    recovery_sent_at timestamptz,
    email_change text,
    email_change_sent_at timestamptz,
    -- 0: no address confirmed yet, 1: one of the two addresses confirmed (secure email change).
    email_change_confirm_status smallint not null default 0,
    phone text,
    phone_confirmed_at timestamptz,
    phone_change text,
    phone_change_sent_at timestamptz,
    confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
    reauthentication_sent_at timestamptz,
    last_sign_in_at timestamptz,
    raw_app_meta_data jsonb not null default '{}'::jsonb,
    raw_user_meta_data jsonb not null default '{}'::jsonb,
    is_super_admin boolean,
    is_anonymous boolean not null default false,
    is_sso_user boolean not null default false,
    banned_until timestamptz,
    deleted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create unique index if not exists users_email_key on auth.users (email)
    where email is not null and is_sso_user = false;
create unique index if not exists users_phone_key on auth.users (phone) where phone is not null;
create index if not exists users_created_at_idx on auth.users (created_at desc);

create table if not exists auth.identities (
    id uuid primary key default gen_random_uuid(),
    provider_id text not null,
    user_id uuid not null references auth.users (id) on delete cascade,
    identity_data jsonb not null default '{}'::jsonb,
    provider text not null,
    email text generated always as (lower(identity_data ->> 'email')) stored,
    last_sign_in_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

create table if not exists auth.sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    aal text not null default 'aal1' check (aal in ('aal1', 'aal2', 'aal3')),
    factor_id uuid,
    not_after timestamptz,
    user_agent text,
    ip text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    refreshed_at timestamptz
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
    id bigserial primary key,
    token text not null unique,
    user_id uuid not null references auth.users (id) on delete cascade,
    session_id uuid not null references auth.sessions (id) on delete cascade,
    parent text,
    revoked boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_id_idx on auth.refresh_tokens (session_id, revoked);

create table if not exists auth.mfa_factors (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    friendly_name text,
    factor_type text not null check (factor_type in ('totp', 'phone', 'webauthn')),
    status text not null default 'unverified' check (status in ('unverified', 'verified')),
    secret text,
    phone text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    last_challenged_at timestamptz
);
create unique index if not exists mfa_factors_user_friendly_name_key
    on auth.mfa_factors (user_id, friendly_name) where friendly_name is not null and friendly_name <> '';

create table if not exists auth.mfa_challenges (
    id uuid primary key default gen_random_uuid(),
    factor_id uuid not null references auth.mfa_factors (id) on delete cascade,
    created_at timestamptz not null default now(),
    verified_at timestamptz,
    ip_address text,
    otp_code text
);

-- Authentication methods of a session, the source of the access token's amr claim.
create table if not exists auth.mfa_amr_claims (
    id uuid primary key default gen_random_uuid(),
    session_id uuid not null references auth.sessions (id) on delete cascade,
    authentication_method text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (session_id, authentication_method)
);

-- Emailed and texted codes. token_hash is sha224 hex of (relates_to || code), so the 6-digit
-- code plus the address and the link's token_hash find the same row.
create table if not exists auth.one_time_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    token_type text not null check (token_type in (
        'confirmation_token', 'invite_token', 'magiclink_token', 'recovery_token',
        'email_change_token_current', 'email_change_token_new', 'phone_change_token',
        'phone_confirmation_token', 'reauthentication_token')),
    token_hash text not null,
    relates_to text not null,
    redirect_to text,
    flow_state_id uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (user_id, token_type)
);
create index if not exists one_time_tokens_token_hash_idx on auth.one_time_tokens (token_hash);

-- PKCE flows: the code challenge from the start of a flow and the auth code it ends with.
create table if not exists auth.flow_state (
    id uuid primary key default gen_random_uuid(),
    user_id uuid references auth.users (id) on delete cascade,
    auth_code text unique,
    code_challenge_method text check (code_challenge_method in ('s256', 'plain')),
    code_challenge text,
    provider_type text not null default '',
    provider_access_token text,
    provider_refresh_token text,
    authentication_method text not null,
    redirect_to text,
    auth_code_issued_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table if not exists auth.oauth_clients (
    id uuid primary key default gen_random_uuid(),
    client_id text not null unique,
    client_secret_hash text,
    client_name text,
    client_type text not null default 'confidential' check (client_type in ('public', 'confidential')),
    token_endpoint_auth_method text not null default 'client_secret_basic',
    registration_type text not null default 'manual' check (registration_type in ('manual', 'dynamic')),
    redirect_uris text[] not null default '{}',
    grant_types text[] not null default '{authorization_code,refresh_token}',
    scope text,
    logo_uri text,
    client_uri text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);

create schema if not exists supatui_sandbox;

-- Emails and texts the sandbox "sends"; GET /auth/v1/mailbox reads them.
create table if not exists supatui_sandbox.mailbox (
    id bigserial primary key,
    kind text not null check (kind in ('email', 'sms')),
    recipient text not null,
    subject text not null default '',
    body text not null,
    link text,
    otp text,
    created_at timestamptz not null default now()
);
create index if not exists mailbox_recipient_idx on supatui_sandbox.mailbox (recipient, id);
