"""Prepared requests, responses and the decoding of PostgREST responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from ..errors import APIError

__all__ = ["APIResponse", "PreparedRequest", "decode_response", "error_from_response"]


@dataclass(frozen=True)
class PreparedRequest:
    """A request built by a query, ready to send, with no I/O done yet.

    ``str(prepared.url)`` is the exact URL PostgREST receives and ``headers``
    include the session headers, the API key among them: mask them before
    showing them.
    """

    method: str
    url: httpx.URL
    headers: httpx.Headers
    body: bytes | None


@dataclass
class APIResponse:
    """The result of an executed query.

    ``data`` is a list of row dicts, a single row dict (``single()``), ``None``
    (``maybe_single()`` with no row), a string (``csv()`` and text ``explain()``)
    or whatever JSON an RPC returned. ``count`` is the total from
    ``Content-Range`` when a count was requested, else ``None``.
    """

    data: Any
    count: int | None = None
    status_code: int = 200


def error_from_response(response: httpx.Response) -> APIError:
    """Build an APIError from a non-2xx PostgREST response."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None

    if isinstance(body, dict) and ("message" in body or "code" in body):
        message = body.get("message")
        return APIError(
            message if isinstance(message, str) else json.dumps(message),
            code=str(body["code"]) if body.get("code") is not None else str(status),
            details=body.get("details"),
            hint=body.get("hint"),
            status=status,
        )

    text = response.text.strip() or response.reason_phrase or "no response body"
    return APIError(
        f"{response.request.method} {response.request.url.path} returned HTTP {status}: {text}",
        code=str(status),
        status=status,
    )


def _parse_count(response: httpx.Response) -> int | None:
    content_range = response.headers.get("content-range", "")
    _, slash, total = content_range.partition("/")
    if not slash or not total.isdigit():
        return None
    return int(total)


def decode_response(
    response: httpx.Response,
    *,
    counted: bool,
    as_text: bool,
    maybe_single: bool,
) -> APIResponse:
    """Turn a PostgREST response into an APIResponse or raise APIError.

    Args:
        response: The response with its body read.
        counted: Whether the request asked for a count (``Prefer: count=``).
        as_text: Return the body as a string (CSV, text plans).
        maybe_single: Unwrap a list of 0 or 1 rows, raising PGRST116 for more.
    """
    if response.is_error:
        raise error_from_response(response)

    count = _parse_count(response) if counted else None

    if as_text:
        return APIResponse(response.text, count, response.status_code)

    if not response.content:
        data: Any = None if maybe_single else []
        return APIResponse(data, count, response.status_code)

    try:
        data = response.json()
    except ValueError:
        data = response.text

    if maybe_single and isinstance(data, list):
        if len(data) > 1:
            raise APIError(
                "JSON object requested, multiple (or no) rows returned",
                code="PGRST116",
                details=f"The result contains {len(data)} rows",
                hint="Add a filter on a unique column so at most one row matches",
                status=406,
            )
        data = data[0] if data else None

    return APIResponse(data, count, response.status_code)
