"""Dashboard figures: launch to first page, next-page latency, memory after many pages."""

from __future__ import annotations

from ._stats import Figure


def run(api_url: str, key: str, table: str) -> list[Figure]:
    # Filled in once the table browser exposes its paging hooks.
    return []
