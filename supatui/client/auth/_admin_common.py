"""Checks and header parsing shared by the admin calls."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from ..errors import AuthAdminRoleError
from ._jwt import ADMIN_ROLES, key_role

__all__ = ["check_admin_key", "check_uuid", "page_links"]

_PAGE_IN_LINK = re.compile(r"<[^>]*[?&]page=(\d+)[^>]*>;\s*rel=\"(\w+)\"")


def check_admin_key(key: str, call: str) -> None:
    """Raise unless ``key``'s role claim is an admin role. The key is decoded, not verified.

    Raises:
        AuthAdminRoleError: The key's role is not service_role (or cannot be read).
    """
    role = key_role(key)
    if role in ADMIN_ROLES:
        return
    found = f"role {role!r}" if role else "no readable role claim"
    raise AuthAdminRoleError(
        f"auth.admin.{call} needs the service_role key, but the client's key has {found}. "
        "Create a separate client with the service_role (secret) key for admin calls",
        code="not_admin",
    )


def check_uuid(value: Any, name: str) -> str:
    """Return ``value`` as a string when it is a UUID, or raise ValueError naming it."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ValueError(
            f"{name} {value!r} is not a valid UUID. Pass the id of an auth user"
        ) from None


def page_links(response: httpx.Response) -> tuple[int | None, int | None, int | None]:
    """Return (total, next page, last page) from ``X-Total-Count`` and ``Link`` headers."""
    total_header = response.headers.get("x-total-count")
    total = int(total_header) if total_header and total_header.isdigit() else None
    pages = {
        rel: int(page) for page, rel in _PAGE_IN_LINK.findall(response.headers.get("link", ""))
    }
    return total, pages.get("next"), pages.get("last")
