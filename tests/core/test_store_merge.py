"""Saves that merge (Store.save_merging): a stale save lands field by field on a real SQLite file."""

from __future__ import annotations

import pytest
from factories import minimal_session
from helpers import empty_database

from secsc_tui.core.model import Column, Goal, Kpi, Perspective, Step
from secsc_tui.core.problems import SessionNotFound
from secsc_tui.core.scorecard_ops import delete_item, find, insert_item
from secsc_tui.core.store import Store

F = Perspective.FINANCIAL


@pytest.fixture
def store(database_target: str):
    """On SQLite, then the same merge on PostgreSQL."""
    with Store.open(database_target) as s:
        yield s


@pytest.fixture
def stored(store: Store):
    s = minimal_session("s-co", "Co-editing")
    s.scorecard[F].insert(Column.GOALS, 0, Goal(id="g-1", text="grow"))
    s.scorecard[F].insert(Column.KPIS, 0, Kpi(id="k-1", measure="reporting time", target=60, owner="SOC"))
    return store.create(s)


def kpi(session, item_id="k-1"):
    found = find(session.scorecard, item_id)
    return found[1] if found else None


def test_a_save_at_the_stored_revision_is_a_plain_save(store, stored):
    mine = stored.model_copy(deep=True)
    kpi(mine).owner = "CSIRT"
    outcome = store.save_merging(mine, stored)
    assert not outcome.merged
    assert outcome.session.revision == stored.revision + 1
    assert store.get("s-co") == outcome.session


def test_two_editors_on_different_fields_both_land_without_a_conflict(store, stored):
    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    kpi(alice).target = 30
    store.save_merging(alice, stored)
    kpi(bob).owner = "CSIRT"
    insert_item(bob, F, Column.GOALS, 1, Goal(id="g-b", text="trust"))
    outcome = store.save_merging(bob, stored)  # based on the revision alice moved on from
    assert outcome.merged
    assert outcome.conflicts == ()
    held = store.get("s-co")
    assert (kpi(held).target, kpi(held).owner) == (30, "CSIRT")
    assert [g.id for g in held.scorecard[F].goals] == ["g-1", "g-b"]
    assert held.revision == stored.revision + 2
    assert outcome.session == held


def test_the_same_field_keeps_the_stored_value_and_comes_back_as_a_conflict(store, stored):
    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    kpi(alice).target = 30
    store.save_merging(alice, stored, author="Alice")
    kpi(bob).target = 45
    bob.organisation.name = "ACME"
    outcome = store.save_merging(bob, stored, author="Bob")
    assert outcome.theirs_by == "Alice"
    assert store.last_saved_by("s-co") == "Bob"
    [conflict] = outcome.conflicts
    assert (conflict.path, conflict.mine, conflict.theirs) == ("scorecard.financial.kpis[k-1].target", 45, 30)
    held = store.get("s-co")
    assert kpi(held).target == 30
    assert held.organisation.name == "ACME"  # everything else flowed


def test_where_each_person_is_does_not_conflict(store, stored):
    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    alice.progress.current_step = Step.SCORECARD
    store.save_merging(alice, stored)
    bob.progress.current_step = Step.SCORECARD
    outcome = store.save_merging(bob, stored)
    assert outcome.conflicts == ()


def test_an_item_deleted_by_one_and_edited_by_the_other_is_kept(store, stored):
    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    delete_item(alice, "k-1")
    store.save_merging(alice, stored)
    kpi(bob).owner = "CSIRT"
    outcome = store.save_merging(bob, stored)
    [kept] = outcome.kept
    assert kept.deleted_by == "theirs"
    assert kpi(store.get("s-co")).owner == "CSIRT"


def test_a_deleted_session_is_not_found(store, stored):
    store.delete("s-co")
    with pytest.raises(SessionNotFound):
        store.save_merging(stored.model_copy(deep=True), stored)


