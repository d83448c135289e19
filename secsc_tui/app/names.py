"""How the steps are named on screen (other names: secsc_tui.core.labels)."""

from __future__ import annotations

from secsc_tui.core.labels import perspective_name  # noqa: F401 - the app's screens import it from here
from secsc_tui.core.model import Step
from secsc_tui.i18n import N_, NP_, _, pgettext

LONG = {
    Step.CONTEXT: N_("Context"),
    Step.GAP_ANALYSIS: N_("Gap analysis"),
    Step.STRATEGIC_GOAL: N_("Strategic goal"),
    Step.APPROACH: N_("Approach"),
    Step.SCORECARD: N_("Scorecard"),
    Step.STRATEGY_MAP: N_("Strategy map"),
    Step.EVALUATION: N_("Evaluation"),
    Step.REVIEW: N_("Review & export"),
}

# The step bar shows all eight in 80 columns: a language may need shorter words here
# than for the same English elsewhere, hence their own context.
SHORT_CONTEXT = "step bar"
SHORT = {
    Step.CONTEXT: NP_("step bar", "Context"),
    Step.GAP_ANALYSIS: NP_("step bar", "Gaps"),
    Step.STRATEGIC_GOAL: NP_("step bar", "Goal"),
    Step.APPROACH: NP_("step bar", "Approach"),
    Step.SCORECARD: NP_("step bar", "Scorecard"),
    Step.STRATEGY_MAP: NP_("step bar", "Map"),
    Step.EVALUATION: NP_("step bar", "Ratings"),
    Step.REVIEW: NP_("step bar", "Review"),
}


def step_name(step: Step, *, short: bool = False) -> str:
    return pgettext(SHORT_CONTEXT, SHORT[step]) if short else _(LONG[step])
