"""The session store: reading, writing, conflicts, imports, concurrency (real SQLite files)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from factories import T0, bulk_session, minimal_session, rich_session

from secsc_tui.core.lineage import content_digest
from secsc_tui.core.model import ActionPlan, CriticalSuccessFactor, Goal, Kpi, Language, Session, Step, now_utc
from secsc_tui.core.problems import ConflictError, DatabaseError, InvalidInput, SecscError, SessionNotFound
from secsc_tui.core.store import ImportOutcome, SessionSummary, Store
from secsc_tui.core.store.busy import BUSY_TIMEOUT_MS

CHILD_TABLES = ("participant", "gap", "goal", "csf", "kpi", "action_plan", "map_link", "response")
ROOT = Path(__file__).resolve().parents[2]


def assert_identical(a: Session, b: Session) -> None:
    """Equal, and equal in type too: pydantic's == would let 60 == 60.0 through."""
    assert a == b
    assert repr(a.model_dump()) == repr(b.model_dump())


@pytest.fixture
def store(database_target: str):
    """A store on SQLite, then the same test on PostgreSQL."""
    with Store.open(database_target) as s:
        yield s


@pytest.fixture
def sqlite_store(make_db):
    """For what only SQLite has: its file, its pragmas, its page limit."""
    with Store.open(make_db()) as s:
        yield s


def run_python(code: str, *, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        **kwargs,
    )


# -- round trip ---------------------------------------------------------------------------


def test_rich_session_comes_back_identical(store: Store):
    session = rich_session()
    assert_identical(store.create(session), session)  # checked, so a copy, but equal
    back = store.get(session.id)
    assert_identical(back, session)
    fin = back.scorecard.financial
    assert type(fin.kpis[0].target) is int and type(fin.kpis[0].baseline) is float
    assert fin.kpis[1].target == 12345678901234567890123  # beyond 64 bits, still exact
    assert back.created.tzinfo is not None and back.created.utcoffset() == dt.timedelta(0)
    assert back.evaluation.participants == 0 and back.people.participants[2].team == ""
    assert back.approach.choice is not None and fin.kpis[2].target is None and fin.kpis[2].unit == ""


def test_rich_session_sets_every_field_of_the_model():
    """So the round trip above covers a field added to the model later (and its storage)."""
    from pydantic import BaseModel

    unset: set[str] = set()
    seen: set[str] = set()

    def walk(obj: object) -> None:
        if isinstance(obj, list):
            for item in obj:
                walk(item)
        elif isinstance(obj, BaseModel):
            cls = type(obj)
            for name, info in cls.model_fields.items():
                key = f"{cls.__name__}.{name}"
                value = getattr(obj, name)
                default = info.get_default(call_default_factory=True)
                (seen if value != default or name in ("schema_version",) else unset).add(key)
                walk(value)

    walk(rich_session())
    assert unset - seen == set(), "give these fields a non-default value in factories.rich_session()"


def test_minimal_session_comes_back_identical(store: Store):
    session = minimal_session()
    store.create(session)
    assert_identical(store.get(session.id), session)


def test_reopened_database_returns_the_same_session(database_target: str):
    session = rich_session()
    with Store.open(database_target) as store:
        store.create(session)
    with Store.open(database_target) as store:
        assert_identical(store.get(session.id), session)


def test_create_refuses_an_existing_id(store: Store):
    store.create(minimal_session("s-1"))
    with pytest.raises(SecscError, match="already exists"):
        store.create(minimal_session("s-1", "Other"))
    assert store.get("s-1").title == "Minimal"


def test_duplicate_item_ids_are_refused_with_their_path(store: Store):
    session = minimal_session()
    session.scorecard.financial.goals = [Goal(id="g-1", text="a")]
    session.scorecard.customer.goals = [Goal(id="g-1", text="b")]
    with pytest.raises(InvalidInput) as caught:
        store.create(session)
    assert caught.value.problems[0].path == "scorecard.customer.goals[0].id"
    assert "used twice" in str(caught.value)
    assert store.count_sessions() == 0


