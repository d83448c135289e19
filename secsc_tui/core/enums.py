"""The steps of the exercise and the session languages: plain enumerations, without pydantic.

The session list (the home screen before the store opens, ``secsc list``) needs
them, and importing the model (pydantic) costs more than reading the list. The
model re-exports both: ``from secsc_tui.core.model import Step`` is the usual import.
"""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """The eight steps of the exercise, in order."""

    CONTEXT = "context"
    GAP_ANALYSIS = "gap_analysis"
    STRATEGIC_GOAL = "strategic_goal"
    APPROACH = "approach"
    SCORECARD = "scorecard"
    STRATEGY_MAP = "strategy_map"
    EVALUATION = "evaluation"
    REVIEW = "review"

    @property
    def number(self) -> int:
        return list(Step).index(self) + 1


class Language(StrEnum):
    EN = "en"
    JA = "ja"
