"""Lineage of session versions: digests, histories, and what an import does with them.

The unit tests pin the rules; the property test plays random days of three
databases exchanging files and checks that nothing a team saved is ever lost
without a conflict being reported.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from factories import minimal_session, rich_session
from helpers import empty_database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secsc_tui.core.lineage import (
    MAX_HISTORY,
    Relation,
    Version,
    content_digest,
    newest,
    published_history,
    relate,
    version_of,
)
from secsc_tui.core.model import Goal, Step
from secsc_tui.core.session_diff import differences
from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import dump_session, load_sessions, read_sessions_file
from secsc_tui.resources import sample_session_files

# -- digests --------------------------------------------------------------------------


def test_the_digest_ignores_bookkeeping_but_not_content():
    s = rich_session()
    base = content_digest(s)
    assert len(base) == 16 and int(base, 16) >= 0
    for bookkeeping in (
        {"revision": 99},
        {"updated": s.updated.replace(year=2030)},
        {"history": []},
        {"progress": s.progress.model_copy(update={"current_step": Step.CONTEXT})},
    ):
        assert content_digest(s.model_copy(update=bookkeeping)) == base, bookkeeping
    for content in (
        {"title": "other"},
        {"created": s.created.replace(year=2020)},
        {"progress": s.progress.model_copy(update={"done": []})},
    ):
        assert content_digest(s.model_copy(update=content)) != base, content


def test_the_digest_survives_a_yaml_round_trip_and_fields_at_their_default():
    for path in sample_session_files():
        [s] = read_sessions_file(path)
        [back] = load_sessions(dump_session(s.model_copy(update={"revision": 3})))
        assert content_digest(back) == content_digest(s)
    # A field at its default counts as absent: a field added to the model later, with a
    # default, does not change the digest of content written before it existed.
    bare = minimal_session()
    assert content_digest(bare) == content_digest(minimal_session(organisation={"notes": ""}))


# -- versions and relations -------------------------------------------------------------


def test_a_file_exported_as_is_and_a_file_corrected_by_hand():
    s = minimal_session()
    exported = s.model_copy(update={"history": published_history(version_of(s))})
    v = version_of(exported)
    assert (v.digest, v.ancestors, v.hand_edited) == (content_digest(s), (), False)
    corrected = exported.model_copy(update={"title": "Corrected"})
    c = version_of(corrected)
    assert c.hand_edited and c.ancestors == (v.digest,)
    assert relate(c, v) is Relation.NEWER and relate(v, c) is Relation.OLDER
    assert relate(v, version_of(s)) is Relation.SAME
    other = version_of(exported.model_copy(update={"title": "Other correction"}))
    assert relate(c, other) is Relation.DIVERGED


def test_published_history_is_bounded_and_keeps_the_newest():
    version = Version("a" * 16, tuple(f"{i:016x}" for i in range(MAX_HISTORY + 10)))
    history = published_history(version, ["f" * 16])
    assert len(history) == MAX_HISTORY and history[:2] == ["a" * 16, f"{0:016x}"]


def test_newest_of_several_copies():
    a = Version("a" * 16, ())
    b = Version("b" * 16, ("a" * 16,))
    c = Version("c" * 16, ("a" * 16,))
    assert newest([a, b]) == ([1], [0])
    assert newest([b, a, b]) == ([0], [1, 2])  # an identical copy later in the list is the older one
    assert newest([a, b, c]) == ([1, 2], [0])  # b and c diverged
    loop = [Version("a" * 16, ("b" * 16,)), Version("b" * 16, ("a" * 16,))]
    assert newest(loop) == ([0, 1], [])  # each claims the other: undecidable, so a conflict


# -- the field-level difference -------------------------------------------------------


def test_differences_item_by_item_with_both_values():
    held, file = rich_session(), rich_session()
    file.scorecard.financial.kpis[0].target = 45
    file.scorecard.financial.goals.append(Goal(id="g-new", text="A new goal"))
    file.scorecard.customer.goals = []
    file.progress.current_step = Step.CONTEXT  # not content
    found = {d.path: d for d in differences(held, file)}
    assert set(found) == {
        "scorecard.financial.kpis[k-time].target",
        "scorecard.financial.goals[g-new]",
        "scorecard.customer.goals[g-cust]",
    }
    target = found["scorecard.financial.kpis[k-time].target"]
    assert (target.stored, target.incoming) == (60, 45)
    assert str(target) == ("scorecard.financial.kpis[k-time].target (SOC→CSIRT reporting time): database 60, file 45")
    assert str(found["scorecard.financial.goals[g-new]"]).endswith('database (not there), file "A new goal"')
    assert str(found["scorecard.customer.goals[g-cust]"]).endswith('database "信頼される会社", file (not there)')


# -- imports through the store ------------------------------------------------------


@pytest.fixture
def stores(tmp_path: Path):
    opened = [Store.open(empty_database(tmp_path / f"db{i}.sqlite3")) for i in range(3)]
    yield opened
    for store in opened:
        store.close()


def edit(store: Store, session_id: str, title: str):
    return store.save(store.get(session_id).model_copy(update={"title": title}))


def import_text(store: Store, text: str, force: bool = False):
    [outcome] = store.import_sessions(load_sessions(text), force=force)
    return outcome


def export_text(store: Store, session_id: str) -> str:
    return dump_session(store.export([session_id])[0])


def test_a_newer_file_from_a_team_is_an_update_not_a_conflict(stores):
    team, trainer, _ = stores
    team.create(minimal_session("t5", "Team 5"))
    for i in range(4):
        edit(team, "t5", f"Team 5, save {i}")
    assert import_text(trainer, export_text(team, "t5")).status == "added"
    edit(team, "t5", "Team 5, once more")
    outcome = import_text(trainer, export_text(team, "t5"))
    assert outcome.status == "updated" and "is newer" in outcome.detail
    assert trainer.get("t5").title == "Team 5, once more"


def test_a_hand_correction_of_a_collected_file_is_an_update(stores):
    team, trainer, _ = stores
    team.create(minimal_session("t5", "Team 5"))
    file = export_text(team, "t5")
    assert import_text(trainer, file).status == "added"
    corrected = file.replace("title: Team 5", "title: Team 5 (corrected)")
    outcome = import_text(trainer, corrected)
    assert outcome.status == "updated" and "corrected by hand" in outcome.detail
    assert import_text(trainer, corrected).status == "unchanged"  # collecting again is safe
    assert import_text(trainer, file).detail == "the database already has a newer version"


def test_both_changed_is_a_conflict_with_the_fields_and_nothing_is_overwritten(stores):
    team, trainer, _ = stores
    team.create(minimal_session("t5", "Team 5"))
    import_text(trainer, export_text(team, "t5"))
    edit(trainer, "t5", "Trainer's title")
    edit(team, "t5", "Team's title")
    newer = export_text(team, "t5")
    outcome = import_text(trainer, newer)
    assert outcome.status == "conflict"
    assert [str(d) for d in outcome.differences] == ['title: database "Trainer\'s title", file "Team\'s title"']
    assert trainer.get("t5").title == "Trainer's title"
    forced = import_text(trainer, newer, force=True)
    assert forced.status == "updated" and trainer.get("t5").title == "Team's title"
    # The replaced version is now an ancestor: an old copy of it is no second conflict.
    assert import_text(trainer, newer).status == "unchanged"


def test_same_content_is_unchanged_whatever_the_counters_say(stores):
    a, b, _ = stores
    a.create(minimal_session("s", "Same", revision=9))
    b.create(minimal_session("s", "Same", revision=2))
    outcome = import_text(b, export_text(a, "s"))
    assert (outcome.status, b.get("s").revision) == ("unchanged", 2)


def test_a_file_written_before_histories_keeps_importing(stores):
    store, _, _ = stores
    store.create(minimal_session("old", "Old", revision=3))
    legacy = dump_session(minimal_session("old", "Old, edited", revision=3))
    assert "history: []" in legacy
    assert import_text(store, legacy).status == "updated"  # based on the revision the database has
    stale = dump_session(minimal_session("old", "Old, other edit", revision=3))
    conflict = import_text(store, stale)
    assert conflict.status == "conflict" and "no history" in conflict.detail


def test_saving_does_not_touch_the_history_and_exporting_records_it(stores):
    store, _, _ = stores
    store.create(minimal_session("s", "S"))
    [exported] = store.export(["s"])
    assert store.get("s").history == exported.history == [content_digest(exported)]
    saved = edit(store, "s", "S2")
    assert store.get("s").history == exported.history and saved.revision == 1
    # An editor exporting what it has not saved: the file says so, the database does not.
    unsaved = store.get("s").model_copy(update={"title": "S3"})
    published = store.publish(unsaved)
    assert published.history[0] == content_digest(unsaved)
    assert store.get("s").history == exported.history


# -- the property: three databases, random edits, exports and imports -------------------

DATABASES = 3
step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, DATABASES - 1)),
    st.tuples(st.just("export"), st.integers(0, DATABASES - 1)),
    st.tuples(st.just("import"), st.integers(0, DATABASES - 1), st.integers(0, 50)),
    st.tuples(st.just("correct"), st.integers(0, 50)),  # a file edited by hand
    st.tuples(st.just("force"), st.integers(0, DATABASES - 1), st.integers(0, 50)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=1, max_size=25))
def test_nothing_a_team_saved_is_lost_without_a_conflict(tmp_path_factory, steps):
    """Every version has a unique title; the test keeps the true family tree beside the stores.

    After each import, without --force: "updated" only when the file truly descends
    from the database's version, "unchanged" only when the database's version is the
    file's or descends from it; otherwise a conflict, and the database is untouched.
    Within the history bound, and until a --force resolution muddles the family
    tree, no false conflicts either.
    """
    folder = tmp_path_factory.mktemp("three")
    stores = [Store.open(empty_database(folder / f"{i}.sqlite3")) for i in range(DATABASES)]
    counter = itertools.count()
    parents: dict[str, set[str]] = {}  # title -> titles it was made from

    def ancestors(title: str) -> set[str]:
        seen, todo = set(), [title]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    try:
        origin = minimal_session("s", "v0")
        parents["v0"] = set()
        stores[0].create(origin)
        files: list[str] = []  # texts of exported (and corrected) files
        forced = False
        # Versions a --force replaced, with their ancestors: the user chose to drop them, so a
        # stale copy of one coming back later is "unchanged" by design (see core/lineage.py).
        discarded: set[str] = set()
        for action, *args in steps:
            if action == "edit":
                store = stores[args[0]]
                if store.count_sessions():
                    before = store.get("s").title
                    title = f"v{next(counter) + 1}"
                    parents[title] = {before}
                    edit(store, "s", title)
            elif action == "export":
                if stores[args[0]].count_sessions():
                    files.append(export_text(stores[args[0]], "s"))
            elif action == "correct" and files:
                text = files[args[0] % len(files)]
                [s] = load_sessions(text)
                title = f"v{next(counter) + 1}"
                parents[title] = {s.title}
                files.append(text.replace(f"title: {s.title}\n", f"title: {title}\n", 1))
            elif action in ("import", "force") and files:
                store = stores[args[0]]
                text = files[args[1] % len(files)]
                [incoming] = load_sessions(text)
                held = store.get("s").title if store.count_sessions() else None
                outcome = import_text(store, text, force=action == "force")
                now = store.get("s").title
                if action == "force":
                    if outcome.status == "updated" and held not in ancestors(incoming.title):
                        forced = True
                        discarded |= {held} | ancestors(held)
                    continue
                file_line = ancestors(incoming.title) | {incoming.title}
                if outcome.status == "added":
                    assert held is None
                elif outcome.status == "updated":
                    assert held in ancestors(incoming.title) | discarded, (held, incoming.title)
                    assert now == incoming.title
                elif outcome.status == "unchanged":
                    assert incoming.title in ancestors(held) | {held} | discarded, (held, incoming.title)
                    assert now == held
                else:
                    assert outcome.status == "conflict" and now == held
                    if not forced:  # no false conflict: neither descends from the other
                        assert held not in file_line and incoming.title not in ancestors(held)
    finally:
        for store in stores:
            store.close()
