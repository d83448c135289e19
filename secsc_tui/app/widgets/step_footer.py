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

    def step_changing(self) -> None:
        """The step changes: hide the keys until ``focus_settled`` says where the focus now is."""
        self._focus_settled = False
        self.add_class("-blank")

    def focus_settled(self) -> None:
        """The new step's view has the focus: list its keys, now rather than after the next refresh."""
        self._focus_settled = True
        self.refresh(recompose=True)

    async def recompose(self) -> None:
        with self.app.batch_update():  # the new keys replace the blank in one paint
            await super().recompose()
            # Built for the settled focus, unless another step change began meanwhile.
            if self._focus_settled:
                self.remove_class("-blank")
