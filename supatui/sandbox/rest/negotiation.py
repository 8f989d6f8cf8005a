"""Schema profile and media-type negotiation (``Accept-Profile``, ``Content-Profile``, ``Accept``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from .config import RestConfig
from .errors import ApiError

__all__ = ["MediaType", "negotiate_media", "select_schema"]

_READ_METHODS = ("GET", "HEAD")


def select_schema(request: Request, config: RestConfig) -> tuple[str, bool]:
    """Return the schema the request targets and whether a profile header named it.

    Raises:
        ApiError: 406 PGRST106 for a schema that is not exposed.
    """
    header = "accept-profile" if request.method in _READ_METHODS else "content-profile"
    requested = request.headers.get(header)
    if requested is None:
        return config.schemas[0], False
    if requested not in config.schemas:
        raise ApiError(406, "PGRST106", f"Invalid schema: {requested}", None,
                       f"Only the following schemas are exposed: {', '.join(config.schemas)}")
    return requested, True


@dataclass(frozen=True)
class MediaType:
    """The negotiated response format."""

    kind: str
    nulls_stripped: bool = False
    plan_format: str = "text"
    plan_options: tuple[str, ...] = field(default_factory=tuple)

    @property
    def singular(self) -> bool:
        """Whether the response must be exactly one JSON object."""
        return self.kind == "object"


_PLAN_OPTIONS = ("analyze", "verbose", "settings", "buffers", "wal")


def negotiate_media(accept: str | None, allow_plan: bool) -> MediaType:
    """Return the first supported media type in ``accept``.

    Raises:
        ApiError: 406 PGRST107 when none is supported.
    """
    if not accept:
        return MediaType("json")
    for raw in accept.split(","):
        main, *raw_params = [part.strip() for part in raw.split(";")]
        params = {}
        for param in raw_params:
            key, _, value = param.partition("=")
            params[key.strip().lower()] = value.strip().strip('"')
        main = main.lower()
        stripped = params.get("nulls") == "stripped"

        if main in ("application/json", "*/*", "application/*", "application/vnd.pgrst.array+json",
                    "application/openapi+json"):
            return MediaType("json", stripped)
        if main == "application/vnd.pgrst.object+json":
            return MediaType("object", stripped)
        if main == "text/csv":
            return MediaType("csv")
        if main.startswith("application/vnd.pgrst.plan") and allow_plan:
            plan_format = "json" if main.endswith("+json") else "text"
            options = tuple(opt for opt in params.get("options", "").split("|") if opt in _PLAN_OPTIONS)
            return MediaType("plan", plan_format=plan_format, plan_options=options)
    raise ApiError(406, "PGRST107", f"None of these media types are available: {accept}")
