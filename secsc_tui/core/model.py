"""The session: what one workshop team produces, modelled on the paper.

These are plain pydantic models with no storage concerns. The field order here is
the key order of the YAML exchange format, so keep it readable: identity first,
then the steps of the exercise in the order a team goes through them.

Every list item carries a stable ``id`` (unique within its session) so that links
survive re-ordering and a re-imported file updates the items it already had.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from secsc_tui.core.currency import ISO_4217, is_currency

# Defined apart, to be cheap to import; re-exported here, where they are usually imported from.
from secsc_tui.core.enums import Language as Language
from secsc_tui.core.enums import Step as Step
from secsc_tui.core.frameworks import MetiTags, NistCsfTags
from secsc_tui.i18n import _

SCHEMA_VERSION = 2  # 2: regulation strength, currency, review visited, KPI indicator and dates, framework tags

# Ids are typed on the command line and in YAML, so keep them short and plain.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)

# Scalars are strict: in a hand-edited file a quoted "5" is not a rating, "yes" is
# not a boolean and 2024 is not a title. Enums stay lax so that YAML strings match.
# Control characters (an ESC, a NUL, C1 codes such as CSI) would be sent to the
# terminal as they are and could rewrite the screen. Line breaks, tabs and DEL
# (which terminals ignore) are text.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")


def _no_control_characters(value: str) -> str:
    found = _CONTROL_CHARACTER.search(value)
    if found:
        raise PydanticCustomError(
            "control_character",
            _("contains a control character (U+{code}) at position {position}; remove it"),
            {"code": f"{ord(found.group()):04X}", "position": found.start() + 1},
        )
    return value


ItemId = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, Strict(), StringConstraints(max_length=20_000), AfterValidator(_no_control_characters)]
ShortText = Annotated[str, Strict(), StringConstraints(max_length=500), AfterValidator(_no_control_characters)]
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
Rating = Annotated[int, Strict(), Field(ge=1, le=5)]
# Counts (revisions, participants) are stored as 64-bit integers, and a revision grows
# by one per save: 2**53 - 1 leaves that room, and is exact in every JSON reader.
MAX_COUNT = 2**53 - 1
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
# What a team calls a scorecard item out loud ("G2" of its perspective and column): given once,
# when the item is made, and never changed or given again, whatever is added, moved or deleted.
ItemNumber = Annotated[int, Strict(), Field(ge=1, le=MAX_COUNT)]
Date = Annotated[dt.date, Strict()]
# A content digest (see ``lineage``): 16 lowercase hex digits.
Digest = Annotated[str, Strict(), StringConstraints(pattern=r"^[0-9a-f]{16}$")]
MAX_HISTORY_IN_FILE = 1000  # a file may list more than secsc keeps; beyond this it is not a history


# Every timestamp must also be shown in any local time zone (up to a day away), so
# the first and last days that Python's datetime can hold are refused.
EARLIEST_TIMESTAMP = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST_TIMESTAMP = dt.datetime(9999, 12, 30, 23, 59, 59, tzinfo=dt.UTC)


def _as_utc_seconds(value: dt.datetime) -> dt.datetime:
    # One canonical form, so that YAML and the database agree byte for byte:
    # aware UTC, whole seconds. A timestamp written without a zone is taken as UTC.
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    utc: dt.datetime | None
    try:
        utc = value.astimezone(dt.UTC).replace(microsecond=0)
    except OverflowError:  # 9999-12-31T23:59:59-05:00 is in the year 10000 in UTC
        utc = None
    if utc is None or not EARLIEST_TIMESTAMP <= utc <= LATEST_TIMESTAMP:
        raise PydanticCustomError(
            "datetime_range",
            _("the date and time is out of range: it must lie between {earliest} and {latest}"),
            {"earliest": "0001-01-02T00:00:00Z", "latest": "9999-12-30T23:59:59Z"},
        )
    return utc


def _number(value: object) -> int | float:
    # A plain number, never a bool or a quoted string. 60.0 and 60 are the same
    # target: keep one form (the int) so that exports are stable.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number_type", _("expected a number"))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PydanticCustomError("finite_number", _("expected a finite number"))
        if value.is_integer():
            return int(value)
    return value


Timestamp = Annotated[dt.datetime, Strict(), AfterValidator(_as_utc_seconds)]


def _currency_code(value: str) -> str:
    if value and not is_currency(value):
        raise PydanticCustomError(
            "currency_code",
            _("'{value}' is not an ISO 4217 currency code such as JPY, USD or EUR; or \"\" for none"),
            {"value": value[:20]},
        )
    return value


CurrencyCode = Annotated[
    str,
    Strict(),
    AfterValidator(_currency_code),
    WithJsonSchema({"type": "string", "enum": ["", *sorted(ISO_4217)]}),
]
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]


def now_utc() -> dt.datetime:
    return _as_utc_seconds(dt.datetime.now(dt.UTC))


class Perspective(StrEnum):
    """The four Balanced Scorecard perspectives, top (outcome) to bottom (enabler)."""

    FINANCIAL = "financial"
    CUSTOMER = "customer"
    INTERNAL_PROCESSES = "internal_processes"
    LEARNING_GROWTH = "learning_growth"


class Sector(StrEnum):
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"
    MANUFACTURING = "manufacturing"
    GOVERNMENT = "government"
    FINANCE = "finance"
    HEALTHCARE = "healthcare"
    IT_SERVICES = "it_services"
    OTHER = "other"


class Regulation(StrEnum):
    """How strongly law or a regulator prescribes the organisation's security."""

    NONE = "none"
    SOME = "some"  # some rules apply (e.g. privacy law, an industry guideline)
    HEAVY = "heavy"  # security is prescribed and audited (e.g. a supervised sector)


