"""`secsc db copy`'s core: everything in one database moved into another, and checked.

SQLite to SQLite always; SQLite to PostgreSQL and back where a server runs (the
test machines have one; CI fails rather than skip without it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from factories import T0, bulk_session, minimal_session, rich_session

from secsc_tui.core.catalogue import load_catalogue_text
from secsc_tui.core.model import Step
from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store
from secsc_tui.core.store.copy import copy_store
from secsc_tui.core.store.location import resolve_target
from secsc_tui.core.timebox import StepTimer
from secsc_tui.core.workshop import Workshop

CATALOGUE = """\
catalogue_version: 1
goals:
  - id: goal.cus.trusted-supplier
    text:
      en: Be the supplier our tier-1 customers audit least
      ja: 一次取引先の監査が最も少ないサプライヤーになる
    perspective: customer
    approaches: [ii, iii]
    nist_csf: [GV.SC]
kpis:
  - id: mine.kpi.drill-hours
    text:
      en: Hours until the plant drill's findings are closed
      ja: 工場の訓練の指摘が解消されるまでの時間 🏭
    perspective: internal_processes
    approaches: [iii]
    meti: [7, 8]
    direction: at_most
    target: 4.5
    unit: {en: hours, ja: 時間}
    frequency: quarterly
    owner: {en: Plant manager, ja: 工場長}
    indicator: lagging
    sp800_55: effectiveness
    computation:
      en: Hours from the end of the drill until its last finding is closed
      ja: 訓練の終了から最後の指摘が解消されるまでの時間
"""


def fill(target: str | Path) -> dict:
    """A store with a bit of everything; what a faithful copy must show."""
    with Store.open(target) as store:
        store.import_catalogue(load_catalogue_text(CATALOGUE))
        workshop = store.create_workshop(Workshop(id="w-1", name="名古屋 2026", created=T0, updated=T0))
        store.create(rich_session("s-rich"), workshop_id=workshop.id)
        store.create(minimal_session("s-min"))
        for n in range(3):
            store.create(bulk_session(n, 12), workshop_id=workshop.id)
        store.save_timers([StepTimer("s-rich", Step.SCORECARD, T0, paused_at=T0 + dt.timedelta(minutes=3))])
        return seen(store)


def seen(store: Store) -> dict:
    return {
        "sessions": {s.id: s for s in store.export_all()},
        "workshops": store.list_workshops(),
        "teams": store.team_rows("w-1"),
        "timers": store.get_timers("s-rich"),
        "catalogue": store.catalogue_entries().entries,
        "catalogue in use": [
            (e, store.catalogue().catalogue.origin(e.id) == store._repo.where) for e in store.catalogue().catalogue
        ],
    }


def copied(source: str | Path, destination: str | Path, **options):
    return copy_store(resolve_target(str(source)), resolve_target(str(destination)), **options)


def check_round_trip(tmp_path: Path, middle: str | Path) -> None:
    first, last = tmp_path / "first.sqlite3", tmp_path / "last.sqlite3"
    before = fill(first)
    there = copied(first, middle)
    back = copied(middle, last)
    assert there.digest == back.digest
    assert there.rows["session"] == 5 and there.rows["workshop"] == 1 and there.rows["step_timer"] == 1
    assert there.rows["catalogue_entry"] == back.rows["catalogue_entry"] == 2
    for target in (middle, last):
        with Store.open(target) as store:
            assert seen(store) == before


def test_sqlite_to_sqlite_and_back_keeps_everything(tmp_path: Path):
    check_round_trip(tmp_path, tmp_path / "middle.sqlite3")


def test_sqlite_to_postgresql_and_back_keeps_everything(tmp_path: Path, postgres_url: str):
    check_round_trip(tmp_path, postgres_url)


def test_a_destination_that_holds_anything_is_refused_and_left_alone(tmp_path: Path):
    source, destination = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    fill(source)
    with Store.open(destination) as store:
        store.create(minimal_session("s-theirs", title="Theirs"))
    with pytest.raises(DatabaseError, match=r"b\.sqlite3 is not empty \(1 session\).*--replace"):
        copied(source, destination)
    with Store.open(destination) as store:
        assert [s.id for s in store.list_sessions()] == ["s-theirs"]


def test_a_destination_holding_only_a_catalogue_is_not_empty(tmp_path: Path):
    source, destination = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    fill(source)
    with Store.open(destination) as store:
        store.import_catalogue(load_catalogue_text(CATALOGUE))
    with pytest.raises(DatabaseError, match=r"b\.sqlite3 is not empty \(2 catalogue entries\).*--replace"):
        copied(source, destination)


def test_the_digest_covers_the_catalogue(tmp_path: Path):
    from secsc_tui.core.store.copy import store_digest
    from secsc_tui.core.store.repository import open_repository

    source, destination = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    fill(source)
    result = copied(source, destination)
    with Store.open(destination) as store:
        store.import_catalogue(load_catalogue_text(CATALOGUE.replace("target: 4.5", "target: 5.5")))
    repository = open_repository(resolve_target(str(destination)))
    try:
        assert store_digest(repository) != result.digest
    finally:
        repository.close()


def test_replace_swaps_what_the_destination_held_for_the_copy(tmp_path: Path, postgres_url: str):
    source = tmp_path / "a.sqlite3"
    before = fill(source)
    with Store.open(postgres_url) as store:
        store.create(minimal_session("s-theirs", title="Theirs"))
    copied(source, postgres_url, replace=True)
    with Store.open(postgres_url) as store:
        assert seen(store) == before


def test_copying_a_database_onto_itself_is_refused(tmp_path: Path):
    source = tmp_path / "a.sqlite3"
    fill(source)
    with pytest.raises(DatabaseError, match="both the source and the destination"):
        copied(source, f"sqlite:///{source}")
