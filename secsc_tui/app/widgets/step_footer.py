"""The session's footer: the keys of the step being worked on, never those of the last one.

A footer lists the keys of the focused widget, and the focus reaches a step's view
only once the view is mounted (a moment on a busy machine); then the footer is
rebuilt, which takes another moment. Meanwhile a plain footer would go on listing
the previous step's keys under the new step. This one is blank from the step change
until it has been rebuilt for the new step's focus.
"""

from __future__ import annotations

from secsc_tui.app.widgets.footer import Footer


class StepFooter(Footer):
    DEFAULT_CSS = """
    StepFooter.-blank { visibility: hidden; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._focus_settled = True
        self._keys_built: tuple[object, ...] | None = None  # what the keys shown were built from

    def step_changing(self) -> None:
        """The step changes: hide the keys until ``focus_settled`` says where the focus now is."""
        self._focus_settled = False
        self.add_class("-blank")

    def focus_settled(self) -> None:
        """The new step's view has the focus: list its keys, now rather than after the next refresh."""
        self._focus_settled = True
        self.refresh(recompose=True)

    async def recompose(self) -> None:
        # A rebuild queued before the screen closed runs after it: nothing to list then
        # (Textual's own recompose returns early the same way).
        if not self.is_attached or self._pruning:
            return
        with self.app.batch_update():  # the new keys replace the blank in one paint
            keys = self._keys_shown()
            # Textual rebuilds a footer on every change of focus, and nearly every one
            # leaves the same keys (16 of 19 rebuilds while a team types a goal, a CSF
            # and a KPI; each remounts and restyles every key). Same keys: keep them.
            if keys != self._keys_built or not self.children:
                await super().recompose()
                self._keys_built = keys
            # Built for the settled focus, unless another step change began meanwhile.
            if self._focus_settled:
                self.remove_class("-blank")

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything ``Footer.compose`` draws from: the screen's keys as they would be listed."""
        if not self._bindings_ready:
            return ()
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, binding.group, on, tip)
            for (_node, binding, on, tip) in self.screen.active_bindings.values()
            if binding.show
        )
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        palette_key = palette[1:] if palette and self.show_command_palette and app.ENABLE_COMMAND_PALETTE else None
        return (keys, palette_key, self.combine_groups)