class OrgSize(StrEnum):
    SME = "sme"
    LARGE = "large"


class Layer(StrEnum):
    """The three layers of a company that the exercise brings together."""

    EXECUTIVE = "executive"
    OPERATIONAL = "operational"
    SECURITY = "security"


class Approach(StrEnum):
    """Ways to bridge business strategy and security strategy."""

    ALIGN = "i"  # align security strategy to the business strategy
    EQUAL = "ii"  # develop both with equal weight
    STEER = "iii"  # steer the business strategy from the security side


class Direction(StrEnum):
    AT_MOST = "at_most"
    AT_LEAST = "at_least"
    EXACTLY = "exactly"

    @property
    def symbol(self) -> str:
        return {"at_most": "≤", "at_least": "≥", "exactly": "="}[self.value]


class Indicator(StrEnum):
    """Whether a KPI tells early what is coming (leading) or shows the result afterwards (lagging)."""

    LEADING = "leading"
    LAGGING = "lagging"


class Frequency(StrEnum):
    PER_EVENT = "per_event"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Column(StrEnum):
    """The four columns of a scorecard perspective, left to right."""

    GOALS = "goals"
    CSFS = "csfs"
    KPIS = "kpis"
    ACTIONS = "actions"


class _Model(BaseModel):
    # Unknown keys are a mistake in a hand-edited file, not something to ignore.
    model_config = ConfigDict(extra="forbid")


class Progress(_Model):
    current_step: Step = Step.CONTEXT
    done: list[Step] = Field(default_factory=list)
    reviewed: Bool = False  # the team has opened the review step: review is done once the rest is


class Organisation(_Model):
    name: ShortText = ""
    sector: Sector = Sector.OTHER
    size: OrgSize = OrgSize.SME
    regulation: Regulation = Regulation.NONE
    critical_infrastructure: Bool = False  # operates critical infrastructure, whatever its sector
    partners_request_security: Bool = False
    notes: Text = ""


class Participant(_Model):
    id: ItemId
    name: ShortText
    layer: Layer
    team: ShortText = ""
    role: ShortText = ""


class People(_Model):
    facilitator: ShortText = ""
    participants: list[Participant] = Field(default_factory=list)


class Gap(_Model):
    """Business view versus security view on one perspective, and what to do about it."""

    business_view: Text = ""
    security_view: Text = ""
    cause: Text = ""
    countermeasure: Text = ""
    severity: Rating | None = None

    def is_empty(self) -> bool:
        return (
            not (self.business_view or self.security_view or self.cause or self.countermeasure)
            and self.severity is None
        )


class GapAnalysis(_Model):
    financial: Gap = Field(default_factory=Gap)
    customer: Gap = Field(default_factory=Gap)
    internal_processes: Gap = Field(default_factory=Gap)
    learning_growth: Gap = Field(default_factory=Gap)

    def __getitem__(self, perspective: Perspective | str) -> Gap:
        gap: Gap = getattr(self, Perspective(perspective).value)
        return gap


