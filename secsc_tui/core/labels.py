"""What the model's values are called in front of people: one place for every name.

The app, the reports and the rules all name perspectives, columns, sectors and
so on; they take the words from here, through the translation function, so a
name changed or translated once is changed everywhere.
"""

from __future__ import annotations

from secsc_tui.core.model import (
    ActionStatus,
    Approach,
    Column,
    Direction,
    Frequency,
    Indicator,
    Layer,
    OrgSize,
    Perspective,
    Regulation,
    Scorecard,
    Sector,
    Step,
)
from secsc_tui.i18n import _

PERSPECTIVE_NAMES = {
    Perspective.FINANCIAL: "Financial",
    Perspective.CUSTOMER: "Customer",
    Perspective.INTERNAL_PROCESSES: "Internal processes",
    Perspective.LEARNING_GROWTH: "Learning & growth",
}
SHORT_PERSPECTIVE_NAMES = {
    Perspective.FINANCIAL: "Financial",
    Perspective.CUSTOMER: "Customer",
    Perspective.INTERNAL_PROCESSES: "Processes",
    Perspective.LEARNING_GROWTH: "Learning",
}
COLUMN_NAMES = {
    Column.GOALS: "Strategy goals",
    Column.CSFS: "Critical success factors",
    Column.KPIS: "KPIs",
    Column.ACTIONS: "Action plans",
}
SHORT_COLUMN_NAMES = {Column.GOALS: "Goals", Column.CSFS: "CSFs", Column.KPIS: "KPIs", Column.ACTIONS: "Actions"}
ITEM_NAMES = {  # one item of a column
    Column.GOALS: "strategy goal",
    Column.CSFS: "critical success factor",
    Column.KPIS: "KPI",
    Column.ACTIONS: "action plan",
}
# One item with its indefinite article, for sentences ("a adds an action plan"): the
# article depends on the word, so it is part of the text that is translated.
AN_ITEM = {
    Column.GOALS: "a strategy goal",
    Column.CSFS: "a critical success factor",
    Column.KPIS: "a KPI",
    Column.ACTIONS: "an action plan",
}
APPROACH_NAMES = {
    Approach.ALIGN: "Align security to the business strategy",
    Approach.EQUAL: "Develop both strategies with equal weight",
    Approach.STEER: "Steer the business strategy from the security side",
}
SECTOR_NAMES = {
    Sector.CRITICAL_INFRASTRUCTURE: "Critical infrastructure",
    Sector.MANUFACTURING: "Manufacturing",
    Sector.GOVERNMENT: "Government",
    Sector.FINANCE: "Finance",
    Sector.HEALTHCARE: "Healthcare",
    Sector.IT_SERVICES: "IT services",
    Sector.OTHER: "Other",
}
REGULATION_NAMES = {
    Regulation.NONE: "not regulated",
    Regulation.SOME: "some regulation",
    Regulation.HEAVY: "heavily regulated",
}
INDICATOR_NAMES = {Indicator.LEADING: "leading", Indicator.LAGGING: "lagging"}
SIZE_NAMES = {OrgSize.SME: "SME", OrgSize.LARGE: "Large enterprise"}
LAYER_NAMES = {Layer.EXECUTIVE: "Executive", Layer.OPERATIONAL: "Operational", Layer.SECURITY: "Security"}
STATUS_NAMES = {ActionStatus.PLANNED: "planned", ActionStatus.IN_PROGRESS: "in progress", ActionStatus.DONE: "done"}
# A mark per status, so that a list tells them apart without colour.
STATUS_MARKS = {ActionStatus.PLANNED: "○", ActionStatus.IN_PROGRESS: "◐", ActionStatus.DONE: "●"}
FREQUENCY_NAMES = {
    Frequency.PER_EVENT: "per event",
    Frequency.DAILY: "daily",
    Frequency.WEEKLY: "weekly",
    Frequency.MONTHLY: "monthly",
    Frequency.QUARTERLY: "quarterly",
    Frequency.YEARLY: "yearly",
}
DIRECTION_NAMES = {Direction.AT_MOST: "at most", Direction.AT_LEAST: "at least", Direction.EXACTLY: "exactly"}
STEP_NAMES = {
    Step.CONTEXT: "Context",
    Step.GAP_ANALYSIS: "Gap analysis",
    Step.STRATEGIC_GOAL: "Strategic goal",
    Step.APPROACH: "Approach",
    Step.SCORECARD: "Scorecard",
    Step.STRATEGY_MAP: "Strategy map",
    Step.EVALUATION: "Evaluation",
    Step.REVIEW: "Review & export",
}
SHORT_STEP_NAMES = {  # the step bar and the dashboard when narrow
    Step.CONTEXT: "Context",
    Step.GAP_ANALYSIS: "Gaps",
    Step.STRATEGIC_GOAL: "Goal",
    Step.APPROACH: "Approach",
    Step.SCORECARD: "Scorecard",
    Step.STRATEGY_MAP: "Map",
    Step.EVALUATION: "Ratings",
    Step.REVIEW: "Review",
}


