"""The sandbox's mailbox: emails and texts are stored, never sent; ``/mailbox`` reads them."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .common import db, json_response, require_admin
from .users import timestamp

__all__ = ["deliver", "routes"]


async def deliver(
    conn: asyncpg.Connection,
    *,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    link: str | None = None,
    otp: str | None = None,
) -> str:
    """Store an email (``kind="email"``) or text (``"sms"``) and return a message id."""
    message_id = await conn.fetchval(
        "insert into supatui_sandbox.mailbox (kind, recipient, subject, body, link, otp) "
        "values ($1, $2, $3, $4, $5, $6) returning id",
        kind, recipient, subject, body, link, otp,
    )
    return str(uuid.uuid5(uuid.NAMESPACE_OID, f"supatui-mailbox-{message_id}"))


async def list_messages(request: Request) -> Response:
    """Return the stored messages, newest first, optionally only those to ``recipient``.

    Phones are matched with or without ``+``. Needs the service_role key.
    """
    await require_admin(request)
    recipient = request.query_params.get("recipient")

    async with db(request).acquire() as conn:
        if recipient:
            rows = await conn.fetch(
                "select * from supatui_sandbox.mailbox where recipient = $1 order by id desc",
                _recipient_key(recipient),
            )
        else:
            rows = await conn.fetch("select * from supatui_sandbox.mailbox order by id desc")
    return json_response([_message_json(row) for row in rows])


async def clear_messages(request: Request) -> Response:
    """Delete the stored messages (only those to ``recipient`` when given); 204."""
    await require_admin(request)
    recipient = request.query_params.get("recipient")

    async with db(request).acquire() as conn:
        if recipient:
            await conn.execute(
                "delete from supatui_sandbox.mailbox where recipient = $1", _recipient_key(recipient)
            )
        else:
            await conn.execute("delete from supatui_sandbox.mailbox")
    return Response(status_code=204)


def _recipient_key(recipient: str) -> str:
    stripped = recipient.strip()
    if "@" in stripped:
        return stripped.lower()
    return stripped.lstrip("+").replace(" ", "").replace("-", "")


def _message_json(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "recipient": row["recipient"],
        "subject": row["subject"],
        "body": row["body"],
        "link": row["link"],
        "otp": row["otp"],
        "created_at": timestamp(row["created_at"]),
    }


routes = [
    Route("/mailbox", list_messages, methods=["GET"]),
    Route("/mailbox", clear_messages, methods=["DELETE"]),
]
