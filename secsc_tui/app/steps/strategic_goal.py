"""Step 3: the strategic goal the whole scorecard serves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.model import Language, Step
from secsc_tui.i18n import N_, _

# Common goals teams pick, in the language the team writes in.
COMMON_GOALS = {
    Language.EN: [
        "Enhance brand image",
        "Earn and keep customers' trust",
        "Keep the business running through a cyber attack",
        "Meet customers' and partners' supply-chain security requirements",
        "Comply with regulations and industry guidelines",
        "Ensure a safe and stable supply (critical infrastructure)",
        "Optimise security spending as an investment",
        "Drive digital transformation safely",
        "Protect intellectual property and technical know-how",
    ],
    Language.JA: [
        "ブランドイメージの向上",
        "顧客からの信頼の獲得・維持",
        "サイバー攻撃を受けても事業を継続する",
        "取引先・サプライチェーンからのセキュリティ要請に応える",
        "法規制・業界ガイドラインの遵守",
        "安全・安定供給の確保（重要インフラ）",
        "セキュリティ費用を投資として最適化する",
        "DXを安全に推進する",
        "知的財産・技術ノウハウの保護",
    ],
}


class View(StepView):
    STEP = Step.STRATEGIC_GOAL
    PURPOSE = N_("One goal the whole scorecard serves.")

    # The whole step fits in 80x24 (compact fields, the description takes the rest), so
    # no field ever scrolls out of view while the team tabs round the three of them.
    DEFAULT_CSS = """
    #goal-page { height: 1fr; }
    #goal-choices { height: auto; max-height: 9; margin: 0 1; }
    #goal-description { height: 1fr; min-height: 3; margin: 0 1; }
    #goal-title { margin: 0 1; }
    .form-label { margin: 1 1 0 1; text-style: bold; }
    #goal-pick-label { margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        goals = COMMON_GOALS.get(self.session.language, COMMON_GOALS[Language.EN])
        page = VerticalScroll(id="goal-page")
        page.can_focus = False  # Tab goes from field to field, never to the page itself
        with page:
            yield Label(
                _("Pick a common goal with ↑↓ and Enter, or write your own below."),
                id="goal-pick-label",
                classes="form-label",
            )
            yield OptionList(
                *(Option(Text(goal), id=str(i)) for i, goal in enumerate(goals)), id="goal-choices", compact=True
            )
            yield Label(_("Strategic goal"), classes="form-label")
            yield TextField(
                self.session.strategic_goal.title,
                id="goal-title",
                max_length=500,
                compact=True,
                placeholder=_("e.g. Enhance brand image"),
                select_on_focus=False,
            )
            yield Label(_("What it means for this organisation (optional)"), classes="form-label")
            yield TextBox(
                self.session.strategic_goal.description,
                id="goal-description",
                soft_wrap=True,
                compact=True,
                placeholder=_("e.g. which customers, products or risks it is about"),
            )
        self._goals = goals

    def focus_first(self) -> None:
        target = "#goal-title" if self.session.strategic_goal.title else "#goal-choices"
        self.query_one(target).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        title = self._goals[int(event.option.id)]
        field = self.query_one("#goal-title", Input)
        if title != self.session.strategic_goal.title:
            # Its own undo step, so F3 brings back a title the team had typed.
            self.editor.seal()
            self.change("title", lambda s: setattr(s.strategic_goal, "title", title), label=_("strategic goal"))
            self.editor.seal()
        field.value = title  # the Changed handler finds nothing new to commit
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "goal-title" and event.value != self.session.strategic_goal.title:
            value = event.value
            self.change("title", lambda s: setattr(s.strategic_goal, "title", value), label=_("strategic goal"))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "goal-description":
            value = event.text_area.text
            if value != self.session.strategic_goal.description:
                self.change(
                    "description",
                    lambda s: setattr(s.strategic_goal, "description", value),
                    label=_("goal description"),
                )

    def show_session(self) -> None:
        goal = self.session.strategic_goal
        field = self.query_one("#goal-title", Input)
        if field.value != goal.title:
            field.value = goal.title
        area = self.query_one("#goal-description", TextArea)
        if area.text != goal.description:
            area.load_text(goal.description)
