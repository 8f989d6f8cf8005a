"""``/admin/users/{user_id}/factors``: listing, renaming and deleting a user's MFA factors."""

from __future__ import annotations

from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..common import AuthError, json_response, parse_uuid, read_json, require_admin, state
from ..mfa import downgrade_sessions
from ..users import factor_json, fetch_factors, fetch_user, normalize_phone
from .users import path_user_id

__all__ = ["routes"]


async def _existing_user_id(conn: asyncpg.Connection, request: Request) -> Any:
    user_id = path_user_id(request)
    if await fetch_user(conn, user_id) is None:
        raise AuthError(404, "user_not_found", f"User {user_id} not found")
    return user_id


async def _factor(conn: asyncpg.Connection, user_id: Any, raw_id: str) -> asyncpg.Record:
    factor_id = parse_uuid(raw_id)
    row = None
    if factor_id is not None:
        row = await conn.fetchrow(
            "select * from auth.mfa_factors where id = $1 and user_id = $2", factor_id, user_id
        )
    if row is None:
        raise AuthError(404, "mfa_factor_not_found", f"Factor {raw_id} not found for user {user_id}")
    return row


async def list_factors(request: Request) -> Response:
    """``GET /admin/users/{user_id}/factors``: the user's factors, oldest first."""
    await require_admin(request)

    async with state(request).pool.acquire() as conn:
        user_id = await _existing_user_id(conn, request)
        factors = await fetch_factors(conn, user_id)
    return json_response([factor_json(row) for row in factors])


async def update_factor(request: Request) -> Response:
    """``PUT /admin/users/{user_id}/factors/{factor_id}``: change ``friendly_name`` or ``phone``."""
    await require_admin(request)
    body = await read_json(request)

    friendly_name = body.get("friendly_name")
    if friendly_name is not None and not isinstance(friendly_name, str):
        raise AuthError(400, "validation_failed", f"friendly_name must be a string, got {friendly_name!r}")

    async with state(request).pool.acquire() as conn, conn.transaction():
        user_id = await _existing_user_id(conn, request)
        factor = await _factor(conn, user_id, request.path_params["factor_id"])

        phone = factor["phone"]
        if body.get("phone") is not None:
            if factor["factor_type"] != "phone":
                raise AuthError(400, "validation_failed", f"Factor {factor['id']} is not a phone factor")
            phone = normalize_phone(body["phone"])
        name = factor["friendly_name"] if friendly_name is None else friendly_name

        if name and name != factor["friendly_name"] and await conn.fetchval(
            "select 1 from auth.mfa_factors where user_id = $1 and friendly_name = $2 and id <> $3",
            user_id, name, factor["id"],
        ):
            raise AuthError(
                422, "mfa_factor_name_conflict",
                f"A factor with the friendly name {name!r} already exists for this user",
            )
        row = await conn.fetchrow(
            "update auth.mfa_factors set friendly_name = $2, phone = $3, updated_at = now() "
            "where id = $1 returning *",
            factor["id"], name, phone,
        )
    return json_response(factor_json(row))


async def delete_factor(request: Request) -> Response:
    """``DELETE /admin/users/{user_id}/factors/{factor_id}``: 200 with the deleted factor.

    Sessions that the factor raised to aal2 drop back to aal1.
    """
    await require_admin(request)

    async with state(request).pool.acquire() as conn, conn.transaction():
        user_id = await _existing_user_id(conn, request)
        factor = await _factor(conn, user_id, request.path_params["factor_id"])
        await conn.execute("delete from auth.mfa_factors where id = $1", factor["id"])
        await downgrade_sessions(conn, user_id, factor["id"])
    return json_response(factor_json(factor))


routes = [
    Route("/admin/users/{user_id}/factors", list_factors, methods=["GET"]),
    Route("/admin/users/{user_id}/factors/{factor_id}", update_factor, methods=["PUT"]),
    Route("/admin/users/{user_id}/factors/{factor_id}", delete_factor, methods=["DELETE"]),
]