def perspective_name(perspective: Perspective, *, short: bool = False) -> str:
    return _((SHORT_PERSPECTIVE_NAMES if short else PERSPECTIVE_NAMES)[Perspective(perspective)])


def step_name(step: Step, *, short: bool = False) -> str:
    return _((SHORT_STEP_NAMES if short else STEP_NAMES)[Step(step)])


def column_name(column: Column, *, short: bool = False) -> str:
    return _((SHORT_COLUMN_NAMES if short else COLUMN_NAMES)[Column(column)])


def item_name(column: Column) -> str:
    return _(ITEM_NAMES[Column(column)])


def an_item(column: Column) -> str:
    """ "a KPI", "an action plan"."""
    return _(AN_ITEM[Column(column)])


def approach_name(approach: Approach) -> str:
    return _(APPROACH_NAMES[Approach(approach)])


def sector_name(sector: Sector) -> str:
    return _(SECTOR_NAMES[Sector(sector)])


def size_name(size: OrgSize) -> str:
    return _(SIZE_NAMES[OrgSize(size)])


def layer_name(layer: Layer) -> str:
    return _(LAYER_NAMES[Layer(layer)])


def status_name(status: ActionStatus) -> str:
    return _(STATUS_NAMES[ActionStatus(status)])


def frequency_name(frequency: Frequency) -> str:
    return _(FREQUENCY_NAMES[Frequency(frequency)])


def direction_name(direction: Direction) -> str:
    return _(DIRECTION_NAMES[Direction(direction)])


def regulation_name(regulation: Regulation) -> str:
    return _(REGULATION_NAMES[Regulation(regulation)])


def indicator_name(indicator: Indicator) -> str:
    return _(INDICATOR_NAMES[Indicator(indicator)])


# -- what a team calls a scorecard item -------------------------------------------

# "F-G1", "Cu-C2", "P-K1", "L-A3": the perspective's code, then the column's letter and the
# item's number. No perspective code is also a column letter, so a label means one item in
# the grid, on the map, in a warning and in a report alike; and as the number is the
# item's own (see PerspectiveCard), the label stays what the team has been saying aloud
# when other items are added, moved or deleted. Codes, not words: never translated.
PERSPECTIVE_CODES = {
    Perspective.FINANCIAL: "F",
    Perspective.CUSTOMER: "Cu",
    Perspective.INTERNAL_PROCESSES: "P",
    Perspective.LEARNING_GROWTH: "L",
}
COLUMN_LETTERS = {Column.GOALS: "G", Column.CSFS: "C", Column.KPIS: "K", Column.ACTIONS: "A"}


def item_label(perspective: Perspective, column: Column, number: int) -> str:
    return f"{PERSPECTIVE_CODES[Perspective(perspective)]}-{COLUMN_LETTERS[Column(column)]}{number}"


def item_labels(scorecard: Scorecard) -> dict[str, str]:
    """Every scorecard item's label, by item id."""
    labels: dict[str, str] = {}
    for perspective in Perspective:
        card = scorecard[perspective]
        for column in Column:
            for item, number in zip(card.column(column), card.numbers(column), strict=True):
                labels[item.id] = item_label(perspective, column, number)
    return labels
