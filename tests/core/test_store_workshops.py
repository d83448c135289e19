"""Workshops in the store: CRUD, sessions in workshops, the dashboard's team rows, step timers.

Real SQLite files; a second process for the dashboard's view of other writers.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from factories import T0, bulk_session, minimal_session, rich_session

from secsc_tui.core.model import Goal, Perspective, Session, Step
from secsc_tui.core.problems import InvalidInput, SecscError, SessionNotFound, WorkshopNotFound
from secsc_tui.core.store import Store, TeamRow, WorkshopSummary
from secsc_tui.core.timebox import StepTimer, extend, hold, pause, resume
from secsc_tui.core.workshop import AgendaItem, Workshop, default_agenda

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC


def workshop(workshop_id: str = "w-1", name: str = "Nagoya 2025", **fields) -> Workshop:
    fields.setdefault("created", T0)
    fields.setdefault("updated", T0)
    return Workshop(id=workshop_id, name=name, **fields)


@pytest.fixture
def store(database_target: str):
    """A store on SQLite, then the same test on PostgreSQL."""
    with Store.open(database_target) as s:
        yield s


@pytest.fixture
def sqlite_store(make_db):
    """For tests that look into the SQLite file itself."""
    with Store.open(make_db()) as s:
        yield s


def count(session: Session, column: str) -> int:
    return sum(len(session.scorecard[p].column(column)) for p in Perspective)


# -- workshops --------------------------------------------------------------------------


def test_workshop_round_trip(store: Store):
    given = workshop(
        name="名古屋ワークショップ 🛡️",
        date=dt.date(2025, 8, 27),
        venue="会議室 A",
        trainer="長谷川",
        participants=31,
        agenda=[AgendaItem(step=Step.SCORECARD, minutes=60), AgendaItem(step=Step.CONTEXT, minutes=20)],
    )
    assert store.create_workshop(given) == given
    assert store.get_workshop("w-1") == given
    assert store.get_workshop("w-1").agenda[0].step is Step.SCORECARD  # agenda order kept
    bare = workshop("w-2", "Bare", agenda=[])
    store.create_workshop(bare)
    assert store.get_workshop("w-2") == bare
    store.create_workshop(workshop("w-3", "Default agenda"))
    assert store.get_workshop("w-3").agenda == default_agenda()


def test_get_unknown_workshop(store: Store):
    with pytest.raises(WorkshopNotFound, match="no workshop with id 'w-x'") as caught:
        store.get_workshop("w-x")
    assert caught.value.workshop == "w-x"


def test_workshop_names_are_unique_regardless_of_case_and_spaces(store: Store):
    created = store.create_workshop(workshop(name="  Nagoya 2025 "))
    assert created.name == "Nagoya 2025" and store.get_workshop("w-1").name == "Nagoya 2025"
    for name in ("Nagoya 2025", "nagoya 2025", " NAGOYA 2025\t"):
        with pytest.raises(SecscError, match=r"^a workshop named 'Nagoya 2025' already exists$"):
            store.create_workshop(workshop("w-2", name))
    with pytest.raises(SecscError, match="a workshop with id 'w-1' already exists"):
        store.create_workshop(workshop("w-1", "Other"))
    # Renaming onto another workshop's name is refused too; changing one's own case is not.
    store.create_workshop(workshop("w-2", "Osaka"))
    with pytest.raises(SecscError, match="a workshop named 'Nagoya 2025' already exists"):
        store.save_workshop(store.get_workshop("w-2").model_copy(update={"name": "NAGOYA 2025"}))
    renamed = store.save_workshop(store.get_workshop("w-1").model_copy(update={"name": "NAGOYA 2025"}))
    assert store.get_workshop("w-1").name == renamed.name == "NAGOYA 2025"
    with pytest.raises(InvalidInput, match="a workshop needs a name"):
        store.create_workshop(workshop("w-3", "   "))
    assert [w.id for w in store.list_workshops()] == ["w-1", "w-2"]


def test_save_workshop_writes_every_field_and_the_agenda(store: Store):
    store.create_workshop(workshop())
    changed = workshop(
        name="Nagoya, day 2",
        date=dt.date(2025, 8, 28),
        venue="Hall B",
        trainer="T. Hasegawa",
        participants=12,
        agenda=[AgendaItem(step=Step.REVIEW, minutes=5)],
    )
    before = dt.datetime.now(UTC).replace(microsecond=0)
    saved = store.save_workshop(changed)
    assert saved.updated >= before and saved.created == T0
    assert changed.updated == T0  # the argument is not changed
    assert store.get_workshop("w-1") == saved
    assert saved.model_dump(exclude={"updated"}) == changed.model_dump(exclude={"updated"})
    store.delete_workshop("w-1")
    with pytest.raises(WorkshopNotFound):
        store.save_workshop(saved)


def test_find_workshop_by_id_or_name_with_a_helpful_message(store: Store):
    with pytest.raises(WorkshopNotFound, match=r"^no workshop named 'Nagoya': there are no workshops yet$"):
        store.find_workshop("Nagoya")
    store.create_workshop(workshop("w-ngy", "Nagoya 2025", date=dt.date(2025, 8, 27)))
    assert store.find_workshop("w-ngy").name == "Nagoya 2025"
    assert store.find_workshop("nagoya 2025").id == "w-ngy"
    assert store.find_workshop("  NAGOYA 2025 ").id == "w-ngy"
    with pytest.raises(WorkshopNotFound, match=r"^no workshop named 'Nagoya'; the workshops are: 'Nagoya 2025'$"):
        store.find_workshop("Nagoya")
    for n in range(6):
        store.create_workshop(workshop(f"w-{n}", f"Workshop {n}", date=dt.date(2025, 1, 1 + n)))
    with pytest.raises(WorkshopNotFound) as caught:
        store.find_workshop("nope")
    # The five most recent, then how many more.
    assert str(caught.value) == (
        "no workshop named 'nope'; the workshops are: 'Nagoya 2025', 'Workshop 5', "
        "'Workshop 4', 'Workshop 3', 'Workshop 2' and 2 more"
    )
    assert len(caught.value.known) == 5


def test_list_workshops_newest_first_with_session_counts(store: Store):
    store.create_workshop(workshop("w-old", "Tokyo", date=dt.date(2024, 11, 5), venue="Tokyo", trainer="A"))
    store.create_workshop(workshop("w-new", "Nagoya", date=dt.date(2025, 8, 27), participants=31))
    store.create_workshop(workshop("w-nodate-b", "beta"))
    store.create_workshop(workshop("w-nodate-a", "Alpha"))
    for n in range(3):
        store.create(minimal_session(f"s-{n}"), workshop_id="w-new")
    store.create(minimal_session("s-old"), workshop_id="w-old")
    store.create(minimal_session("s-loose"))
    listed = store.list_workshops()
    assert [w.id for w in listed] == ["w-new", "w-old", "w-nodate-a", "w-nodate-b"]
    assert [w.sessions for w in listed] == [3, 1, 0, 0]
    assert listed[1] == WorkshopSummary(
        id="w-old",
        name="Tokyo",
        date=dt.date(2024, 11, 5),
        venue="Tokyo",
        trainer="A",
        participants=None,
        sessions=1,
        updated=T0,
    )
    assert listed[0].participants == 31


def test_delete_workshop_keeps_its_sessions(sqlite_store: Store, db_path: Path):
    store = sqlite_store
    store.create_workshop(workshop())
    store.create(rich_session(), workshop_id="w-1")
    store.create(minimal_session(), workshop_id="w-1")
    store.delete_workshop("w-1")
    assert store.list_workshops() == []
    assert {s.id: s.workshop_id for s in store.list_sessions()} == {"s-rich": None, "s-minimal": None}
    assert store.get("s-rich") == rich_session()
    assert store.workshop_of("s-rich") is None
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM agenda_item").fetchone() == (0,)
    finally:
        conn.close()
    with pytest.raises(WorkshopNotFound):
        store.delete_workshop("w-1")


# -- sessions in workshops --------------------------------------------------------------


def test_create_in_a_workshop(store: Store):
    store.create_workshop(workshop())
    store.create(minimal_session("s-a"), workshop_id="w-1")
    assert store.workshop_of("s-a") == store.get_workshop("w-1")
    with pytest.raises(WorkshopNotFound):
        store.create(minimal_session("s-b"), workshop_id="w-nope")
    assert [s.id for s in store.list_sessions()] == ["s-a"]  # nothing written


def test_assign_moves_sessions_without_a_revision_bump(store: Store):
    store.create_workshop(workshop())
    store.create_workshop(workshop("w-2", "Osaka"))
    store.create(rich_session())  # revision 7
    store.create(minimal_session())
    before = {s.id: (s.revision, s.updated) for s in store.list_sessions()}

    store.assign_sessions(["s-rich", "s-minimal"], "w-1")
    assert [s.id for s in store.sessions_in("w-1")] == ["s-minimal", "s-rich"]  # by title
    store.assign_sessions(["s-rich"], "w-2")
    assert store.workshop_of("s-rich").id == "w-2"
    store.assign_sessions(["s-minimal"], None)
    assert store.workshop_of("s-minimal") is None
    assert {s.id: (s.revision, s.updated) for s in store.list_sessions()} == before
    assert store.get("s-rich") == rich_session()

    # All or nothing: an unknown session or workshop moves nothing.
    with pytest.raises(SessionNotFound, match="s-nope"):
        store.assign_sessions(["s-minimal", "s-nope"], "w-1")
    with pytest.raises(WorkshopNotFound, match="w-nope"):
        store.assign_sessions(["s-minimal"], "w-nope")
    assert store.workshop_of("s-minimal") is None
    store.assign_sessions([], "w-1")  # nothing to do


def test_saving_a_session_keeps_its_workshop(store: Store):
    store.create_workshop(workshop())
    store.create(minimal_session(), workshop_id="w-1")
    session = store.get("s-minimal")
    session.title = "Renamed"
    store.save(session)
    assert store.workshop_of("s-minimal").id == "w-1"


def test_list_sessions_of_one_workshop(store: Store):
    store.create_workshop(workshop())
    store.create(minimal_session("s-in", updated=T0 + dt.timedelta(hours=1)), workshop_id="w-1")
    store.create(minimal_session("s-in2"), workshop_id="w-1")
    store.create(minimal_session("s-out"))
    assert [s.id for s in store.list_sessions("w-1")] == ["s-in", "s-in2"]
    assert {s.id: s.workshop_id for s in store.list_sessions()} == {"s-in": "w-1", "s-in2": "w-1", "s-out": None}
    assert store.list_sessions("w-unknown") == []


def test_sessions_in_returns_whole_sessions_by_title(store: Store):
    store.create_workshop(workshop())
    store.create_workshop(workshop("w-empty", "Empty"))
    sessions = [rich_session("s-1", "B team"), bulk_session(2), minimal_session("s-3", "A team")]
    for s in sessions:
        store.create(s, workshop_id="w-1")
    store.create(minimal_session("s-elsewhere", "0 elsewhere"))
    got = store.sessions_in("w-1")
    assert [s.title for s in got] == sorted(s.title for s in sessions)
    assert {s.id: s for s in got} == {s.id: s for s in sessions}
    assert store.sessions_in("w-empty") == []
    with pytest.raises(WorkshopNotFound):
        store.sessions_in("w-unknown")


def test_team_rows_match_the_sessions(store: Store):
    store.create_workshop(workshop())
    rich = rich_session("s-rich", "Team Rich")
    bulk = bulk_session(1, items=96)
    bulk.title = "Team Bulk"
    bulk.progress.current_step = Step.STRATEGY_MAP
    bulk.progress.done = [Step.CONTEXT, Step.CONTEXT, Step.GAP_ANALYSIS]  # a repeat counts once
    empty = minimal_session("s-empty", "Team Empty")
    for s in (rich, bulk, empty):
        store.create(s, workshop_id="w-1")
    store.create(bulk_session(9))  # in no workshop
    rows = store.team_rows("w-1")
    assert [r.title for r in rows] == ["Team Bulk", "Team Empty", "Team Rich"]
    for row, s in zip(rows, (bulk, empty, rich), strict=True):
        assert row == TeamRow(
            id=s.id,
            title=s.title,
            current_step=s.progress.current_step,
            steps_done=len(set(s.progress.done)),
            goals=count(s, "goals"),
            csfs=count(s, "csfs"),
            kpis=count(s, "kpis"),
            actions=count(s, "actions"),
            revision=s.revision,
            updated=s.updated,
        )
    assert rows[0].goals == 24 and rows[0].steps_done == 2
    assert (rows[2].goals, rows[2].csfs, rows[2].kpis, rows[2].actions) == (
        count(rich, "goals"),
        count(rich, "csfs"),
        count(rich, "kpis"),
        count(rich, "actions"),
    )
    assert rows[1].goals == 0

    team = store.get("s-empty")
    team.progress.current_step = Step.APPROACH
    saved = store.save(team)
    saved.scorecard.financial.goals.append(Goal(id="g-new", text="new"))
    store.save(saved)
    row = next(r for r in store.team_rows("w-1") if r.id == "s-empty")
    assert (row.current_step, row.goals, row.revision) == (Step.APPROACH, 1, 2)


def test_team_rows_is_one_query_and_builds_no_session(store: Store, monkeypatch: pytest.MonkeyPatch):
    import sqlalchemy as sa

    store.create_workshop(workshop())
    for n in range(20):
        store.create(bulk_session(n, items=80), workshop_id="w-1")
    statements: list[str] = []
    engine = store._repo.engine
    listener = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    monkeypatch.setattr(Session, "model_validate", lambda *a, **k: pytest.fail("a Session was built"))
    try:
        rows = store.team_rows("w-1")
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    assert len(rows) == 20 and all(r.goals == 20 for r in rows)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_team_rows_of_an_empty_or_deleted_workshop(store: Store):
    store.create_workshop(workshop())
    assert store.team_rows("w-1") == []
    store.delete_workshop("w-1")
    with pytest.raises(WorkshopNotFound):
        store.team_rows("w-1")


def test_dashboard_sees_another_process_writing(database_target: str):
    """The trainer's Store polls team_rows while a team's process saves to the same file."""
    with Store.open(database_target) as dashboard:
        dashboard.create_workshop(workshop())
        dashboard.create(minimal_session("s-team", "Team A"), workshop_id="w-1")
        assert dashboard.team_rows("w-1")[0].goals == 0
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                import time
                from secsc_tui.core.model import Goal, Step
                from secsc_tui.core.store import Store
                with Store.open({database_target!r}) as store:
                    for n in range(1, 6):
                        s = store.get("s-team")
                        s.scorecard.customer.goals.append(Goal(id=f"g-{{n}}", text=f"goal {{n}}"))
                        s.progress.current_step = list(Step)[n]
                        store.save(s)
                        time.sleep(0.05)
            """),
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stderr=subprocess.PIPE,
            text=True,
        )
        seen: set[int] = set()
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                row = dashboard.team_rows("w-1")[0]
                seen.add(row.revision)
                assert row.goals == row.revision  # each read is one consistent snapshot
                if row.revision == 5:
                    break
                time.sleep(0.01)
        finally:
            _, stderr = writer.communicate(timeout=30)
        assert writer.returncode == 0, stderr
        row = dashboard.team_rows("w-1")[0]
        assert (row.revision, row.goals, row.current_step) == (5, 5, Step.STRATEGY_MAP)
        assert len(seen) >= 2  # it saw the team's work arrive, not just the end