def test_a_row_changed_outside_secsc_is_reported(sqlite_store: Store, db_path: Path):
    store = sqlite_store
    store.create(minimal_session())
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE session SET language = 'klingon'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match=r"session 's-minimal' in .* cannot be read .*language"):
        store.get("s-minimal")
    with pytest.raises(DatabaseError, match="changed outside secsc"):
        store.list_sessions()


@pytest.mark.parametrize(
    ("table", "column", "value", "at"),
    [
        ("csf", "supports", "g-1, g-2", "scorecard.financial.csfs.0.supports"),
        ("kpi", "meti", '["seven"]', "scorecard.financial.kpis.0.meti.0"),
        ("action_plan", "nist_csf", '{"RS": "MA"}', "scorecard.financial.actions.0.nist_csf"),
        ("session", "history", "[", "history"),
    ],
)
def test_a_list_column_changed_outside_secsc_is_reported_with_its_place(
    sqlite_store: Store, db_path: Path, table: str, column: str, value: str, at: str
):
    session = minimal_session()
    card = session.scorecard.financial
    card.goals = [Goal(id="g-1", text="a")]
    card.csfs = [CriticalSuccessFactor(id="c-1", text="b", supports=["g-1"])]
    card.kpis = [Kpi(id="k-1", measure="c", measures=["c-1"], meti=[7])]
    card.actions = [ActionPlan(id="a-1", text="d", moves=["k-1"], nist_csf=["RS.MA"])]
    sqlite_store.create(session)
    conn = sqlite3.connect(db_path)
    conn.execute(f"UPDATE {table} SET {column} = ?", [value])
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match=rf"session 's-minimal' in .* cannot be read \({at}: .*changed outside"):
        sqlite_store.get("s-minimal")


def test_get_unknown_id(store: Store):
    with pytest.raises(SessionNotFound, match="no session with id 's-nope'"):
        store.get("s-nope")


# -- list and lookup ----------------------------------------------------------------------


def test_list_sessions_newest_first_with_summary_fields(store: Store):
    old = minimal_session("s-old", "Old", updated=T0)
    new = rich_session("s-new")
    middle = minimal_session("s-mid", "Mid", updated=T0 + dt.timedelta(days=1))
    for s in (old, new, middle):
        store.create(s)
    summaries = store.list_sessions()
    assert [s.id for s in summaries] == ["s-new", "s-mid", "s-old"]
    assert summaries[0] == SessionSummary(
        id="s-new",
        title=new.title,
        organisation="株式会社サンプル電力",
        language=Language.JA,
        current_step=Step.STRATEGY_MAP,
        steps_done=3,
        updated=new.updated,
        revision=7,
    )
    assert summaries[2].organisation == "" and summaries[2].current_step is Step.CONTEXT
    assert store.count_sessions() == 3


def test_list_order_is_stable_for_equal_times(store: Store):
    for sid in ("s-b", "s-c", "s-a"):
        store.create(minimal_session(sid))
    assert [s.id for s in store.list_sessions()] == ["s-a", "s-b", "s-c"]


def test_resolve_id(store: Store):
    for sid in ("s-abc1", "s-abc2", "s-xyz", "s-ab"):
        store.create(minimal_session(sid))
    assert store.resolve_id("s-xyz") == "s-xyz"
    assert store.resolve_id("s-x") == "s-xyz"
    assert store.resolve_id("s-ab") == "s-ab"  # exact wins over being a prefix of others
    assert store.resolve_id("s-abc2") == "s-abc2"
    with pytest.raises(SecscError, match="ambiguous: it matches s-abc1, s-abc2") as caught:
        store.resolve_id("s-abc")
    assert not isinstance(caught.value, SessionNotFound)
    with pytest.raises(SessionNotFound):
        store.resolve_id("s-q")
    with pytest.raises(SessionNotFound):
        store.resolve_id("S-XYZ")  # ids are case-sensitive
    with pytest.raises(SessionNotFound):
        store.resolve_id("")


# -- saving -------------------------------------------------------------------------------


