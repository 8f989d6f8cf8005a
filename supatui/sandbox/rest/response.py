"""Response bodies and headers: JSON, single object, CSV, Content-Range and error responses."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from starlette.responses import Response

from .errors import ApiError, GatewayError
from .negotiation import MediaType

__all__ = [
    "content_range",
    "error_response",
    "gateway_response",
    "render_rows",
    "singular_error",
]

JSON_TYPE = "application/json; charset=utf-8"


def content_range(offset: int, returned: int, total: int | None) -> str:
    """Return the ``Content-Range`` value for ``returned`` rows starting at ``offset``."""
    total_text = "*" if total is None else str(total)
    if returned <= 0:
        return f"*/{total_text}"
    return f"{offset}-{offset + returned - 1}/{total_text}"


def singular_error(returned: int) -> ApiError:
    """Return the 406 PGRST116 error for a singular response with ``returned`` rows."""
    return ApiError(406, "PGRST116", "Cannot coerce the result to a single JSON object",
                    f"The result contains {returned} rows")


def render_rows(body: str, keys: list[str], media: MediaType) -> tuple[bytes, str]:
    """Turn a JSON array produced by PostgreSQL into the negotiated body and its content type."""
    if media.kind == "csv":
        return _csv(json.loads(body), keys), "text/csv; charset=utf-8"
    if media.kind == "object":
        rows = json.loads(body)
        row = _strip_nulls(rows[0]) if media.nulls_stripped else rows[0]
        content_type = "application/vnd.pgrst.object+json"
        if media.nulls_stripped:
            content_type += ";nulls=stripped"
        return _dump(row), content_type + "; charset=utf-8"
    if media.nulls_stripped:
        rows = [_strip_nulls(row) for row in json.loads(body)]
        return _dump(rows), "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8"
    return body.encode(), JSON_TYPE


def _strip_nulls(row: Any) -> Any:
    if isinstance(row, dict):
        return {key: value for key, value in row.items() if value is not None}
    return row


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _csv(rows: list[Any], keys: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = keys or (list(rows[0].keys()) if rows and isinstance(rows[0], dict) else [])
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in header])
    return buffer.getvalue().rstrip("\n").encode()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        # NOTE: PostgREST prints arrays as PostgreSQL literals ({a,b}); this prints JSON (["a","b"]).
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def error_response(error: ApiError, head: bool = False) -> Response:
    """Return the JSON response for ``error``; HEAD responses carry no body."""
    headers = {"Proxy-Status": f"PostgREST; error={error.code}", **error.headers}
    content = b"" if head else _dump(error.body())
    return Response(content, status_code=error.status, headers=headers, media_type=JSON_TYPE)


def gateway_response(error: GatewayError) -> Response:
    """Return the gateway's 401 ``{message, hint}`` response."""
    return Response(_dump({"message": error.message, "hint": error.hint}), status_code=401,
                    media_type=JSON_TYPE)
