"""The step indicator: all eight steps, which are done, which is current.

Done and not-done are told by a mark (✓ / ◌), not by colour alone; the current
step is also shown in reverse video, with brackets where there is room.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from secsc_tui import marks
from secsc_tui.core.labels import step_name
from secsc_tui.core.model import Step


class StepBar(Widget):
    DEFAULT_CSS = """
    StepBar { height: 1; width: 1fr; }
    """

    class Chosen(Message):
        def __init__(self, step: Step):
            super().__init__()
            self.step = step

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.current = Step.CONTEXT
        self.done: set[Step] = set()
        self._spans: list[tuple[int, int, Step]] = []

    def show(self, current: Step, done: set[Step]) -> None:
        if current != self.current or done != self.done:
            self.current, self.done = current, done
            self.refresh()

    def _label(self, step: Step, short: bool) -> str:
        mark = marks.done_mark(step in self.done)
        return f"{step.number}{mark}{step_name(step, short=short)}"

    def render(self) -> Text:
        # The roomiest form that fits: long names, else short ones; and where even those
        # are too wide (Japanese at 80 columns), the current step without its brackets
        # (it stays in reverse video), then without the spaces between steps.
        gap, short, brackets = "  ", False, True
        labels = [self._label(s, short=False) for s in Step]
        for gap, short, brackets in (("  ", False, True), (" ", True, True), (" ", True, False), ("", True, False)):
            labels = [self._label(s, short) for s in Step]
            if sum(map(cell_len, labels)) + 2 * brackets + len(gap) * (len(Step) - 1) <= self.size.width:
                break
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for step, label in zip(Step, labels, strict=True):
            if step is not Step.CONTEXT:
                text.append(gap)
            start = text.cell_len
            if step is self.current:
                text.append(f"[{label}]" if brackets else label, style="bold reverse")
            else:
                text.append(label)
            self._spans.append((start, text.cell_len, step))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, step in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(step))
                return
