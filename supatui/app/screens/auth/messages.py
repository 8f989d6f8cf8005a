"""Typed results that the Auth section's workers post back to its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from supatui.app.screens.auth.queries import UsersPage
from supatui.client.auth import OAuthClient, User

__all__ = [
    "OAuthClientSaved",
    "OAuthClientsListed",
    "OAuthSecretIssued",
    "UserActionDone",
    "UserDeleted",
    "UserFetched",
    "UsersListed",
]


@dataclass
class UsersListed(Message):
    """A users page arrived; ``generation`` lets the list drop results of superseded searches."""

    generation: int
    page: UsersPage


@dataclass
class UserFetched(Message):
    user: User


@dataclass
class UserActionDone(Message):
    """An action on the user finished; ``text`` is the toast, ``user`` the record when it changed."""

    text: str
    user: User | None = None


@dataclass
class UserDeleted(Message):
    user_id: str
    soft: bool


@dataclass
class OAuthClientsListed(Message):
    clients: list[OAuthClient]


@dataclass
class OAuthClientSaved(Message):
    """A client was created or deleted; ``text`` is the toast."""

    text: str


@dataclass
class OAuthSecretIssued(Message):
    """A client secret was created or regenerated; it is shown once and kept nowhere else."""

    client: OAuthClient

    def __repr__(self) -> str:
        return f"OAuthSecretIssued(client_id={self.client.client_id!r})"