def test_save_increments_revision_and_replaces_items(store: Store):
    session = rich_session()
    store.create(session)
    edited = session.model_copy(deep=True)
    edited.title = "Edited"
    edited.scorecard.financial.kpis = [Kpi(id="k-new", measure="new", target=1.5)]
    edited.people.participants.reverse()
    before = now_utc()
    saved = store.save(edited)
    assert saved.revision == 8 and saved.updated >= before
    assert edited.revision == 7  # the argument is untouched
    assert_identical(store.get(session.id), saved)
    again = store.save(saved)
    assert again.revision == 9


def test_save_with_a_stale_revision_is_a_conflict(store: Store):
    session = minimal_session()
    store.create(session)
    store.save(session)
    stale = session.model_copy(update={"title": "stale edit"})
    with pytest.raises(ConflictError) as caught:
        store.save(stale)
    assert (caught.value.expected, caught.value.actual) == (0, 1)
    assert store.get(session.id).title == "Minimal"


def test_save_of_a_deleted_session(store: Store):
    session = minimal_session()
    store.create(session)
    store.delete(session.id)
    with pytest.raises(SessionNotFound):
        store.save(session)


def test_two_stores_on_one_file_conflict(database_target: str):
    with Store.open(database_target) as first, Store.open(database_target) as second:
        first.create(minimal_session())
        mine, theirs = first.get("s-minimal"), second.get("s-minimal")
        second.save(theirs.model_copy(update={"title": "theirs"}))
        with pytest.raises(ConflictError, match="revision 1"):
            first.save(mine.model_copy(update={"title": "mine"}))
        assert first.get("s-minimal").title == "theirs"


def test_two_processes_conflict(database_target: str):
    with Store.open(database_target) as store:
        store.create(minimal_session())
        mine = store.get("s-minimal")
        result = run_python(f"""
            from secsc_tui.core.store import Store
            with Store.open({database_target!r}) as store:
                s = store.get("s-minimal")
                s.title = "from the other process"
                print(store.save(s).revision)
        """)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "1"
        with pytest.raises(ConflictError):
            store.save(mine)
        assert store.get("s-minimal").title == "from the other process"