# -- importing into a workshop --------------------------------------------------------


def test_import_into_a_workshop_assigns_added_updated_and_unchanged(store: Store):
    store.create_workshop(workshop())
    store.create_workshop(workshop("w-old", "Last year"))
    store.create(minimal_session("s-same"), workshop_id="w-old")
    store.create(minimal_session("s-edit"))
    edited = minimal_session("s-edit", "Edited")
    outcomes = store.import_sessions([minimal_session("s-new"), edited, minimal_session("s-same")], workshop_id="w-1")
    assert [(o.session_id, o.status) for o in outcomes] == [
        ("s-new", "added"),
        ("s-edit", "updated"),
        ("s-same", "unchanged"),
    ]
    assert "moved from workshop 'Last year'" in outcomes[2].detail
    assert "moved" not in outcomes[0].detail + outcomes[1].detail
    assert sorted(s.id for s in store.sessions_in("w-1")) == ["s-edit", "s-new", "s-same"]
    assert store.get("s-same").revision == 0  # moved, not changed
    assert store.get("s-edit").revision == 1
    # Importing again without a workshop leaves them where they are.
    store.import_sessions([minimal_session("s-new")])
    assert store.workshop_of("s-new").id == "w-1"


def test_import_into_a_workshop_writes_nothing_on_a_conflict(store: Store):
    store.create_workshop(workshop())
    store.create(minimal_session("s-a", revision=3))
    outcomes = store.import_sessions(
        [minimal_session("s-b"), minimal_session("s-a", "Stale", revision=1)], workshop_id="w-1"
    )
    assert [o.status for o in outcomes] == ["added", "conflict"]
    assert [s.id for s in store.list_sessions()] == ["s-a"]
    assert store.workshop_of("s-a") is None
    store.import_sessions([minimal_session("s-a", "Forced", revision=1)], force=True, workshop_id="w-1")
    assert store.workshop_of("s-a").id == "w-1" and store.get("s-a").title == "Forced"


