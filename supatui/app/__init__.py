"""The supatui dashboard (Textual)."""

from __future__ import annotations

from supatui.app.app import SupatuiApp

__all__ = ["SupatuiApp", "run_app"]


def run_app(
    *,
    url: str | None = None,
    key: str | None = None,
    read_only: bool = False,
    profile_name: str | None = None,
    debug: bool = False,
) -> int:
    """Run the dashboard until the user quits and return the exit code.

    Without ``url`` and ``key`` the connection screen opens first.

    Args:
        url: The project URL.
        key: The anon or service_role key (never written to the profile file).
        read_only: Disable inserts, edits and deletes.
        profile_name: The saved profile the URL and key came from.
        debug: Log at DEBUG level.
    """
    app = SupatuiApp(url=url, key=key, read_only=read_only, profile_name=profile_name, debug=debug)
    result = app.run()
    return result if isinstance(result, int) else app.return_code or 0
