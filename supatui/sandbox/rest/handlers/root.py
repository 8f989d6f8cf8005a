"""``/``: the OpenAPI description of the selected schema (service_role only) and OPTIONS."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ApiError
from ..openapi import openapi_document
from .common import RestState, begin_request

__all__ = ["handle_root"]


async def handle_root(request: Request, state: RestState) -> Response:
    """Handle GET, HEAD and OPTIONS on the root path."""
    base = await begin_request(request, state)
    if request.method == "OPTIONS":
        return Response(b"", status_code=200, headers={"Allow": "OPTIONS,GET,HEAD"})
    if request.method not in ("GET", "HEAD"):
        raise ApiError(405, "PGRST117", f"Unsupported HTTP method: {request.method}")
    if base.identity.role != "service_role":
        raise ApiError(403, "42501", "Access to the OpenAPI description requires the service_role key",
                       None, "Send the service_role key in the apikey and Authorization headers")

    document = openapi_document(base.snapshot, base.schema)
    body = b"" if request.method == "HEAD" else json.dumps(document).encode()
    return Response(body, status_code=200, headers=base.finish_headers(),
                    media_type="application/openapi+json; charset=utf-8")
