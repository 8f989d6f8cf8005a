"""The Auth section: users, user detail with admin actions, OAuth clients and a session lab."""

from supatui.app.screens.auth.users import UsersScreen

__all__ = ["UsersScreen"]
