"""How the steps are named on screen (other names: secsc_tui.core.labels)."""

from __future__ import annotations

from secsc_tui.core.model import Step
from secsc_tui.i18n import _

LONG = {
    Step.CONTEXT: "Context",
    Step.GAP_ANALYSIS: "Gap analysis",
    Step.STRATEGIC_GOAL: "Strategic goal",
    Step.APPROACH: "Approach",
    Step.SCORECARD: "Scorecard",
    Step.STRATEGY_MAP: "Strategy map",
    Step.EVALUATION: "Evaluation",
    Step.REVIEW: "Review & export",
}

SHORT = {
    Step.CONTEXT: "Context",
    Step.GAP_ANALYSIS: "Gaps",
    Step.STRATEGIC_GOAL: "Goal",
    Step.APPROACH: "Approach",
    Step.SCORECARD: "Scorecard",
    Step.STRATEGY_MAP: "Map",
    Step.EVALUATION: "Ratings",
    Step.REVIEW: "Review",
}


def step_name(step: Step, *, short: bool = False) -> str:
    return _((SHORT if short else LONG)[step])
