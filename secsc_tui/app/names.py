"""How the steps are named on screen (other names: secsc_tui.core.labels)."""

from __future__ import annotations

from secsc_tui.core.labels import perspective_name  # noqa: F401 - the app's screens import it from here
from secsc_tui.core.model import Step
from secsc_tui.i18n import N_, _

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

SHORT = {
    Step.CONTEXT: N_("Context"),
    Step.GAP_ANALYSIS: N_("Gaps"),
    Step.STRATEGIC_GOAL: N_("Goal"),
    Step.APPROACH: N_("Approach"),
    Step.SCORECARD: N_("Scorecard"),
    Step.STRATEGY_MAP: N_("Map"),
    Step.EVALUATION: N_("Ratings"),
    Step.REVIEW: N_("Review"),
}


def step_name(step: Step, *, short: bool = False) -> str:
    return _((SHORT if short else LONG)[step])