class StrategicGoal(_Model):
    title: ShortText = ""
    description: Text = ""


class ApproachChoice(_Model):
    """The team's chosen bridging approach. The recommendation is derived, not stored."""

    choice: Approach | None = None
    rationale: Text = ""


class Goal(_Model):
    id: ItemId
    number: ItemNumber | None = None  # None until the item is in a perspective (see PerspectiveCard)
    text: Text
    meti: MetiTags = Field(default_factory=list)  # the METI directives (1-10) it serves
    nist_csf: NistCsfTags = Field(default_factory=list)  # the NIST CSF 2.0 categories it serves


class CriticalSuccessFactor(_Model):
    id: ItemId
    number: ItemNumber | None = None
    text: Text
    supports: list[ItemId] = Field(default_factory=list)  # goal ids
    meti: MetiTags = Field(default_factory=list)
    nist_csf: NistCsfTags = Field(default_factory=list)


class Kpi(_Model):
    id: ItemId
    number: ItemNumber | None = None
    measure: Text
    indicator: Indicator | None = None
    direction: Direction = Direction.AT_LEAST
    target: Number | None = None
    unit: ShortText = ""
    frequency: Frequency | None = None
    owner: ShortText = ""
    baseline: Number | None = None
    baseline_on: Date | None = None  # the day the baseline was measured
    current: Number | None = None
    current_on: Date | None = None  # the day the current value was measured
    measures: list[ItemId] = Field(default_factory=list)  # CSF ids
    meti: MetiTags = Field(default_factory=list)
    nist_csf: NistCsfTags = Field(default_factory=list)

    @property
    def text(self) -> str:
        """One readable line, e.g. "SOC→CSIRT reporting time ≤ 60 min"."""
        if self.target is None:
            return self.measure
        return f"{self.measure} {self.direction.symbol} {format_quantity(self.target, self.unit)}"


class ActionPlan(_Model):
    id: ItemId
    number: ItemNumber | None = None
    text: Text
    owner: ShortText = ""
    due: Date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    budget: Number | None = None
    moves: list[ItemId] = Field(default_factory=list)  # KPI ids
    meti: MetiTags = Field(default_factory=list)
    nist_csf: NistCsfTags = Field(default_factory=list)


# An item of any column of a perspective card.
ScorecardItem = Goal | CriticalSuccessFactor | Kpi | ActionPlan


class PerspectiveCard(_Model):
    """One row of the scorecard: four ordered lists of items.

    Each item has a number within its column, given when it is made: the highest
    number given so far in that column, plus one. An item without one (a file
    written before numbers, or a new item typed into a file) gets the next in list
    order when the card is read. ``last_numbers`` remembers a column's highest
    number only while no item holds it (its item was deleted), so that it is not
    given again.
    """

    # A list given to a card in code (card.goals = [...]) is numbered like one read from a file.
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    goals: list[Goal] = Field(default_factory=list)
    csfs: list[CriticalSuccessFactor] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    actions: list[ActionPlan] = Field(default_factory=list)
    last_numbers: dict[Column, Count] = Field(default_factory=dict)

    def column(self, column: Column | str) -> list[ScorecardItem]:
        # The column's own list (list[Goal], ...): whoever puts an item in it puts one of its kind.
        items: list[ScorecardItem] = getattr(self, Column(column).value)
        return items

    def numbers(self, column: Column | str) -> list[int]:
        """The items' numbers in list order; an item without one counted as it would be numbered."""
        items = self.column(column)
        given = max(
            [self.last_numbers.get(Column(column), 0), *(item.number for item in items if item.number is not None)]
        )
        numbers: list[int] = []
        for item in items:
            if item.number is None:
                given += 1
            numbers.append(item.number if item.number is not None else given)
        return numbers

    def insert(self, column: Column | str, index: int, item: ScorecardItem) -> None:
        """Put a new item at ``index`` of the column, numbered after every number given there."""
        item.number = max([self.last_numbers.get(Column(column), 0), *self.numbers(column)]) + 1
        self.column(column).insert(index, item)
        self._tidy_last_numbers()

    def remove(self, column: Column | str, index: int) -> ScorecardItem:
        """Take out the item at ``index``; its number is remembered, never to be given again."""
        item = self.column(column).pop(index)
        if item.number is not None:
            self.last_numbers[Column(column)] = max(item.number, self.last_numbers.get(Column(column), 0))
        self._tidy_last_numbers()
        return item

    def _tidy_last_numbers(self) -> None:
        # Only a number higher than every item's needs remembering, in column order: the
        # same card then always reads and writes the same way.
        needed = {
            column: last
            for column in Column
            if (last := self.last_numbers.get(column)) is not None and last > max([0, *self.numbers(column)])
        }
        self.last_numbers.clear()  # in place: assigning would validate the card again
        self.last_numbers.update(needed)

    @model_validator(mode="after")
    def _number_items(self) -> PerspectiveCard:
        if not (self.goals or self.csfs or self.kpis or self.actions or self.last_numbers):
            return self  # an empty card (every default one) has nothing to number or tidy
        # Read from a file or a database, every item has its number already: then nothing
        # changes (numbers() gives each its own), and only remembered numbers need tidying.
        for column in Column:
            items = self.column(column)
            if any(item.number is None for item in items):
                for item, number in zip(items, self.numbers(column), strict=True):
                    item.number = number
        if self.last_numbers:
            self._tidy_last_numbers()
        return self


