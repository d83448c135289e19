"""The database tables (SQLModel ``table=True`` models), normalised.

These describe the schema for SQLAlchemy and for Alembic's autogenerate; the
store reads and writes them with SQLAlchemy Core (plain column selects and
executemany inserts), so no ORM object is ever created or leaves the store.
``convert`` is the one place that maps rows to the domain ``Session`` and back.

The schema itself is created by the Alembic scripts in ``migrations/versions``;
a test checks that these models and the scripts agree.

Storage choices, so that ``store.get(s) == s`` holds exactly:

* timestamps are ISO text in UTC with whole seconds ("2025-08-26T09:00:00Z"):
  readable, and they sort as text, so the index on ``session.updated`` orders
  the session list;
* KPI values and budgets are text holding Python's exact spelling of the number
  ("60", "4.5"), so that 60 comes back as an int and 4.5 as a float, and no
  value is rounded or overflows a 64-bit integer;
* enums are stored as their plain values in text columns (no CHECK constraint,
  so adding an enum value never needs a migration);
* JSON lists are TEXT in SQLite and JSONB in PostgreSQL (``JsonText``);
* a trainer's catalogue entry is one row, its content a JSON object (``JsonText``
  again), written in one canonical spelling (``json_text``) so that it reads back
  the same text from either database.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

# Named constraints keep future ``batch_alter_table`` migrations on SQLite simple.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UtcTimestamp(sa.types.TypeDecorator[dt.datetime]):
    """An aware UTC datetime with whole seconds, stored as "YYYY-MM-DDTHH:MM:SSZ"."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="seconds") + "Z"

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


class UtcInstant(sa.types.TypeDecorator[dt.datetime]):
    """An aware UTC datetime to the microsecond, stored as "YYYY-MM-DDTHH:MM:SS.ffffffZ".

    For step timers, whose arithmetic should not lose the fraction of a second.
    """

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


