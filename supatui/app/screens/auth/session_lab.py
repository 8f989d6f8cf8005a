"""The session lab: sign in as a user by password (and TOTP) and read the session's claims and aal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from supatui.app.screens.auth.detail import json_view
from supatui.app.screens.auth.style import AUTH_CSS_PATH
from supatui.app.widgets import StatusLine
from supatui.app.workers import ForwardWorkerErrors
from supatui.client.errors import AuthError

__all__ = ["SessionLabScreen", "SignedIn", "sign_in_claims"]


@dataclass
class SignedIn(Message):
    """A password sign-in finished: the decoded claims and assurance levels; no token is kept."""

    email: str
    claims: dict[str, Any]
    current_level: str | None
    next_level: str | None


async def sign_in_claims(client: Any, email: str, password: str, totp_code: str = "") -> SignedIn:
    """Sign in on a separate client, read the claims and aal, then sign that session out.

    With ``totp_code`` the session is then verified with the user's first verified TOTP
    factor, which raises it to aal2. The dashboard's own client keeps its key and session:
    the lab never signs it in.

    Raises:
        AuthError: the sign-in or the verification failed, or the user has no TOTP factor.
    """
    from supatui.client import create_client

    lab = create_client(client.supabase_url, client.supabase_key)
    try:
        await lab.auth.sign_in_with_password({"email": email, "password": password})
        if totp_code:
            factors = await lab.auth.mfa.list_factors()
            if not factors.totp:
                raise AuthError(f"{email} has no verified TOTP factor to verify the code with",
                                code="mfa_factor_not_found")
            await lab.auth.mfa.challenge_and_verify({"factor_id": factors.totp[0].id, "code": totp_code})
        claims = await lab.auth.get_claims()
        aal = await lab.auth.mfa.get_authenticator_assurance_level()
        await lab.auth.sign_out({"scope": "local"})
    finally:
        await lab.aclose()
    payload = dict((claims or {}).get("claims") or {})
    return SignedIn(email, payload, aal.current_level, aal.next_level)


class SessionLabScreen(ForwardWorkerErrors, Screen[None]):
    """Signs in as a user by password and shows the access token's claims and aal."""

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="lab.close"),
    ]

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Auth · session lab", id="status-line")  # type: ignore[attr-defined]
        yield Label("email", classes="field-label")
        yield Input(placeholder="mae@example.com", id="lab-email")
        yield Label("password (enter signs in)", classes="field-label")
        yield Input(password=True, id="lab-password")
        yield Label("TOTP code, for a user with a TOTP factor (optional; raises the session to aal2)",
                    classes="field-label")
        yield Input(placeholder="123456", restrict=r"\d{0,8}", id="lab-totp")
        yield Label("", id="lab-level")
        with VerticalScroll(id="lab-body"):
            yield Static(id="lab-claims")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lab-email").focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "lab-email":
            self.query_one("#lab-password").focus()
            return
        email = self.query_one("#lab-email", Input).value.strip()
        password = self.query_one("#lab-password", Input).value
        totp_code = self.query_one("#lab-totp", Input).value.strip()
        self.query_one("#lab-level", Label).update("signing in…")
        self.sign_in(email, password, totp_code)

    @work(exclusive=True, exit_on_error=False, group="lab", description="Signing in")
    async def sign_in(self, email: str, password: str, totp_code: str) -> None:
        client = self.app.client  # type: ignore[attr-defined]
        try:
            signed_in = await sign_in_claims(client, email, password, totp_code)
        except AuthError as error:
            code = f"{error.code}: " if error.code else ""
            self.query_one("#lab-level", Label).update(Text(f"{code}{error.message}", style="bold red"))
            return
        self.post_message(signed_in)

    def on_signed_in(self, message: SignedIn) -> None:
        level = Text.assemble(
            (message.email, "bold"), f"  aal: {message.current_level}  next: {message.next_level}  ",
            ("(signed out again)", "dim"),
        )
        self.query_one("#lab-level", Label).update(level)
        self.query_one("#lab-claims", Static).update(json_view(message.claims))

    def action_close(self) -> None:
        self.dismiss(None)