def test_process_killed_mid_save_leaves_the_previous_revision(database_target: str):
    original = rich_session()
    with Store.open(database_target) as store:
        store.create(original)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            from secsc_tui.core.store import Store
            store = Store.open({database_target!r})
            s = store.get("s-rich")
            s.title = "half-saved"
            s.scorecard.financial.kpis = []
            s.people.participants = []
            store.save(s)
        """),
        ],
        cwd=ROOT,
        env={**os.environ, "SECSC_TEST_PAUSE_IN_SAVE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "paused in save", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    with Store.open(database_target) as store:
        assert_identical(store.get("s-rich"), original)
        store.save(original)  # the dead writer's lock is gone
    if not database_target.startswith("postgresql"):
        conn = sqlite3.connect(database_target)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()


def test_disk_full_during_save_keeps_the_previous_revision(sqlite_store: Store):
    store = sqlite_store
    import sqlalchemy

    session = minimal_session()
    store.create(session)
    engine = store._repo.engine
    engine.dispose()

    @sqlalchemy.event.listens_for(engine, "connect")
    def no_room_to_grow(dbapi_connection, record):
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    big = session.model_copy(deep=True)
    big.organisation.notes = "x" * 20_000
    big.scorecard.financial.goals = [Goal(id=f"g-{i}", text="y" * 10_000) for i in range(30)]
    with pytest.raises(DatabaseError, match="could not save: disk is full") as caught:
        store.save(big)
    assert "Traceback" not in str(caught.value)
    assert_identical(store.get(session.id), session)


# -- deleting -----------------------------------------------------------------------------


def test_delete_cascades_to_every_child_table(sqlite_store: Store, db_path: Path):
    store = sqlite_store
    store.create(rich_session("s-gone"))
    store.create(rich_session("s-kept"))
    store.delete("s-gone")
    with pytest.raises(SessionNotFound):
        store.get("s-gone")
    conn = sqlite3.connect(db_path)
    try:
        for table in CHILD_TABLES:
            counts = dict(conn.execute(f"SELECT session_id, count(*) FROM {table} GROUP BY session_id"))
            assert "s-gone" not in counts and counts.get("s-kept", 0) > 0, table
    finally:
        conn.close()
    assert_identical(store.get("s-kept"), rich_session("s-kept"))


def test_delete_with_expected_revision(store: Store):
    store.create(minimal_session())
    with pytest.raises(ConflictError):
        store.delete("s-minimal", expected_revision=3)
    store.delete("s-minimal", expected_revision=0)
    with pytest.raises(SessionNotFound):
        store.delete("s-minimal")


# -- importing ----------------------------------------------------------------------------


def test_import_outcomes(store: Store):
    store.create(minimal_session("s-same"))
    store.create(minimal_session("s-edit", revision=2))
    edited = minimal_session("s-edit", "Edited title", revision=2)
    new = rich_session("s-new")
    before = now_utc()
    outcomes = store.import_sessions([new, minimal_session("s-same"), edited])
    assert [(o.session_id, o.status) for o in outcomes] == [
        ("s-new", "added"),
        ("s-same", "unchanged"),
        ("s-edit", "updated"),
    ]
    assert all(isinstance(o, ImportOutcome) and o.detail for o in outcomes)
    assert outcomes[0].title == new.title
    added = store.get("s-new")  # added as given, revision and times kept; the file's version is published now
    assert_identical(added, new.model_copy(update={"history": added.history}))
    assert added.history == [content_digest(new), *new.history]
    stored = store.get("s-edit")
    assert stored.title == "Edited title" and stored.revision == 3 and stored.updated >= before
    assert store.get("s-same").revision == 0


def test_import_unchanged_ignores_revision_and_update_time(store: Store):
    store.create(rich_session())
    exported = store.get("s-rich").model_copy(update={"revision": 1, "updated": T0})
    assert [o.status for o in store.import_sessions([exported])] == ["unchanged"]
    assert store.get("s-rich").revision == 7


def test_import_conflict_writes_nothing_from_the_whole_file(store: Store):
    store.create(minimal_session("s-edit", revision=5))
    store.create(minimal_session("s-upd"))
    batch = [
        rich_session("s-new"),
        minimal_session("s-upd", "would update"),
        minimal_session("s-edit", "stale", revision=4),
    ]
    outcomes = store.import_sessions(batch)
    assert [o.status for o in outcomes] == ["added", "updated", "conflict"]
    assert "revision 5" in outcomes[2].detail and "revision 4" in outcomes[2].detail
    assert "not written" in outcomes[0].detail
    assert store.count_sessions() == 2
    assert store.get("s-upd").title == "Minimal"
    assert store.get("s-edit").title == "Minimal"


def test_import_with_force_overwrites_conflicts(store: Store):
    store.create(minimal_session("s-edit", revision=5))
    outcomes = store.import_sessions(
        [minimal_session("s-edit", "forced", revision=4), rich_session("s-new")], force=True
    )
    assert [o.status for o in outcomes] == ["updated", "added"]
    stored = store.get("s-edit")
    assert (stored.title, stored.revision) == ("forced", 6)
    assert store.count_sessions() == 2


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: setattr(s.scorecard.financial.kpis[0], "target", 61),
        lambda s: setattr(s.scorecard.financial.kpis[1], "baseline", -0.2),
        lambda s: s.scorecard.financial.csfs[0].supports.reverse(),
        lambda s: s.people.participants.reverse(),
        lambda s: setattr(s.gap_analysis, "customer", type(s.gap_analysis.customer)()),
        lambda s: s.strategy_map.pop(),
        lambda s: s.progress.done.reverse(),
        lambda s: setattr(s.evaluation, "participants", None),
        lambda s: setattr(s.organisation, "notes", s.organisation.notes.rstrip()),
        lambda s: setattr(s, "created", s.created.replace(second=6)),
    ],
    ids=[
        "kpi-target",
        "float",
        "link-order",
        "participant-order",
        "gap-cleared",
        "map-link",
        "done-order",
        "zero-vs-none",
        "trailing-space",
        "created",
    ],
)
def test_import_sees_every_change(store: Store, edit):
    store.create(rich_session())
    [changed] = store.export(["s-rich"])  # a file, then corrected by hand
    edit(changed)
    assert content_digest(changed) != content_digest(rich_session())
    assert [o.status for o in store.import_sessions([changed])] == ["updated"]
    stored = store.get("s-rich")
    assert_identical(
        stored,
        changed.model_copy(
            update={"revision": 8, "updated": stored.updated, "history": [content_digest(changed), *changed.history]}
        ),
    )


def test_import_refuses_the_same_id_twice(store: Store):
    with pytest.raises(InvalidInput, match="appears twice"):
        store.import_sessions([minimal_session("s-1"), minimal_session("s-1")])
    assert store.count_sessions() == 0


def test_import_is_all_or_nothing_on_errors(store: Store):
    bad = minimal_session("s-bad")
    bad.scorecard.financial.goals = [Goal(id="g", text="a"), Goal(id="g", text="b")]
    with pytest.raises(InvalidInput):
        store.import_sessions([rich_session("s-good"), bad])
    assert store.count_sessions() == 0


def test_import_updates_many_sessions_in_one_go(store: Store):
    sessions = [bulk_session(i, items=16) for i in range(30)]
    store.import_sessions(sessions)
    changed = [s.model_copy(update={"title": f"changed {s.id}"}) for s in sessions]
    outcomes = store.import_sessions(changed)
    assert {o.status for o in outcomes} == {"updated"}
    for s in changed[::7]:
        back = store.get(s.id)
        assert back.title == s.title and back.revision == 1
        assert back.scorecard == s.scorecard


# -- export -------------------------------------------------------------------------------


def test_export_all_returns_every_session_in_id_order(store: Store):
    sessions = [bulk_session(i, items=8) for i in range(450)] + [rich_session()]
    store.import_sessions(sessions)
    exported = list(store.export_all())
    assert [s.id for s in exported] == sorted(s.id for s in sessions)
    by_id = {s.id: s for s in sessions}
    for s in exported:
        assert_identical(s.model_copy(update={"history": by_id[s.id].history}), by_id[s.id])
        assert s.history[0] == content_digest(s)


def test_export_of_an_empty_database(store: Store):
    assert list(store.export_all()) == []
    assert store.list_sessions() == []


# -- connections --------------------------------------------------------------------------


def test_connection_pragmas(sqlite_store: Store, db_path: Path):
    store = sqlite_store
    with store._repo.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_MS == 15_000
        assert pragma("synchronous") == 1  # NORMAL
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # persisted in the file
    finally:
        raw.close()


def test_saves_from_several_threads(store: Store):
    for n in range(4):
        store.create(minimal_session(f"s-{n}"))
    store.create(minimal_session("s-shared"))
    errors: list[BaseException] = []
    shared_saves = []

    def work(n: int) -> None:
        try:
            mine = store.get(f"s-{n}")
            for i in range(15):
                mine.title = f"thread {n} save {i}"
                mine = store.save(mine)
                while True:  # everyone also edits one shared session, retrying on conflict
                    shared = store.get("s-shared")
                    try:
                        store.save(shared.model_copy(update={"title": f"{n}/{i}"}))
                    except ConflictError:
                        continue
                    shared_saves.append(1)
                    break
                store.list_sessions()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [store.get(f"s-{n}").revision for n in range(4)] == [15] * 4
    assert store.get("s-shared").revision == len(shared_saves) == 60


def test_in_memory_database():
    with Store.open("sqlite://") as store:
        assert store.path is None and store.url == "sqlite://"
        store.create(rich_session())
        assert_identical(store.get("s-rich"), rich_session())


def test_a_session_the_model_refuses_is_not_written(store: Store):
    """Code may change a model without validation; the store checks before writing."""
    from secsc_tui.core.problems import InvalidInput

    session = minimal_session()
    store.create(session)
    bad = store.get(session.id)
    bad.title = "x\x1by"
    bad.evaluation.responses = []
    with pytest.raises(InvalidInput, match=r"title: contains a control character \(U\+001B\)"):
        store.save(bad)
    assert store.get(session.id).title == session.title
