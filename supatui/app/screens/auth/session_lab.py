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
from supatui.app.widgets.qr import qr_text
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


async def read_sandbox_mailbox_code(url: str, key: str, email: str) -> str | None:
    """Return the newest one-time code mailed to ``email``, from a supatui sandbox's mailbox.

    The mailbox is the sandbox's own endpoint (a hosted project sends real mail), so any failure,
    such as 404 on a hosted project or a key that is not service_role, returns None.
    """
    import httpx

    headers = {"apikey": key, "Authorization": f"Bearer {key}"}
    try:
        async with httpx.AsyncClient(timeout=5.0) as http:
            response = await http.get(f"{url}/auth/v1/mailbox", params={"recipient": email}, headers=headers)
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    messages = response.json()
    if not isinstance(messages, list):
        return None
    for message in messages:
        if isinstance(message, dict) and message.get("otp"):
            return str(message["otp"])
    return None


class SessionLabScreen(ForwardWorkerErrors, Screen[None]):
    """Signs in as a user by password and shows the access token's claims and aal."""

    CSS_PATH = AUTH_CSS_PATH

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="lab.close"),
        Binding("ctrl+o", "send_otp", "Email a code", id="lab.send_otp",
                tooltip="Email the user a one-time code (read from the sandbox mailbox when there is one)"),
        Binding("ctrl+n", "enroll_totp", "Enroll TOTP", id="lab.enroll_totp",
                tooltip="Sign in, enroll a new TOTP factor and show its QR code; enter a code to verify it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.enrolling: tuple[Any, str] | None = None
        """The lab's own signed-in client and the id of the factor it enrolled, until verified."""
        self.otp_email: str | None = None
        """The address a one-time code was sent to; the next code entered signs in with it."""

    def compose(self) -> ComposeResult:
        yield StatusLine(self.app.session, section="Auth · session lab", id="status-line")  # type: ignore[attr-defined]
        yield Label("email", classes="field-label")
        yield Input(placeholder="mae@example.com", id="lab-email")
        yield Label("password (enter signs in)", classes="field-label")
        yield Input(password=True, id="lab-password")
        yield Label("code: TOTP (raises the session to aal2), or the one-time code of ctrl+o",
                    classes="field-label")
        yield Input(placeholder="123456", restrict=r"\d{0,8}", id="lab-totp")
        yield Label("", id="lab-level")
        with VerticalScroll(id="lab-body"):
            yield Static(id="lab-qr")
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
        if self.otp_email is not None and totp_code:
            self.query_one("#lab-level", Label).update("verifying the one-time code…")
            self.verify_otp(self.otp_email, totp_code)
            return
        if self.enrolling is not None and totp_code:
            self.query_one("#lab-level", Label).update("verifying the new factor…")
            self.verify_enrolled(totp_code)
            return
        self.query_one("#lab-level", Label).update("signing in…")
        self.sign_in(email, password, totp_code)

    def action_send_otp(self) -> None:
        email = self.query_one("#lab-email", Input).value.strip()
        if not email:
            self.query_one("#lab-level", Label).update("Enter the user's email first")
            return
        self.query_one("#lab-level", Label).update(f"emailing a one-time code to {email}…")
        self.send_otp(email)

    @work(exclusive=True, exit_on_error=False, group="lab", description="Emailing a one-time code")
    async def send_otp(self, email: str) -> None:
        from supatui.client import create_client

        app_client = self.app.client  # type: ignore[attr-defined]
        async with create_client(app_client.supabase_url, app_client.supabase_key) as lab:
            try:
                await lab.auth.sign_in_with_otp({"email": email, "options": {"should_create_user": False}})
            except AuthError as error:
                code = f"{error.code}: " if error.code else ""
                self.query_one("#lab-level", Label).update(Text(f"{code}{error.message}", style="bold red"))
                return

        self.otp_email = email
        found = await read_sandbox_mailbox_code(app_client.supabase_url, app_client.supabase_key, email)
        if found:
            self.query_one("#lab-totp", Input).value = found
            message = "Read the code from the sandbox mailbox; enter signs in with it"
        else:
            message = f"Enter the code emailed to {email}, then enter"
        self.query_one("#lab-level", Label).update(message)
        self.query_one("#lab-totp", Input).focus()

    @work(exclusive=True, exit_on_error=False, group="lab", description="Verifying the code")
    async def verify_otp(self, email: str, token: str) -> None:
        from supatui.client import create_client

        app_client = self.app.client  # type: ignore[attr-defined]
        async with create_client(app_client.supabase_url, app_client.supabase_key) as lab:
            try:
                await lab.auth.verify_otp({"email": email, "token": token, "type": "email"})
                claims = await lab.auth.get_claims()
                aal = await lab.auth.mfa.get_authenticator_assurance_level()
                await lab.auth.sign_out({"scope": "local"})
            except AuthError as error:
                code = f"{error.code}: " if error.code else ""
                self.query_one("#lab-level", Label).update(Text(f"{code}{error.message}", style="bold red"))
                return
        self.otp_email = None
        payload = dict((claims or {}).get("claims") or {})
        self.post_message(SignedIn(email, payload, aal.current_level, aal.next_level))

    def action_enroll_totp(self) -> None:
        email = self.query_one("#lab-email", Input).value.strip()
        password = self.query_one("#lab-password", Input).value
        if not email or not password:
            self.query_one("#lab-level", Label).update("Enter the user's email and password first")
            return
        self.query_one("#lab-level", Label).update("signing in and enrolling a TOTP factor…")
        self.enroll(email, password)

    @work(exclusive=True, exit_on_error=False, group="lab", description="Enrolling a TOTP factor")
    async def enroll(self, email: str, password: str) -> None:
        from supatui.client import create_client

        await self.close_enrolling()
        app_client = self.app.client  # type: ignore[attr-defined]
        lab = create_client(app_client.supabase_url, app_client.supabase_key)
        try:
            await lab.auth.sign_in_with_password({"email": email, "password": password})
            factor = await lab.auth.mfa.enroll({"factor_type": "totp", "friendly_name": "supatui lab"})
        except AuthError as error:
            await lab.aclose()
            code = f"{error.code}: " if error.code else ""
            self.query_one("#lab-level", Label).update(Text(f"{code}{error.message}", style="bold red"))
            return

        self.enrolling = (lab, factor.id)
        assert factor.totp is not None
        self.query_one("#lab-qr", Static).update(Text.assemble(
            qr_text(factor.totp.uri), f"\nsecret: {factor.totp.secret}\n{factor.totp.uri}\n",
        ))
        self.query_one("#lab-level", Label).update(
            "Scan the code (or type the secret) into an authenticator app, then enter its code above"
        )
        self.query_one("#lab-totp", Input).focus()

    @work(exclusive=True, exit_on_error=False, group="lab", description="Verifying the factor")
    async def verify_enrolled(self, totp_code: str) -> None:
        assert self.enrolling is not None
        lab, factor_id = self.enrolling
        try:
            await lab.auth.mfa.challenge_and_verify({"factor_id": factor_id, "code": totp_code})
            claims = await lab.auth.get_claims()
            aal = await lab.auth.mfa.get_authenticator_assurance_level()
            user = await lab.auth.get_user()
        except AuthError as error:
            code = f"{error.code}: " if error.code else ""
            self.query_one("#lab-level", Label).update(Text(f"{code}{error.message}", style="bold red"))
            return
        await self.close_enrolling()
        self.query_one("#lab-qr", Static).update("")
        email = user.user.email if user is not None and user.user.email else ""
        payload = dict((claims or {}).get("claims") or {})
        self.post_message(SignedIn(email, payload, aal.current_level, aal.next_level))

    async def close_enrolling(self) -> None:
        """Sign the lab's enrollment session out and close its client."""
        if self.enrolling is None:
            return
        lab, _factor_id = self.enrolling
        self.enrolling = None
        try:
            await lab.auth.sign_out({"scope": "local"})
        finally:
            await lab.aclose()

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

    async def action_close(self) -> None:
        await self.close_enrolling()
        self.dismiss(None)