class Scorecard(_Model):
    financial: PerspectiveCard = Field(default_factory=PerspectiveCard)
    customer: PerspectiveCard = Field(default_factory=PerspectiveCard)
    internal_processes: PerspectiveCard = Field(default_factory=PerspectiveCard)
    learning_growth: PerspectiveCard = Field(default_factory=PerspectiveCard)

    def __getitem__(self, perspective: Perspective | str) -> PerspectiveCard:
        card: PerspectiveCard = getattr(self, Perspective(perspective).value)
        return card


class MapLink(_Model):
    """A cause→effect link between two strategy goals on the strategy map."""

    cause: ItemId
    effect: ItemId


class Response(_Model):
    """One participant's rating of the exercise."""

    id: ItemId
    respondent: ShortText = ""
    usefulness: Rating | None = None
    availability: Rating | None = None
    comment: Text = ""


class Evaluation(_Model):
    date: Date | None = None
    participants: Count | None = None  # how many took part
    note: Text = ""
    responses: list[Response] = Field(default_factory=list)


class Session(_Model):
    """One team's Security Scorecard exercise."""

    schema_version: Int = SCHEMA_VERSION
    id: ItemId
    title: ShortText
    language: Language = Language.EN
    currency: CurrencyCode = ""  # of every budget; "" when the session does not say
    created: Timestamp
    updated: Timestamp
    revision: Count = 0
    progress: Progress = Field(default_factory=Progress)
    organisation: Organisation = Field(default_factory=Organisation)
    people: People = Field(default_factory=People)
    gap_analysis: GapAnalysis = Field(default_factory=GapAnalysis)
    strategic_goal: StrategicGoal = Field(default_factory=StrategicGoal)
    approach: ApproachChoice = Field(default_factory=ApproachChoice)
    scorecard: Scorecard = Field(default_factory=Scorecard)
    strategy_map: list[MapLink] = Field(default_factory=list)
    evaluation: Evaluation = Field(default_factory=Evaluation)
    # Bookkeeping for exchanging files, kept by the store (see ``lineage``): the digests of
    # the published versions this one descends from, newest first. Last, out of an editor's way.
    history: list[Digest] = Field(default_factory=list, max_length=MAX_HISTORY_IN_FILE)


def format_number(value: Number) -> str:
    """60 -> "60", 4.5 -> "4.5", 60.0 -> "60"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def format_quantity(value: Number, unit: str) -> str:
    """A number with its unit: "60 min", "100%", and in Japanese "60分", "1回"."""
    number = format_number(value)
    if not unit:
        return number
    # Percent signs and Japanese counters (wide characters) sit right after the number.
    if unit[0] in "%‰" or unicodedata.east_asian_width(unit[0]) in ("W", "F"):
        return f"{number}{unit}"
    return f"{number} {unit}"


def format_amount(value: Number, currency: str) -> str:
    """An amount with the session's currency: "8,000,000 JPY"; the number alone if it names none."""
    number = format_number(value)
    return f"{number} {currency}" if currency else number
