"""The “view as” dialog: query tables as a user or with the anon key, under row-level security."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from supatui.app.session import key_role
from supatui.client.errors import AuthError

__all__ = ["ViewAsScreen"]


#: Lifetime of a minted token, in seconds: long enough for a look around, short if it leaks.
MINTED_TOKEN_SECONDS = 3600


def mint_user_token(user: Any, jwt_secret: str) -> str:
    """Sign an HS256 access token for ``user`` as Supabase Auth would (role authenticated, aal1).

    Only HS256 projects can be served this way; the secret is used here and never stored.
    """
    import time

    import jwt

    now = int(time.time())
    claims = {
        "sub": user.id,
        "role": "authenticated",
        "aud": "authenticated",
        "email": user.email or "",
        "phone": user.phone or "",
        "aal": "aal1",
        "amr": [{"method": "password", "timestamp": now}],
        "is_anonymous": bool(getattr(user, "is_anonymous", False)),
        "iat": now,
        "exp": now + MINTED_TOKEN_SECONDS,
    }
    return jwt.encode(claims, jwt_secret, algorithm="HS256")


class ViewAsScreen(ModalScreen[str | None]):
    """Signs the dashboard's client in as a user, or switches it to an anon key, or back.

    Database requests then carry that user's token (or the anon key), so the table browser
    shows what row-level security lets them see. Admin calls keep using the connection's key.
    Dismisses with a description of the new viewer, "" for the key again, or None on cancel.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="view_as.cancel"),
        Binding("ctrl+r", "reset", "Back to the key", id="view_as.reset", priority=True),
    ]

    def __init__(self, client: Any) -> None:
        """Create the dialog.

        Args:
            client: The dashboard's `supatui.client.AsyncClient`.
        """
        super().__init__()
        self.client = client

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("View tables as", classes="dialog-title")
            yield Input(placeholder="user email (or phone)", id="view-as-user")
            yield Input(placeholder="that user's password", password=True, id="view-as-password")
            yield Input(placeholder="or the project's JWT secret, to mint the user's token (never stored)",
                        password=True, id="view-as-jwt-secret")
            yield Input(placeholder="or an anon key, to see what anonymous visitors see",
                        password=True, id="view-as-anon-key")
            yield Label("", id="view-as-error", classes="error-text", markup=False)
            yield Label("enter applies · ctrl+r returns to the connection's key · escape cancels",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#view-as-user", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        user = self.query_one("#view-as-user", Input).value.strip()
        password = self.query_one("#view-as-password", Input).value
        anon_key = self.query_one("#view-as-anon-key", Input).value.strip()
        jwt_secret = self.query_one("#view-as-jwt-secret", Input).value
        error = self.query_one("#view-as-error", Label)

        if anon_key:
            role = key_role(anon_key)
            if role != "anon":
                error.update(f"That key's role is {role!r}, not 'anon'; paste the project's anon key")
                return
            self.apply_anon(anon_key)
        elif user and password:
            error.update("Signing in …")
            self.sign_in(user, password)
        elif user and jwt_secret:
            error.update("Minting a token …")
            self.mint(user, jwt_secret)
        else:
            error.update("Enter a user's email with a password or the JWT secret, or an anon key")

    def apply_anon(self, anon_key: str) -> None:
        self.client.postgrest.auth(anon_key)
        self.dismiss("anon key")

    @work(exclusive=True, exit_on_error=False, group="view_as", description="Signing in")
    async def sign_in(self, user: str, password: str) -> None:
        credentials = {"phone" if user.lstrip("+").isdigit() else "email": user, "password": password}
        try:
            response = await self.client.auth.sign_in_with_password(credentials)
        except AuthError as error:
            code = f"{error.code}: " if error.code else ""
            self.query_one("#view-as-error", Label).update(f"{code}{error.message}")
            return
        # The key header again, so that the client sends the signed-in user's token instead.
        self.client.postgrest.auth(self.client.supabase_key)
        signed_in = response.user
        who = (signed_in.email or signed_in.phone or signed_in.id) if signed_in else user
        self.dismiss(f"{who} (authenticated)")

    @work(exclusive=True, exit_on_error=False, group="view_as", description="Minting a token")
    async def mint(self, user: str, jwt_secret: str) -> None:
        error_label = self.query_one("#view-as-error", Label)
        try:
            users = await self.client.auth.admin.list_users(page=1, per_page=50, filter=user)
        except AuthError as error:
            error_label.update(f"Looking up {user!r} failed: {error.message}")
            return
        matches = [found for found in users if user in (found.email, found.phone, found.id)]
        if len(matches) != 1:
            error_label.update(f"No user is exactly {user!r}; enter the email, phone or id as stored")
            return

        token = mint_user_token(matches[0], jwt_secret)
        self.client.postgrest.auth(token)
        self.dismiss(f"{user} (authenticated, minted token)")

    async def action_reset(self) -> None:
        if await self.client.auth.get_session() is not None:
            await self.client.auth.sign_out({"scope": "local"})
        self.client.postgrest.auth(self.client.supabase_key)
        self.dismiss("")

    def action_cancel(self) -> None:
        self.dismiss(None)
