-- Auth users: three named users plus current_setting('supatui.seed_users') generated ones
-- (300 for the demo, 100,000 for the bench seed), and two OAuth clients.
--
-- Every user with a password has the password "password123": all rows share one bcrypt hash
-- (cost 10) computed once, so the seed hashes nothing. Generated users are a mix of
-- providers (email, phone, google, github, email linked with google), confirmed and
-- unconfirmed, anonymous, banned, and with zero, one or two MFA factors. Values derive from
-- the row number g, so every load produces the same users.

create temporary table seed_people on commit drop as
select
    g,
    -- A UUID made from the md5 of a fixed prefix and g: stable across loads.
    md5('supatui-demo-user-' || g)::uuid as id,
    case
        when g % 10 < 5 then 'email'
        when g % 10 = 5 and (g / 10) % 3 = 0 then 'email+google'
        when g % 10 in (5, 6) then 'google'
        when g % 10 = 7 then 'github'
        when g % 10 = 8 then 'phone'
        else 'anonymous'
    end as kind,
    (array['Ada', 'Ben', 'Chandra', 'Dara', 'Edwin', 'Fatima', 'Galileo', 'Henrietta', 'Ibn', 'Jocelyn',
           'Kalpana', 'Lise', 'Maria', 'Nicolaus', 'Oda', 'Priya', 'Qi', 'Ruth', 'Sagan', 'Tycho'])
        [1 + g % 20] as first_name,
    (array['Bell', 'Cannon', 'Drake', 'Everett', 'Fleming', 'Gould', 'Herschel', 'Hubble', 'Kepler',
           'Leavitt', 'Mitchell', 'Noether', 'Ostriker', 'Payne', 'Rubin', 'Somerville', 'Tinsley'])
        [1 + (g / 20) % 17] as last_name,
    -- Spread over 540 days before 2025-12-01, oldest first.
    timestamptz '2024-06-09 00:00:00+00' + (g::double precision / n) * interval '540 days' as created_at,
    g % 7 = 0 as unconfirmed,
    g % 50 = 3 as banned,
    g % 9 = 1 as has_totp,
    g % 27 = 1 as has_phone_factor,
    g % 23 = 2 as has_pending_totp
from (select coalesce(nullif(current_setting('supatui.seed_users', true), ''), '300')::integer as n) as total,
     generate_series(1, total.n) as g;

insert into auth.users
    (id, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at, confirmation_sent_at,
     last_sign_in_at, raw_app_meta_data, raw_user_meta_data, is_anonymous, banned_until,
     created_at, updated_at)
select
    p.id,
    case when p.kind in ('phone', 'anonymous') then null
         else lower(p.first_name || '.' || p.last_name || '.' || p.g || '@example.com') end,
    case when p.kind = 'phone' then '1555' || lpad(p.g::text, 7, '0') end,
    case when p.kind in ('email', 'email+google', 'phone')
         then '$2a$10$suo64Cv2D1thTxHQWcXyguAuYRxhAU78G8zvSV8dyxHEmqcMv2qj2' end,
    case when p.kind in ('email', 'email+google') and p.unconfirmed then null
         when p.kind in ('phone', 'anonymous') then null
         else p.created_at + interval '3 minutes' end,
    case when p.kind = 'phone' then p.created_at + interval '1 minute' end,
    case when p.kind in ('email', 'email+google') then p.created_at end,
    case when p.kind in ('email', 'email+google') and p.unconfirmed then null
         else p.created_at + (p.g % 90) * interval '1 day' + (p.g % 24) * interval '1 hour' end,
    case p.kind
        when 'anonymous' then '{}'::jsonb
        when 'email+google' then '{"provider": "email", "providers": ["email", "google"]}'::jsonb
        else jsonb_build_object('provider', p.kind, 'providers', jsonb_build_array(p.kind))
    end,
    case when p.kind = 'anonymous' then '{}'::jsonb
         else jsonb_build_object('full_name', p.first_name || ' ' || p.last_name) end,
    p.kind = 'anonymous',
    case when not p.banned then null
         when p.g % 100 = 3 then timestamptz '2999-01-01 00:00:00+00'
         else now() + (1 + p.g % 30) * interval '1 day' end,
    p.created_at,
    p.created_at + (p.g % 90) * interval '1 day' + (p.g % 24) * interval '1 hour'
