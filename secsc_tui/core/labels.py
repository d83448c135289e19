"""What the model's values are called in front of people: one place for every name.

The app, the reports and the rules all name perspectives, columns, sectors and
so on; they take the words from here, through the translation function, so a
name changed or translated once is changed everywhere.
"""

from __future__ import annotations

from secsc_tui import marks
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
from secsc_tui.i18n import N_, NP_, _, pgettext

PERSPECTIVE_NAMES = {
    Perspective.FINANCIAL: N_("Financial"),
    Perspective.CUSTOMER: N_("Customer"),
    Perspective.INTERNAL_PROCESSES: N_("Internal processes"),
    Perspective.LEARNING_GROWTH: N_("Learning & growth"),
}
SHORT_PERSPECTIVE_NAMES = {
    Perspective.FINANCIAL: N_("Financial"),
    Perspective.CUSTOMER: N_("Customer"),
    Perspective.INTERNAL_PROCESSES: N_("Processes"),
    Perspective.LEARNING_GROWTH: N_("Learning"),
}
COLUMN_NAMES = {
    Column.GOALS: N_("Strategy goals"),
    Column.CSFS: N_("Critical success factors"),
    Column.KPIS: N_("KPIs"),
    Column.ACTIONS: N_("Action plans"),
}
SHORT_COLUMN_NAMES = {
    Column.GOALS: N_("Goals"),
    Column.CSFS: N_("CSFs"),
    Column.KPIS: N_("KPIs"),
    Column.ACTIONS: N_("Actions"),
}
ITEM_NAMES = {  # one item of a column
    Column.GOALS: N_("strategy goal"),
    Column.CSFS: N_("critical success factor"),
    Column.KPIS: N_("KPI"),
    Column.ACTIONS: N_("action plan"),
}
# One item with its indefinite article, for sentences ("a adds an action plan"): the
# article depends on the word, so it is part of the text that is translated.
AN_ITEM = {
    Column.GOALS: N_("a strategy goal"),
    Column.CSFS: N_("a critical success factor"),
    Column.KPIS: N_("a KPI"),
    Column.ACTIONS: N_("an action plan"),
}
APPROACH_NAMES = {
    Approach.ALIGN: N_("Align security to the business strategy"),
    Approach.EQUAL: N_("Develop both strategies with equal weight"),
    Approach.STEER: N_("Steer the business strategy from the security side"),
}
SECTOR_NAMES = {
    Sector.CRITICAL_INFRASTRUCTURE: N_("Critical infrastructure"),
    Sector.MANUFACTURING: N_("Manufacturing"),
    Sector.GOVERNMENT: N_("Government"),
    Sector.FINANCE: N_("Finance"),
    Sector.HEALTHCARE: N_("Healthcare"),
    Sector.IT_SERVICES: N_("IT services"),
    Sector.OTHER: N_("Other"),
}
REGULATION_NAMES = {
    Regulation.NONE: N_("not regulated"),
    Regulation.SOME: N_("some regulation"),
    Regulation.HEAVY: N_("heavily regulated"),
}
INDICATOR_NAMES = {Indicator.LEADING: N_("leading"), Indicator.LAGGING: N_("lagging")}
SIZE_NAMES = {OrgSize.SME: N_("SME"), OrgSize.LARGE: N_("Large enterprise")}
LAYER_NAMES = {Layer.EXECUTIVE: N_("Executive"), Layer.OPERATIONAL: N_("Operational"), Layer.SECURITY: N_("Security")}
STATUS_NAMES = {
    ActionStatus.PLANNED: N_("planned"),
    ActionStatus.IN_PROGRESS: N_("in progress"),
    ActionStatus.DONE: N_("done"),
}
# A mark per status, so that a list tells them apart without colour.
STATUS_MARKS = {
    ActionStatus.PLANNED: marks.PLANNED,
    ActionStatus.IN_PROGRESS: marks.IN_PROGRESS,
    ActionStatus.DONE: marks.FINISHED,
}
FREQUENCY_NAMES = {
    Frequency.PER_EVENT: N_("per event"),
    Frequency.DAILY: N_("daily"),
    Frequency.WEEKLY: N_("weekly"),
    Frequency.MONTHLY: N_("monthly"),
    Frequency.QUARTERLY: N_("quarterly"),
    Frequency.YEARLY: N_("yearly"),
}
DIRECTION_NAMES = {
    Direction.AT_MOST: N_("at most"),
    Direction.AT_LEAST: N_("at least"),
    Direction.EXACTLY: N_("exactly"),
}
STEP_NAMES = {
    Step.CONTEXT: N_("Context"),
    Step.GAP_ANALYSIS: N_("Gap analysis"),
    Step.STRATEGIC_GOAL: N_("Strategic goal"),
    Step.APPROACH: N_("Approach"),
    Step.SCORECARD: N_("Scorecard"),
    Step.STRATEGY_MAP: N_("Strategy map"),
    Step.EVALUATION: N_("Evaluation"),
    Step.REVIEW: N_("Review & export"),
}
# The step bar (and the dashboard when narrow) shows all eight in 80 columns: a
# language may need shorter words there than for the same English elsewhere, hence
# their own translation context.
SHORT_STEP_CONTEXT = "step bar"
SHORT_STEP_NAMES = {
    Step.CONTEXT: NP_("step bar", "Context"),
    Step.GAP_ANALYSIS: NP_("step bar", "Gaps"),
    Step.STRATEGIC_GOAL: NP_("step bar", "Goal"),
    Step.APPROACH: NP_("step bar", "Approach"),
    Step.SCORECARD: NP_("step bar", "Scorecard"),
    Step.STRATEGY_MAP: NP_("step bar", "Map"),
    Step.EVALUATION: NP_("step bar", "Ratings"),
    Step.REVIEW: NP_("step bar", "Review"),
}


def perspective_name(perspective: Perspective, *, short: bool = False) -> str:
    return _((SHORT_PERSPECTIVE_NAMES if short else PERSPECTIVE_NAMES)[Perspective(perspective)])


def step_name(step: Step, *, short: bool = False) -> str:
    if short:
        return pgettext(SHORT_STEP_CONTEXT, SHORT_STEP_NAMES[Step(step)])
    return _(STEP_NAMES[Step(step)])


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