def test_import_into_an_unknown_workshop_writes_nothing(store: Store):
    with pytest.raises(WorkshopNotFound):
        store.import_sessions([minimal_session()], workshop_id="w-nope")
    assert store.count_sessions() == 0


# -- step timers ------------------------------------------------------------------------


def test_timers_upsert_and_come_back_exactly(store: Store):
    store.create(rich_session())
    assert store.get_timers("s-rich") == []
    started = dt.datetime(2025, 8, 27, 10, 15, 30, 123456, tzinfo=UTC)
    timer = StepTimer("s-rich", Step.SCORECARD, started)
    store.save_timer(timer)
    assert store.get_timers("s-rich") == [timer]
    changed = extend(pause(timer, started + dt.timedelta(minutes=5, microseconds=7)), 300)
    store.save_timer(changed)
    assert store.get_timers("s-rich") == [changed]
    resumed = resume(changed, started + dt.timedelta(minutes=6, seconds=0.5))
    store.save_timer(resumed)
    [back] = store.get_timers("s-rich")
    assert back == resumed and back.paused_seconds == pytest.approx(60.499993)
    assert back.started.tzinfo is not None
    # A timer is not session content: revision and updated stay.
    assert store.get("s-rich") == rich_session()


def test_every_step_keeps_its_own_timer(store: Store):
    """A timer per step: saving the current step's clock must not drop the clocks of the others."""
    store.create(minimal_session())
    context = hold(StepTimer("s-minimal", Step.CONTEXT, T0, extra_seconds=120), T0 + dt.timedelta(minutes=20))
    gaps = pause(
        StepTimer("s-minimal", Step.GAP_ANALYSIS, T0 + dt.timedelta(minutes=20)), T0 + dt.timedelta(minutes=50)
    )
    store.save_timers([gaps, context])
    goal = StepTimer("s-minimal", Step.STRATEGIC_GOAL, T0 + dt.timedelta(minutes=50))
    store.save_timer(goal)
    assert store.get_timers("s-minimal") == [context, gaps, goal]  # in step order
    assert store.get_timers("s-minimal")[0].held is True