from seed_people p;

-- Email identities: the provider subject of email and phone identities is the user id.
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select p.id::text, p.id,
       jsonb_build_object('sub', p.id::text, 'email', u.email,
                          'email_verified', u.email_confirmed_at is not null, 'phone_verified', false),
       'email', u.last_sign_in_at, p.created_at, p.created_at
from seed_people p join auth.users u on u.id = p.id
where p.kind in ('email', 'email+google');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select p.id::text, p.id,
       jsonb_build_object('sub', p.id::text, 'phone', u.phone, 'email_verified', false, 'phone_verified', true),
       'phone', u.last_sign_in_at, p.created_at, p.created_at
from seed_people p join auth.users u on u.id = p.id
where p.kind = 'phone';

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select (108000000000000000000::numeric + p.g)::text, p.id,
       jsonb_build_object(
           'iss', 'https://accounts.google.com', 'sub', (108000000000000000000::numeric + p.g)::text,
           'provider_id', (108000000000000000000::numeric + p.g)::text, 'email', u.email,
           'email_verified', true, 'phone_verified', false,
           'name', p.first_name || ' ' || p.last_name, 'full_name', p.first_name || ' ' || p.last_name),
       'google', u.last_sign_in_at, p.created_at + interval '1 minute', p.created_at + interval '1 minute'
from seed_people p join auth.users u on u.id = p.id
where p.kind in ('google', 'email+google');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select (4000000 + p.g)::text, p.id,
       jsonb_build_object(
           'iss', 'https://api.github.com', 'sub', (4000000 + p.g)::text, 'provider_id', (4000000 + p.g)::text,
           'email', u.email, 'email_verified', true, 'phone_verified', false,
           'user_name', lower(p.first_name || p.last_name || p.g), 'full_name', p.first_name || ' ' || p.last_name),
       'github', u.last_sign_in_at, p.created_at, p.created_at
from seed_people p join auth.users u on u.id = p.id
where p.kind = 'github';

-- MFA factors of signed-up (not anonymous) users. The TOTP secrets are the md5 hex of a fixed
-- prefix and g with 0, 1, 8, 9 mapped to W, X, Y, Z, which makes 32 base32 characters.
insert into auth.mfa_factors (user_id, friendly_name, factor_type, status, secret, created_at, updated_at)
select p.id, 'Authenticator app', 'totp', 'verified',
       translate(upper(md5('supatui-demo-totp-' || p.g)), '0189', 'WXYZ'),
       p.created_at + interval '2 days', p.created_at + interval '2 days'
from seed_people p
where p.has_totp and p.kind <> 'anonymous';

insert into auth.mfa_factors (user_id, friendly_name, factor_type, status, phone, created_at, updated_at)
select p.id, 'Backup phone', 'phone', 'verified', '1666' || lpad(p.g::text, 7, '0'),
       p.created_at + interval '3 days', p.created_at + interval '3 days'
from seed_people p
where p.has_phone_factor and p.kind <> 'anonymous';

insert into auth.mfa_factors (user_id, friendly_name, factor_type, status, secret, created_at, updated_at)
select p.id, 'New laptop', 'totp', 'unverified',
       translate(upper(md5('supatui-demo-pending-' || p.g)), '0189', 'WXYZ'),
       p.created_at + interval '4 days', p.created_at + interval '4 days'
from seed_people p
where p.has_pending_totp and p.kind <> 'anonymous';