class ExactNumber(sa.types.TypeDecorator[int | float]):
    """An int or a float, stored as its exact Python spelling and read back as the same type."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: int | float | None, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {value!r}")
        return repr(value)  # repr(4.5) == "4.5" round-trips exactly; ints have no "." or "e"

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> int | float | None:
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            return float(value)


def json_text(value: Any) -> str:
    """The one spelling of JSON the store writes: keys sorted, characters as they are.

    PostgreSQL's JSONB keeps the parsed value, not the text, and orders an object's
    keys its own way; ``JsonText`` spells what it reads back this way too, so both
    databases hand out the same text (and ``db copy``'s digest agrees).
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class JsonText(sa.types.TypeDecorator[str]):
    """JSON, handed to and from the store as its text: a TEXT column in SQLite, JSONB in PostgreSQL.

    The text is what ``json_text`` (or, for the lists of ASCII strings of a session,
    plain ``json.dumps``, which spells them the same) wrote; PostgreSQL keeps the
    parsed value, which ``json_text`` spells the same way again.
    """

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value: str | None, dialect: sa.Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return json.loads(value)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        if dialect.name != "postgresql":
            return str(value)
        return json_text(value)


# These return ``Any`` because ``sqlmodel.Field`` does: a field's default is typed as the
# annotated column type (``name: str = _text()``), as SQLModel intends.
def _text(*, nullable: bool = False, primary_key: bool = False, default: str | None = "") -> Any:
    if primary_key:
        return Field(sa_type=sa.Text, primary_key=True)
    return Field(default=default, sa_type=sa.Text, nullable=nullable)


def _json_list() -> Any:
    """A JSON list, empty by default: an item's links or framework tags, in list order (since 0009).

    A link names its target by id and is not a foreign key: a link to an item that was
    deleted is kept (the rules report it), exactly as the session holds it.
    """
    return Field(default="[]", sa_type=JsonText, nullable=False, sa_column_kwargs={"server_default": "[]"})


def _session_fk() -> Any:
    return Field(sa_type=sa.Text, foreign_key="session.id", ondelete="CASCADE", primary_key=True)


class _Table(SQLModel, registry=registry(metadata=metadata)):
    """Base of the secsc tables: their own MetaData, with a naming convention."""


class WorkshopRow(_Table, table=True):
    """A workshop (one exercise day) that groups team sessions.

    ``name_key`` is the name trimmed and case-folded: names are unique regardless of case.
    """

    __tablename__ = "workshop"

    id: str = _text(primary_key=True)
    name: str = _text()
    name_key: str = Field(sa_type=sa.Text, nullable=False, unique=True)
    date: dt.date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    venue: str = _text()
    trainer: str = _text()
    participants: int | None = Field(default=None, sa_type=sa.Integer, nullable=True)
    created: dt.datetime = Field(sa_type=UtcTimestamp, nullable=False)
    updated: dt.datetime = Field(sa_type=UtcTimestamp, nullable=False)


class AgendaItemRow(_Table, table=True):
    """One step's timebox in a workshop's agenda, in agenda order."""

    __tablename__ = "agenda_item"
    __table_args__ = {"sqlite_with_rowid": False}

    workshop_id: str = Field(sa_type=sa.Text, foreign_key="workshop.id", ondelete="CASCADE", primary_key=True)
    position: int = Field(sa_type=sa.Integer, primary_key=True)
    step: str = _text()
    minutes: int = Field(sa_type=sa.Integer, nullable=False)


class SessionRow(_Table, table=True):
    """One session, with every 1:1 part of it flattened into columns."""

    __tablename__ = "session"
    __table_args__ = (
        sa.Index("ix_session_updated", "updated"),
        sa.Index("ix_session_workshop_id", "workshop_id"),
    )

    id: str = _text(primary_key=True)
    schema_version: int = Field(sa_type=sa.Integer, nullable=False)  # the model's format version
    title: str = _text()
    language: str = _text()
    currency: str = _text()  # ISO 4217 code, or "" (since 0003)
    created: dt.datetime = Field(sa_type=UtcTimestamp, nullable=False)
    updated: dt.datetime = Field(sa_type=UtcTimestamp, nullable=False)
    revision: int = Field(sa_type=sa.Integer, nullable=False)
    current_step: str = _text()
    # JSON list of step values, in the order they were done
    steps_done: str = Field(default="", sa_type=JsonText, nullable=False)
    reviewed: bool = Field(sa_type=sa.Boolean, nullable=False)  # the review step was opened (since 0003)
    org_name: str = _text()
    org_sector: str = _text()
    org_size: str = _text()
    org_regulation: str = _text()  # none / some / heavy (0003; was the boolean org_regulated)
    org_critical_infrastructure: bool = Field(sa_type=sa.Boolean, nullable=False)
    org_partners_request_security: bool = Field(sa_type=sa.Boolean, nullable=False)
    org_notes: str = _text()
    facilitator: str = _text()
    goal_title: str = _text()
    goal_description: str = _text()
    approach_choice: str | None = _text(nullable=True, default=None)
    approach_rationale: str = _text()
    evaluation_date: dt.date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    evaluation_participants: int | None = Field(default=None, sa_type=sa.Integer, nullable=True)
    evaluation_note: str = _text()
    # Database organisation, not session content: not in the YAML, and moving a session
    # between workshops changes neither its revision nor its update time.
    workshop_id: str | None = Field(
        default=None, sa_type=sa.Text, foreign_key="workshop.id", ondelete="SET NULL", nullable=True
    )
    # JSON list of content digests, newest first (see core/lineage.py). Kept by the store:
    # exports and imports change it, saves leave it as it is.
    history: str = Field(default="[]", sa_type=JsonText, nullable=False, sa_column_kwargs={"server_default": "[]"})
    # Who saved it last (since 0007), as the saving editor names itself: for co-editing's conflicts.
    updated_by: str = Field(default="", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": ""})


class ParticipantRow(_Table, table=True):
    __tablename__ = "participant"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    position: int = Field(sa_type=sa.Integer, nullable=False)
    name: str = _text()
    layer: str = _text()
    team: str = _text()
    role: str = _text()


class GapRow(_Table, table=True):
    """The gap on one perspective; only perspectives with something filled in have a row."""

    __tablename__ = "gap"

    session_id: str = _session_fk()
    perspective: str = _text(primary_key=True)
    business_view: str = _text()
    security_view: str = _text()
    cause: str = _text()
    countermeasure: str = _text()
    severity: int | None = Field(default=None, sa_type=sa.Integer, nullable=True)


class GoalRow(_Table, table=True):
    __tablename__ = "goal"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    perspective: str = _text()
    position: int = Field(sa_type=sa.Integer, nullable=False)  # order within the perspective
    number: int = Field(sa_type=sa.Integer, nullable=False)  # what the team calls it: F-G1
    text: str = _text()
    meti: str = _json_list()  # its framework tags: METI directive numbers, [7, 10], and
    nist_csf: str = _json_list()  # NIST CSF 2.0 ids, ["RS.MA"]; every item has both (since 0009)


class CsfRow(_Table, table=True):
    __tablename__ = "csf"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    perspective: str = _text()
    position: int = Field(sa_type=sa.Integer, nullable=False)
    number: int = Field(sa_type=sa.Integer, nullable=False)  # what the team calls it: F-G1
    text: str = _text()
    supports: str = _json_list()  # the ids of the goals it supports, in list order
    meti: str = _json_list()
    nist_csf: str = _json_list()


class KpiRow(_Table, table=True):
    __tablename__ = "kpi"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    perspective: str = _text()
    position: int = Field(sa_type=sa.Integer, nullable=False)
    number: int = Field(sa_type=sa.Integer, nullable=False)  # what the team calls it: F-G1
    measure: str = _text()
    indicator: str | None = _text(nullable=True, default=None)  # leading / lagging (since 0003)
    direction: str = _text()
    target: float | None = Field(default=None, sa_type=ExactNumber, nullable=True)
    unit: str = _text()
    frequency: str | None = _text(nullable=True, default=None)
    owner: str = _text()
    baseline: float | None = Field(default=None, sa_type=ExactNumber, nullable=True)
    baseline_on: dt.date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    current: float | None = Field(default=None, sa_type=ExactNumber, nullable=True)
    current_on: dt.date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    measures: str = _json_list()  # the ids of the CSFs it measures, in list order
    meti: str = _json_list()
    nist_csf: str = _json_list()


class ActionPlanRow(_Table, table=True):
    __tablename__ = "action_plan"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    perspective: str = _text()
    position: int = Field(sa_type=sa.Integer, nullable=False)
    number: int = Field(sa_type=sa.Integer, nullable=False)  # what the team calls it: F-G1
    text: str = _text()
    owner: str = _text()
    due: dt.date | None = Field(default=None, sa_type=sa.Date, nullable=True)
    status: str = _text()
    budget: float | None = Field(default=None, sa_type=ExactNumber, nullable=True)
    moves: str = _json_list()  # the ids of the KPIs it moves, in list order
    meti: str = _json_list()
    nist_csf: str = _json_list()


class LastNumberRow(_Table, table=True):
    """The highest number given to an item of one column of a perspective, while no item has
    it (its item was deleted): kept so that the number is never given to another item."""

    __tablename__ = "last_number"
    __table_args__ = {"sqlite_with_rowid": False}

    session_id: str = _session_fk()
    perspective: str = _text(primary_key=True)
    kind: str = _text(primary_key=True)  # the column: "goals", "csfs", "kpis" or "actions"
    number: int = Field(sa_type=sa.Integer, nullable=False)


class MapLinkRow(_Table, table=True):
    """A cause -> effect link on the strategy map, in list order."""

    __tablename__ = "map_link"
    __table_args__ = {"sqlite_with_rowid": False}

    session_id: str = _session_fk()
    position: int = Field(sa_type=sa.Integer, primary_key=True)
    cause: str = _text()
    effect: str = _text()


class ResponseRow(_Table, table=True):
    __tablename__ = "response"

    session_id: str = _session_fk()
    id: str = _text(primary_key=True)
    position: int = Field(sa_type=sa.Integer, nullable=False)
    respondent: str = _text()
    usefulness: int | None = Field(default=None, sa_type=sa.Integer, nullable=True)
    availability: int | None = Field(default=None, sa_type=sa.Integer, nullable=True)
    comment: str = _text()


class StepTimerRow(_Table, table=True):
    """The timebox of one step of a session (see ``secsc_tui.core.timebox``); one row per step used."""

    __tablename__ = "step_timer"

    session_id: str = _session_fk()
    step: str = _text(primary_key=True)
    started: dt.datetime = Field(sa_type=UtcInstant, nullable=False)
    paused_at: dt.datetime | None = Field(default=None, sa_type=UtcInstant, nullable=True)
    paused_seconds: float = Field(sa_type=sa.Float, nullable=False)
    extra_seconds: int = Field(sa_type=sa.Integer, nullable=False)
    held: bool = Field(sa_type=sa.Boolean, nullable=False)  # paused by the trainer (since 0003)


class PublishedVersionRow(_Table, table=True):
    """The content of a version of a session that was written to or read from a file (since 0007).

    Only versions still named in the session's history are kept: the base a diverged file
    is merged from (see ``core/merge.py``).
    """

    __tablename__ = "published_version"

    session_id: str = Field(sa_type=sa.Text, foreign_key="session.id", ondelete="CASCADE", primary_key=True)
    digest: str = Field(sa_type=sa.Text, primary_key=True)
    content: str = Field(sa_type=sa.Text, nullable=False)  # the session as JSON


class CatalogueEntryRow(_Table, table=True):
    """One entry of the trainer's own catalogue (since 0008), shared by everyone who uses the database.

    The built-in catalogue ships with secsc and is not stored; these rows are added
    to it (``core/catalogue.py``), an entry with a built-in id replacing that one.
    ``data`` is the entry as a catalogue file holds it, without its id, as JSON
    (``json_text``); ``position`` keeps the order entries were first imported in.
    """

    __tablename__ = "catalogue_entry"

    id: str = _text(primary_key=True)
    kind: str = _text()  # the scorecard column: "goals", "csfs", "kpis" or "actions"
    position: int = Field(sa_type=sa.Integer, nullable=False)
    data: str = Field(sa_type=JsonText, nullable=False)
    updated: dt.datetime = Field(sa_type=UtcTimestamp, nullable=False)


def _table_of(row: type[_Table]) -> sa.Table:
    """The Table SQLModel made for a model (SQLModel does not declare ``__table__`` for type checkers)."""
    table = sa.inspect(row).local_table
    assert isinstance(table, sa.Table)
    return table


session_table = _table_of(SessionRow)
participant_table = _table_of(ParticipantRow)
gap_table = _table_of(GapRow)
goal_table = _table_of(GoalRow)
csf_table = _table_of(CsfRow)
kpi_table = _table_of(KpiRow)
action_plan_table = _table_of(ActionPlanRow)
last_number_table = _table_of(LastNumberRow)
map_link_table = _table_of(MapLinkRow)
response_table = _table_of(ResponseRow)
workshop_table = _table_of(WorkshopRow)
agenda_item_table = _table_of(AgendaItemRow)
step_timer_table = _table_of(StepTimerRow)
published_version_table = _table_of(PublishedVersionRow)
catalogue_entry_table = _table_of(CatalogueEntryRow)

# The child tables, each keyed by session_id first; ``convert`` fills them in this order.
CHILD_TABLES: dict[str, sa.Table] = {
    table.name: table
    for table in (
        participant_table,
        gap_table,
        goal_table,
        csf_table,
        kpi_table,
        action_plan_table,
        map_link_table,
        response_table,
        last_number_table,
    )
}
