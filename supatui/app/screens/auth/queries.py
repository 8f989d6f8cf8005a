"""Auth admin reads and writes behind the Auth section; no Textual here, so workers call these."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from supatui.client.auth import Factor, User

__all__ = [
    "BAN_CHOICES",
    "LINK_TYPES",
    "USER_TOGGLES",
    "UserRow",
    "UsersPage",
    "UsersQuery",
    "apply_toggles",
    "ban_user",
    "confirm_email",
    "delete_factor",
    "delete_user",
    "fetch_user",
    "format_time",
    "generate_link",
    "is_banned",
    "is_confirmed",
    "list_users",
    "sign_out_everywhere",
    "user_identity",
    "user_row",
    "validate_ban_duration",
    "verified_factors",
]

UserToggle = Literal["confirmed", "unconfirmed", "anonymous", "banned", "mfa"]

USER_TOGGLES: dict[str, str] = {
    "confirmed": "confirmed",
    "unconfirmed": "unconfirmed",
    "anonymous": "anonymous",
    "banned": "banned",
    "mfa": "has MFA",
}
"""Client-side filters of the users page, toggle name → label."""

BAN_CHOICES: list[tuple[str, str]] = [
    ("1 hour", "1h"),
    ("1 day", "24h"),
    ("1 week", "168h"),
]
"""Preset ban durations, label → Go duration sent as ``ban_duration``."""

LINK_TYPES: list[tuple[str, str]] = [
    ("Magic link", "magiclink"),
    ("Recovery link", "recovery"),
    ("Invite link", "invite"),
]
"""Link types the detail screen can generate, label → ``generate_link`` type."""

_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")


def validate_ban_duration(text: str) -> str:
    """Return ``text`` stripped when it is a Go duration such as ``36h`` or ``1h30m``, or ``none``.

    Raises:
        ValueError: ``text`` is empty or not a duration.
    """
    value = text.strip()
    if value == "none" or _DURATION.match(value):
        return value
    raise ValueError(
        f"ban duration {text!r} is invalid. Use a number with a unit (h, m or s) such as 36h or 90m, "
        "or none to lift the ban"
    )


@dataclass(frozen=True, slots=True)
class UsersQuery:
    """Which page of users to fetch: the server-side search text, page and page size."""

    search: str = ""
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True)
class UsersPage:
    """One page of users and the total the server counted for the search."""

    query: UsersQuery
    users: list[User]
    total: int | None

    @property
    def last_page(self) -> int:
        """The number of the last page (1 when there are no users)."""
        if not self.total:
            return 1
        return max(1, math.ceil(self.total / self.query.per_page))

    def label(self, shown: int) -> str:
        """Return ``users a–b of N``, or what is missing, for ``shown`` rows on screen."""
        first = (self.query.page - 1) * self.query.per_page + 1
        count = len(self.users)
        total = "?" if self.total is None else f"{self.total:,}"
        if count == 0:
            return f"no users of {total}" if self.query.page == 1 else f"page {self.query.page} is empty; {total} users"
        text = f"users {first}–{first + count - 1} of {total}"
        if shown != count:
            text += f" · {shown} shown"
        return text


def format_time(value: datetime | None, *, date_only: bool = False) -> str:
    """Return ``value`` in UTC as ``2024-05-01 13:04`` (or only the date), or ``""`` for None."""
    if value is None:
        return ""
    utc = value.astimezone(UTC) if value.tzinfo else value
    return utc.strftime("%Y-%m-%d") if date_only else utc.strftime("%Y-%m-%d %H:%M")


def user_identity(user: User) -> str:
    """Return the email, else the phone, else ``anonymous`` (or ``no email or phone``)."""
    if user.email:
        return user.email
    if user.phone:
        return f"+{user.phone.lstrip('+')}"
    return "anonymous" if user.is_anonymous else "no email or phone"


def is_banned(user: User, now: datetime | None = None) -> bool:
    """Return True when ``banned_until`` is in the future."""
    if user.banned_until is None:
        return False
    return user.banned_until > (now or datetime.now(UTC))


def is_confirmed(user: User) -> bool:
    """Return True when the email or phone (whichever the user has) is confirmed."""
    return user.email_confirmed_at is not None or user.phone_confirmed_at is not None or (
        user.confirmed_at is not None
    )


def verified_factors(user: User) -> int:
    """Return the number of verified factors.

    The Auth API leaves ``factors`` out of a user who has none, so a missing list counts as 0.
    """
    return sum(1 for factor in user.factors or [] if factor.status == "verified")


@dataclass(frozen=True, slots=True)
class UserRow:
    """The cells of one user in the users table."""

    id: str
    identity: str
    providers: str
    created: str
    last_sign_in: str
    confirmed: bool
    mfa: int
    banned: bool


def user_row(user: User, now: datetime | None = None) -> UserRow:
    """Return the table cells of ``user``; providers come from ``app_metadata.providers``."""
    providers = user.app_metadata.get("providers")
    if not isinstance(providers, list):
        provider = user.app_metadata.get("provider")
        providers = [provider] if provider else []
    if user.is_anonymous and not providers:
        providers = ["anonymous"]
    return UserRow(
        id=user.id,
        identity=user_identity(user),
        providers=", ".join(str(name) for name in providers),
        created=format_time(user.created_at, date_only=True),
        last_sign_in=format_time(user.last_sign_in_at, date_only=True),
        confirmed=is_confirmed(user),
        mfa=verified_factors(user),
        banned=is_banned(user, now),
    )


def apply_toggles(users: Iterable[User], toggles: Iterable[str], now: datetime | None = None) -> list[User]:
    """Return the users that match every toggle in ``toggles`` (see `USER_TOGGLES`)."""
    checks = {
        "confirmed": is_confirmed,
        "unconfirmed": lambda user: not is_confirmed(user),
        "anonymous": lambda user: user.is_anonymous,
        "banned": lambda user: is_banned(user, now),
        "mfa": lambda user: bool(verified_factors(user)),
    }
    selected = [checks[name] for name in toggles]
    return [user for user in users if all(check(user) for check in selected)]


async def list_users(client: Any, query: UsersQuery) -> UsersPage:
    """Fetch one page of users; the Auth API matches ``search`` against email, phone and id."""
    response = await client.auth.admin.list_users_page(
        page=query.page, per_page=query.per_page, filter=query.search.strip() or None
    )
    return UsersPage(query=query, users=list(response.users), total=response.total)


async def fetch_user(client: Any, user_id: str) -> User:
    """Fetch one user with identities and factors, asking for the factors when they are missing."""
    user = (await client.auth.admin.get_user_by_id(user_id)).user
    if user.factors is None:
        response = await client.auth.admin.mfa.list_factors({"user_id": user_id})
        user.factors = list(response.factors)
    return user


async def delete_factor(client: Any, user_id: str, factor: Factor) -> str:
    """Delete one MFA factor of a user; return the deleted factor's id."""
    response = await client.auth.admin.mfa.delete_factor({"id": factor.id, "user_id": user_id})
    return str(response.id)