-- The named users. Ann and Ben own the notes of 02_catalog.sql. Mae has a phone factor and a
-- TOTP factor whose secret is the well-known JBSWY3DPEHPK3PXP, for trying MFA sign-in.
insert into auth.users
    (id, email, encrypted_password, email_confirmed_at, confirmation_sent_at, last_sign_in_at,
     raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
    ('4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a', 'ann@example.com',
     '$2a$10$suo64Cv2D1thTxHQWcXyguAuYRxhAU78G8zvSV8dyxHEmqcMv2qj2',
     '2025-01-05 09:01:00+00', '2025-01-05 09:00:00+00', '2025-04-11 02:00:00+00',
     '{"provider": "email", "providers": ["email"]}', '{"full_name": "Ann Lee"}',
     '2025-01-05 09:00:00+00', '2025-04-11 02:00:00+00'),
    ('9c1e5f3a-6d2b-4e8f-a0b1-c2d3e4f5a6b7', 'ben@example.com',
     '$2a$10$suo64Cv2D1thTxHQWcXyguAuYRxhAU78G8zvSV8dyxHEmqcMv2qj2',
     '2025-01-20 17:31:00+00', '2025-01-20 17:30:00+00', '2025-03-02 23:45:00+00',
     '{"provider": "email", "providers": ["email"]}', '{"full_name": "Ben Okafor"}',
     '2025-01-20 17:30:00+00', '2025-03-02 23:45:00+00'),
    ('5b0f3c7e-2a4d-4f6b-8c1e-9d2a3b4c5d6e', 'mae@example.com',
     '$2a$10$suo64Cv2D1thTxHQWcXyguAuYRxhAU78G8zvSV8dyxHEmqcMv2qj2',
     '2025-02-01 12:01:00+00', '2025-02-01 12:00:00+00', '2025-05-01 08:00:00+00',
     '{"provider": "email", "providers": ["email"]}', '{"full_name": "Mae Jemison"}',
     '2025-02-01 12:00:00+00', '2025-05-01 08:00:00+00');

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', u.last_sign_in_at, u.created_at, u.created_at
from auth.users u
where u.email in ('ann@example.com', 'ben@example.com', 'mae@example.com');

insert into auth.mfa_factors (user_id, friendly_name, factor_type, status, secret, phone, created_at, updated_at)
values
    ('5b0f3c7e-2a4d-4f6b-8c1e-9d2a3b4c5d6e', 'Authenticator app', 'totp', 'verified',
     'JBSWY3DPEHPK3PXP', null, '2025-02-01 12:05:00+00', '2025-02-01 12:05:00+00'),
    ('5b0f3c7e-2a4d-4f6b-8c1e-9d2a3b4c5d6e', 'Mobile', 'phone', 'verified',
     null, '15550100777', '2025-02-01 12:06:00+00', '2025-02-01 12:06:00+00');

-- OAuth 2.1 server clients. The portal's secret is "demo-portal-secret", stored as its
-- SHA-256 hex digest like secrets created through the admin API.
insert into auth.oauth_clients
    (client_id, client_secret_hash, client_name, client_type, token_endpoint_auth_method,
     redirect_uris, grant_types, scope, client_uri, logo_uri, created_at, updated_at)
values
    ('0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70', null, 'Stargazer CLI', 'public', 'none',
     '{http://127.0.0.1:8765/callback}', '{authorization_code,refresh_token}', 'openid email',
     null, null, '2025-03-01 10:00:00+00', '2025-03-01 10:00:00+00'),
    ('7c6b5a49-3827-4615-9d4c-3b2a1f0e9d8c', encode(sha256('demo-portal-secret'::bytea), 'hex'),
     'Observatory Portal', 'confidential', 'client_secret_basic',
     '{https://portal.example.org/auth/callback,http://localhost:3000/auth/callback}',
     '{authorization_code,refresh_token}', 'openid email profile',
     'https://portal.example.org', 'https://portal.example.org/logo.png',
     '2025-03-15 14:30:00+00', '2025-03-15 14:30:00+00');
