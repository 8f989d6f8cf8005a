"""The path of the Auth section's stylesheet, which every screen of the section loads."""

from pathlib import Path

__all__ = ["AUTH_CSS_PATH"]

AUTH_CSS_PATH = Path(__file__).parents[2] / "auth.tcss"
"""``supatui/app/auth.tcss``; Textual reads it once, when the first screen using it opens."""
