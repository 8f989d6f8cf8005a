"""Request payloads: JSON, CSV and form bodies turned into lists of row objects."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from ..errors import ApiError

__all__ = ["read_rows"]


def _invalid(details: str) -> ApiError:
    return ApiError(400, "PGRST102", "Empty or invalid json", details)


async def read_rows(request: Request) -> tuple[list[dict[str, Any]], bool]:
    """Return the rows of the body and whether it was a single object rather than an array.

    Raises:
        ApiError: 400 PGRST102 for an empty, invalid or non-object body.
    """
    raw = await request.body()
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()

    if content_type == "text/csv":
        return _csv_rows(raw), False
    if content_type == "application/x-www-form-urlencoded":
        return [dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))], True

    try:
        payload = json.loads(raw) if raw.strip() else None
    except (ValueError, UnicodeDecodeError) as error:
        raise _invalid(f"the request body is not valid JSON: {error}") from None
    if isinstance(payload, dict):
        return [payload], True
    if isinstance(payload, list) and all(isinstance(row, dict) for row in payload):
        return payload, False
    raise _invalid("send a JSON object or an array of JSON objects")


def _csv_rows(raw: bytes) -> list[dict[str, Any]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _invalid(f"the CSV body is not UTF-8: {error}") from None
    reader = csv.reader(io.StringIO(text))
    lines = list(reader)
    if not lines:
        raise _invalid("the CSV body has no header line")
    header = lines[0]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != len(header):
            raise _invalid(f"CSV line {number} has {len(line)} fields, the header has {len(header)}")
        rows.append({key: (None if value == "NULL" else value) for key, value in zip(header, line)})
    return rows
