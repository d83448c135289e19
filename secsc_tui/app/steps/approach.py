"""Step 4: how the team bridges business strategy and security strategy.

The paper names three approaches. The app recommends one from the organisation's
profile (``rules.recommend_approach``); the team chooses and says why.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, RadioSet, Static, TextArea

from secsc_tui import marks
from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.toggles import TickRadio
from secsc_tui.core.labels import approach_name
from secsc_tui.core.model import Approach, Step
from secsc_tui.core.rules import Recommendation, recommend_approach
from secsc_tui.i18n import N_, _

# Short names, used wherever an approach is mentioned (the review step too).
# One sentence each: what the approach means and when it fits.
APPROACH_EXPLAINED = {
    Approach.ALIGN: N_(
        "The business plan leads and security is planned to support it; "
        "the usual case when nobody outside asks for security."
    ),
    Approach.EQUAL: N_(
        "Business and security strategy are worked out together as equals; "
        "needed when customers or supply-chain partners ask for security measures."
    ),
    Approach.STEER: N_(
        "Security requirements set the frame the business plan has to fit; "
        "for heavily regulated sectors such as critical infrastructure."
    ),
}

RECOMMENDED_MARK = marks.RECOMMENDED


class View(StepView):
    STEP = Step.APPROACH
    PURPOSE = N_("Choose how to bridge business and security strategy, and say why.")

    DEFAULT_CSS = """
    #approach-guide { margin: 0 1; height: auto; }
    #approach-recommendation { margin: 1 1 0 1; height: auto; }
    #approach-comparison { margin: 0 1; height: auto; }
    #approach-choice-holder { height: auto; margin: 0 1; }
    #approach-choice { height: auto; width: 1fr; }
    #approach-rationale { height: 5; margin: 0 1; }
    #approach-rationale-row { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="approach-page", classes="focus-bar"):
            yield Label(_("The team's choice"), classes="section-title")
            yield Label(_("↑↓ moves · Space or Enter chooses · Tab goes to the rationale"), classes="field-help")
            with Vertical(id="approach-choice-holder"):
                yield self._radio_set()
            yield Static("", id="approach-recommendation")
            yield Static("", id="approach-comparison")
            yield Label(_("Why this approach (rationale)"), classes="section-title")
            yield TextBox(
                self.session.approach.rationale,
                id="approach-rationale",
                soft_wrap=True,
                compact=True,
                placeholder=_("what in the organisation's situation makes this approach fit"),
            )
            yield Label(_("The three approaches"), classes="section-title")
            yield Static("", id="approach-guide")

    def _radio_set(self) -> RadioSet:
        chosen = self.session.approach.choice
        recommended = self._recommendation().approach
        return RadioSet(
            *(
                TickRadio(self._radio_label(a, recommended), value=a == chosen, id=f"approach-{a.name.lower()}")
                for a in Approach
            ),
            id="approach-choice",
            compact=True,
        )

    def on_mount(self) -> None:
        self._refresh_guidance()
        self.call_after_refresh(lambda: self._highlight_pressed(self.query_one("#approach-choice", RadioSet)))

    @staticmethod
    def _highlight_pressed(radio_set: RadioSet) -> None:
        """Start the radio set's cursor on the chosen approach, not always on the first."""
        for _step in range(max(0, radio_set.pressed_index)):
            radio_set.action_next_button()

    # -- recommendation ---------------------------------------------------------

    def _recommendation(self) -> Recommendation:
        return recommend_approach(self.session.organisation)

    @staticmethod
    def _radio_label(approach: Approach, recommended: Approach) -> str:
        label = f"{approach.value:<3} {approach_name(approach)}"
        if approach is recommended:
            label += f"  {RECOMMENDED_MARK} " + _("recommended")
        return label

    def _refresh_guidance(self) -> None:
        """Recompute the recommendation from the current profile and redraw what depends on it."""
        recommendation = self._recommendation()
        recommended = recommendation.approach

        guide = Table.grid(padding=(0, 1), expand=True)
        guide.add_column(width=1, no_wrap=True)
        guide.add_column(width=3, no_wrap=True)
        guide.add_column(ratio=1)
        for approach in Approach:
            mark = RECOMMENDED_MARK if approach is recommended else ""
            line = Text()
            line.append(approach_name(approach), style="bold")
            line.append(" — ")
            line.append(_(APPROACH_EXPLAINED[approach]))
            guide.add_row(Text(mark, style="bold"), Text(approach.value, style="bold"), line)
        self.query_one("#approach-guide", Static).update(guide)

        text = Text()
        text.append(f"{RECOMMENDED_MARK} " + _("Recommended for this organisation:") + " ", style="bold")
        text.append(f"{recommended.value} — {approach_name(recommended)}", style="bold")
        text.append("\n")
        text.append(_("Why: {reason}.", reason=recommendation.reason))
        self.query_one("#approach-recommendation", Static).update(text)

        for approach in Approach:
            radio = self.query_one(f"#approach-{approach.name.lower()}", TickRadio)
            label = self._radio_label(approach, recommended)
            if radio.label.plain != label:
                radio.label = label
        self._refresh_comparison(recommended)

    def _refresh_comparison(self, recommended: Approach | None = None) -> None:
        if recommended is None:
            recommended = self._recommendation().approach
        choice = self.session.approach.choice
        if choice is None:
            text = _("No choice yet. The recommendation is a starting point; the team decides.")
        elif choice is recommended:
            text = _("✓ The team's choice matches the recommendation.")
        else:
            text = _(
                "The team chose {chosen}; for this profile {recommended} is suggested. "
                "That can be the right call: please note below why {chosen} fits better.",
                chosen=choice.value,
                recommended=recommended.value,
            )
            if not self.session.approach.rationale.strip():
                text += " " + _("(The rationale is still empty.)")
        self.query_one("#approach-comparison", Static).update(Text(text))

    # -- showing --------------------------------------------------------------

    def focus_first(self) -> None:
        radio_set = self.query_one("#approach-choice", RadioSet)
        # The profile may have changed on step 1 since this view was last shown.
        self._refresh_guidance()
        # It sits at the top of the page: no scrolling, which (decided before the page
        # is laid out) could hide the step's heading.
        radio_set.focus(scroll_visible=False)

    def on_show(self) -> None:
        self._refresh_guidance()

    # -- edits ----------------------------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id != "approach-choice":
            return
        event.stop()
        pressed = event.pressed.id or ""
        choice = next((a for a in Approach if pressed == f"approach-{a.name.lower()}"), None)
        if choice is None or choice == self.session.approach.choice:
            return
        self.editor.seal()
        self.change(
            "choice", lambda s: setattr(s.approach, "choice", choice), label=_("approach {choice}", choice=choice.value)
        )
        self.editor.seal()
        self._refresh_comparison()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "approach-rationale":
            return
        value = event.text_area.text
        if value != self.session.approach.rationale:
            self.change("rationale", lambda s: setattr(s.approach, "rationale", value), label=_("approach rationale"))
            self._refresh_comparison()

    # -- redraw -----------------------------------------------------------------

    def show_session(self) -> None:
        approach = self.session.approach
        radio_set = self.query_one("#approach-choice", RadioSet)
        pressed = radio_set.pressed_button
        wanted = f"approach-{approach.choice.name.lower()}" if approach.choice is not None else None
        if wanted is None and pressed is not None:
            # A RadioSet cannot be emptied: put a fresh one in its place.
            self.call_later(self._replace_radio_set, radio_set.has_focus)
        elif wanted is not None and (pressed is None or pressed.id != wanted):
            self.query_one(f"#{wanted}", TickRadio).value = True  # the Changed handler sees no difference
        area = self.query_one("#approach-rationale", TextArea)
        if area.text != approach.rationale:
            area.load_text(approach.rationale)
        self._refresh_guidance()

    async def _replace_radio_set(self, focus: bool) -> None:
        holder = self.query_one("#approach-choice-holder", Vertical)
        await holder.remove_children()
        fresh = self._radio_set()
        await holder.mount(fresh)
        self._highlight_pressed(fresh)
        if focus:
            fresh.focus()
        self._refresh_guidance()