async def ban_user(client: Any, user_id: str, duration: str) -> User:
    """Ban the user for ``duration`` (a Go duration such as ``24h``), or lift the ban with ``none``."""
    value = validate_ban_duration(duration)
    return (await client.auth.admin.update_user_by_id(user_id, {"ban_duration": value})).user


async def confirm_email(client: Any, user_id: str) -> User:
    """Mark the user's email as confirmed."""
    return (await client.auth.admin.update_user_by_id(user_id, {"email_confirm": True})).user


async def generate_link(client: Any, user: User, link_type: str) -> str:
    """Generate a ``magiclink``, ``recovery`` or ``invite`` link for ``user``; return the action link.

    Raises:
        ValueError: The user has no email address.
    """
    if not user.email:
        raise ValueError(f"user {user.id} has no email address, so no {link_type} link can be made")
    response = await client.auth.admin.generate_link({"type": link_type, "email": user.email})
    return str(response.properties.action_link)


async def sign_out_everywhere(client: Any, user: User) -> None:
    """End every session of ``user``.

    The Auth admin API signs a user out only with one of that user's access tokens, so this
    generates a magic link, verifies its token on a separate client (the dashboard's own
    session is untouched) and signs that session out with scope ``global``.
    NOTE: verifying the link sets ``last_sign_in_at`` and confirms an unconfirmed email.

    Raises:
        ValueError: The user has no email address.
    """
    if not user.email:
        raise ValueError(
            f"user {user.id} has no email address; sign-out everywhere needs one to get a session token"
        )

    from supatui.client import create_client

    link = await client.auth.admin.generate_link({"type": "magiclink", "email": user.email})
    verifier = create_client(client.supabase_url, client.supabase_key)
    try:
        response = await verifier.auth.verify_otp(
            {"token_hash": link.properties.hashed_token, "type": link.properties.verification_type or "magiclink"}
        )
        if response.session is None:
            raise RuntimeError(f"verifying a magic link of {user.email} returned no session")
        await client.auth.admin.sign_out(response.session.access_token, "global")
    finally:
        await verifier.aclose()


async def delete_user(client: Any, user_id: str, *, soft: bool) -> None:
    """Delete the user, or with ``soft`` keep the row and disable the account."""
    await client.auth.admin.delete_user(user_id, should_soft_delete=soft)
