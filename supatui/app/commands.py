"""The command palette provider: every binding active on the current screen, by description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["BindingCommands"]


class BindingCommands(Provider):
    """Offers each enabled binding with an id on the screen the palette opened over."""

    def _commands(self) -> list[tuple[str, str, object]]:
        commands: dict[str, tuple[str, str, object]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            # Only the app's own actions carry an id; widget keys such as cursor moves stay out.
            if not binding.id or not binding.description or not active.enabled:
                continue
            key = self.app.get_key_display(binding)
            name = binding.id or binding.action
            callback = partial(self.app.run_action, binding.action, active.node)
            commands.setdefault(name, (binding.description, f"{key} · {name}", callback))
        return sorted(commands.values(), key=lambda command: command[0])

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
