"""State shared by the handlers and the steps every request goes through."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import asyncpg
from starlette.requests import Request

from ..config import RestConfig
from ..errors import ApiError
from ..gateway import Identity, authenticate
from ..negotiation import MediaType, negotiate_media, select_schema
from ..parser import Preferences, QueryParts, parse_prefer
from ..parser.model import EmbedOptions
from ..schema_cache import SchemaCache
from ..schema_model import SchemaSnapshot

__all__ = ["RequestBase", "RestState", "begin_request", "check_embed_paths", "compute_window", "query_pairs"]


@dataclass
class RestState:
    """Shared handler state: the pool, the settings and the schema cache."""

    pool: asyncpg.Pool
    config: RestConfig
    cache: SchemaCache


@dataclass
class RequestBase:
    """Authentication, schema, media type and preferences of one request."""

    identity: Identity
    schema: str
    profile_given: bool
    media: MediaType
    prefs: Preferences
    snapshot: SchemaSnapshot
    headers: dict[str, str] = field(default_factory=dict)

    def finish_headers(self) -> dict[str, str]:
        """Return the headers every successful response carries."""
        headers = dict(self.headers)
        if self.profile_given:
            headers["Content-Profile"] = self.schema
        if self.prefs.applied:
            headers["Preference-Applied"] = ", ".join(self.prefs.applied)
        return headers


async def begin_request(request: Request, state: RestState) -> RequestBase:
    """Authenticate, pick the schema and media type, parse ``Prefer`` and load the schema cache."""
    identity = authenticate(request, state.config)
    schema, profile_given = select_schema(request, state.config)
    media = negotiate_media(request.headers.get("accept"), state.config.plan_enabled)
    prefs = parse_prefer(request.headers.getlist("prefer"))
    snapshot = await state.cache.get()
    _check_role(identity, snapshot)
    return RequestBase(identity, schema, profile_given, media, prefs, snapshot)


def _check_role(identity: Identity, snapshot: SchemaSnapshot) -> None:
    """Reject JWT roles that PostgREST, connected as ``authenticator``, could not switch to.

    The pool connects as a superuser, so without this check a signed token with
    ``role: postgres`` would run as the superuser.
    """
    allowed = snapshot.assumable_roles
    if allowed is None or identity.role in allowed:
        return
    if identity.role not in snapshot.existing_roles:
        raise ApiError(401, "22023", f'role "{identity.role}" does not exist', None,
                       "Use a token whose role claim is anon, authenticated or service_role",
                       {"WWW-Authenticate": "Bearer"})
    raise ApiError(401 if identity.role == "anon" else 403, "42501",
                   f'permission denied to set role "{identity.role}"', None,
                   "Use a token whose role claim is anon, authenticated or service_role")


def query_pairs(request: Request) -> list[tuple[str, str]]:
    """Return the decoded query parameters in order (``+`` decodes to a space)."""
    return parse_qsl(request.url.query, keep_blank_values=True)


def check_embed_paths(parts: QueryParts, visited: set[tuple[str, ...]]) -> None:
    """Reject filters, order or windows on embed paths that ``select`` does not contain.

    Raises:
        ApiError: 400 PGRST108.
    """
    for path, options in parts.options.items():
        if path in visited or _is_empty(options):
            continue
        name = ".".join(path)
        raise ApiError(400, "PGRST108", f"'{name}' is not an embedded resource in this request", None,
                       f"Verify that '{name}' is included in the 'select' query parameter.")


def _is_empty(options: EmbedOptions) -> bool:
    return not options.filters and not options.order and options.limit is None and options.offset is None


_RANGE = re.compile(r"\s*(?:items=)?(\d+)-(\d*)\s*")


def compute_window(options: EmbedOptions, range_header: str | None, max_rows: int) -> tuple[int, int]:
    """Return ``(offset, limit)`` from ``limit``/``offset``, the ``Range`` header and ``max_rows``.

    Raises:
        ApiError: 416 PGRST103 for a ``Range`` whose end precedes its start.
    """
    offset = options.offset or 0
    end: int | None = offset + options.limit - 1 if options.limit is not None else None

    if range_header:
        match = _RANGE.fullmatch(range_header)
        if match:
            range_start = int(match.group(1))
            range_end = int(match.group(2)) if match.group(2) else None
            if range_end is not None and range_end < range_start:
                raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                               f"The Range header {range_header!r} ends before it starts")
            offset = max(offset, range_start)
            if range_end is not None:
                end = range_end if end is None else min(end, range_end)

    limit = max_rows if end is None else max(0, min(end - offset + 1, max_rows))
    return offset, limit
