"""Admin actions of the user detail screen: each collects its input, confirms, then runs a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from supatui.app.clipboard import copy_text
from supatui.app.screens.auth import queries
from supatui.app.screens.auth.dialogs import ChoiceScreen
from supatui.app.screens.auth.messages import UserActionDone, UserDeleted
from supatui.app.screens.dialogs import ConfirmScreen, PromptScreen
from supatui.client.auth import Factor, User

__all__ = ["UserActions"]

_CUSTOM = "custom"
_UNBAN = "none"


class UserActions:
    """Mixed into `UserDetailScreen`, which provides ``user``, ``client`` and ``selected_factor``."""

    user: User
    client: Any

    if TYPE_CHECKING:
        app: Any

        def selected_factor(self) -> Factor | None: ...
        def post_message(self, message: Any) -> bool: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    @property
    def _label(self) -> str:
        return queries.user_identity(self.user)

    # -- delete one factor ----------------------------------------------------------------

    def action_delete_factor(self) -> None:
        factor = self.selected_factor()
        if factor is None:
            self.notify(f"{self._label} has no MFA factors", severity="warning")
            return

        body = "\n".join([
            f"factor id: {factor.id}",
            f"type: {factor.factor_type} · status: {factor.status}",
            f"name: {factor.friendly_name or '(none)'}",
            "The user's sessions drop to aal1.",
        ])

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_delete_factor(factor)

        self.app.push_screen(ConfirmScreen(f"Delete this factor of {self._label}?", body), confirmed)

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Deleting the factor")
    async def run_delete_factor(self, factor: Factor) -> None:
        deleted = await queries.delete_factor(self.client, self.user.id, factor)
        self.post_message(UserActionDone(f"Deleted {factor.factor_type} factor {deleted}"))

    # -- ban and unban --------------------------------------------------------------------

    def action_ban(self) -> None:
        choices = [*queries.BAN_CHOICES, ("Custom duration… (such as 36h)", _CUSTOM), ("Unban (lift the ban)", _UNBAN)]
        body = "A ban ends the user's sessions and blocks sign-in until it expires."
        self.app.push_screen(ChoiceScreen(f"Ban {self._label} for", choices, body=body), self._ban_chosen)

    def _ban_chosen(self, value: str | None) -> None:
        if value is None:
            return
        if value == _CUSTOM:
            prompt = PromptScreen("Ban duration (Go duration: 36h, 90m, 1h30m)", placeholder="36h")
            self.app.push_screen(prompt, self._custom_duration)
            return
        self._confirm_ban(value)

    def _custom_duration(self, text: str | None) -> None:
        if text is None:
            return
        try:
            duration = queries.validate_ban_duration(text)
        except ValueError as error:
            self.notify(str(error), severity="error")
            return
        self._confirm_ban(duration)

    def _confirm_ban(self, duration: str) -> None:
        if duration == _UNBAN:
            question = f"Lift the ban on {self._label}?"
            body = "ban_duration: none"
        else:
            question = f"Ban {self._label} for {duration}?"
            body = f"ban_duration: {duration}\nThe user's sessions end and sign-in fails until the ban expires."

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_ban(duration)

        self.app.push_screen(ConfirmScreen(question, body, danger=duration != _UNBAN), confirmed)

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Changing the ban")
    async def run_ban(self, duration: str) -> None:
        user = await queries.ban_user(self.client, self.user.id, duration)
        text = f"Lifted the ban on {self._label}" if duration == _UNBAN else f"Banned {self._label} for {duration}"
        self.post_message(UserActionDone(text, user))

    # -- sign out everywhere --------------------------------------------------------------

    def action_sign_out_everywhere(self) -> None:
        if not self.user.email:
            self.notify(f"{self._label} has no email address; sign-out everywhere needs one", severity="warning")
            return
        body = (
            "Every session and refresh token of the user ends; access tokens already issued "
            "stay valid until they expire.\n"
            "The Auth API signs a user out only with the user's own token, so supatui first "
            "verifies a magic link for them: that sets last sign-in and confirms an unconfirmed email."
        )

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_sign_out()

        self.app.push_screen(ConfirmScreen(f"Sign {self._label} out everywhere?", body), confirmed)

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Signing the user out")
    async def run_sign_out(self) -> None:
        await queries.sign_out_everywhere(self.client, self.user)
        self.post_message(UserActionDone(f"Signed {self._label} out of every session"))

    # -- confirm email --------------------------------------------------------------------

    def action_confirm_email(self) -> None:
        if not self.user.email:
            self.notify(f"{self._label} has no email address to confirm", severity="warning")
            return
        if self.user.email_confirmed_at is not None:
            self.notify(f"{self.user.email} is already confirmed")
            return
        self.run_confirm_email()

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Confirming the email")
    async def run_confirm_email(self) -> None:
        user = await queries.confirm_email(self.client, self.user.id)
        self.post_message(UserActionDone(f"Confirmed {user.email or self._label}", user))

    # -- generate and copy a link ---------------------------------------------------------

    def action_generate_link(self) -> None:
        if not self.user.email:
            self.notify(f"{self._label} has no email address, so no link can be made", severity="warning")
            return
        body = "The link is copied, not emailed. Anyone holding it can sign in as the user."
        self.app.push_screen(ChoiceScreen(f"Generate a link for {self.user.email}", queries.LINK_TYPES,
                                          body=body), self._link_chosen)

    def _link_chosen(self, link_type: str | None) -> None:
        if link_type is not None:
            self.run_generate_link(link_type)

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Generating the link")
    async def run_generate_link(self, link_type: str) -> None:
        link = await queries.generate_link(self.client, self.user, link_type)
        path = copy_text(self.app, link)
        self.post_message(UserActionDone(f"Copied the {link_type} link of {self._label} via {path}"))

    # -- delete the user ------------------------------------------------------------------

    def action_delete_user(self) -> None:
        choices = [
            ("Soft delete: keep the row, scramble identifiers, end sessions", "soft"),
            ("Hard delete: remove the user, identities and factors", "hard"),
        ]
        self.app.push_screen(ChoiceScreen(f"Delete {self._label}", choices), self._delete_chosen)

    def _delete_chosen(self, kind: str | None) -> None:
        if kind is None:
            return
        soft = kind == "soft"
        body = "\n".join([
            f"user: {self._label}",
            f"id: {self.user.id}",
            f"identities: {len(self.user.identities or [])} · factors: {len(self.user.factors or [])}",
            "soft delete: the account is disabled and hidden from the list" if soft
            else "hard delete: cannot be undone",
        ])

        def confirmed(answer: bool | None) -> None:
            if answer:
                self.run_delete_user(soft)

        verb = "Soft-delete" if soft else "Delete"
        self.app.push_screen(ConfirmScreen(f"{verb} {self._label}?", body), confirmed)

    @work(exclusive=True, exit_on_error=False, group="user-action", description="Deleting the user")
    async def run_delete_user(self, soft: bool) -> None:
        await queries.delete_user(self.client, self.user.id, soft=soft)
        self.post_message(UserDeleted(self.user.id, soft))
