"""Admin API of ``/auth/v1``: users, invitations, generated links and users' MFA factors.

Every route needs a bearer token whose role is an admin role (the service_role key).
"""

from __future__ import annotations

from starlette.routing import Route

from . import factors, links, users

__all__ = ["routes"]

routes: list[Route] = [*users.routes, *factors.routes, *links.routes]