def test_timer_of_an_unknown_session(store: Store):
    with pytest.raises(SessionNotFound):
        store.save_timer(StepTimer("s-nope", Step.CONTEXT, T0))
    assert store.get_timers("s-nope") == []


def test_timer_goes_with_its_session(sqlite_store: Store, db_path: Path):
    store = sqlite_store
    import sqlite3

    store.create(minimal_session("s-a"))
    store.create(minimal_session("s-b"))
    store.save_timer(StepTimer("s-a", Step.CONTEXT, T0))
    store.save_timers([StepTimer("s-b", Step.CONTEXT, T0), StepTimer("s-b", Step.APPROACH, T0)])
    store.delete("s-a")
    assert store.get_timers("s-a") == [] and len(store.get_timers("s-b")) == 2
    store.delete_timers("s-b")
    assert store.get_timers("s-b") == []
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM step_timer").fetchone() == (0,)
    finally:
        conn.close()


def test_saving_or_reimporting_a_session_keeps_its_timer(store: Store):
    store.create(minimal_session())
    timer = StepTimer("s-minimal", Step.APPROACH, T0)
    store.save_timer(timer)
    store.save(store.get("s-minimal"))
    store.import_sessions([minimal_session(title="Edited", revision=1)])
    assert store.get_timers("s-minimal") == [timer]