def test_an_editor_keeps_its_value_on_screen_but_saves_none_over_theirs_until_it_decides(store, stored):
    from secsc_tui.core.coediting import CoEditing

    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    kpi(alice).target = 30
    store.save_merging(alice, stored)
    bob_side = CoEditing(stored)
    kpi(bob).target = 45
    snapshot = bob.model_copy(deep=True)
    outcome = store.save_merging(bob_side.outgoing(snapshot), bob_side.base)
    bob = bob_side.saved(outcome, snapshot, bob)
    [conflict] = bob_side.pending
    assert kpi(bob).target == 45  # still on Bob's screen
    bob.organisation.name = "ACME"  # Bob carries on elsewhere: that saves, the target does not
    outcome = store.save_merging(bob_side.outgoing(bob), bob_side.base)
    bob = bob_side.saved(outcome, bob.model_copy(deep=True), bob)
    held = store.get("s-co")
    assert (kpi(held).target, held.organisation.name) == (30, "ACME")
    bob_side.decided(conflict)  # Bob keeps his
    outcome = store.save_merging(bob_side.outgoing(bob), bob_side.base)
    assert kpi(store.get("s-co")).target == 45
    assert bob_side.pending == []


# -- a collected file that diverged from the database (lineage) --------------------------


def test_a_diverged_file_merges_field_by_field_with_the_database(store, stored):
    [exported] = store.export(["s-co"])  # the team's file, published from this database
    exported.organisation.name = "ACME"  # edited in the file (or in another database)
    here = store.get("s-co")
    kpi(here).owner = "CSIRT"  # and in this database meanwhile
    store.save(here)
    [outcome] = store.import_sessions([exported])
    assert outcome.status == "updated", outcome.detail
    assert "merged field by field" in outcome.detail
    held = store.get("s-co")
    assert (held.organisation.name, kpi(held).owner) == ("ACME", "CSIRT")
    # Both versions are now ancestors: either file coming again is older, not a conflict.
    [again] = store.import_sessions([exported])
    assert again.status == "unchanged"


def test_a_diverged_file_is_refused_only_for_the_fields_both_changed(store, stored):
    [exported] = store.export(["s-co"])
    exported.organisation.name = "ACME"
    kpi(exported).target = 45
    here = store.get("s-co")
    kpi(here).target = 30
    store.save(here)
    [outcome] = store.import_sessions([exported])
    assert outcome.status == "conflict"
    assert [(d.path, d.stored, d.incoming) for d in outcome.differences] == [
        ("scorecard.financial.kpis[k-1].target", 30, 45)
    ]
    assert store.get("s-co").organisation.name == ""  # nothing written
    [forced] = store.import_sessions([exported], force=True)
    assert forced.status == "updated"
    assert kpi(store.get("s-co")).target == 45


def test_without_the_common_versions_content_a_diverged_file_is_still_refused_whole(store, stored, tmp_path):
    [exported] = store.export(["s-co"])
    exported.organisation.name = "ACME"
    other_db = empty_database(tmp_path / "other.sqlite3")  # a database that never held the common version
    with Store.open(other_db) as other:
        here = store.get("s-co")
        here.history = exported.history[1:]  # it knows no version that it kept
        kpi(here).owner = "CSIRT"
        other.create(here)
        [outcome] = other.import_sessions([exported])
    assert outcome.status == "conflict"
    assert {d.path for d in outcome.differences} >= {"organisation.name", "scorecard.financial.kpis[k-1].owner"}


def test_both_are_told_when_an_item_deleted_by_one_and_edited_by_the_other_is_kept(store, stored):
    from secsc_tui.core.coediting import CoEditing

    alice_side, bob_side = CoEditing(stored), CoEditing(stored)
    alice, bob = stored.model_copy(deep=True), stored.model_copy(deep=True)
    delete_item(alice, "k-1")
    snapshot = alice.model_copy(deep=True)
    alice = alice_side.saved(store.save_merging(alice_side.outgoing(snapshot), alice_side.base), snapshot, alice)
    kpi(bob).owner = "CSIRT"
    snapshot = bob.model_copy(deep=True)
    outcome = store.save_merging(bob_side.outgoing(snapshot), bob_side.base)
    assert [k.deleted_by for k in outcome.kept] == ["theirs"]  # Bob is told by his save
    alice = alice_side.arrived(store.get("s-co"), alice)  # Alice, by her next poll
    assert kpi(alice).owner == "CSIRT"
    assert [text.split(" ≥")[0] for text in alice_side.came_back] == ["reporting time"]
