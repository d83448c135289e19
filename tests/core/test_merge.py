"""Three-way merge of sessions (core/merge.py): examples, then editors interleaved at random."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pytest
from factories import minimal_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secsc_tui.core.merge import ORDER, choose, merge
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    MapLink,
    Perspective,
    Session,
    Step,
)
from secsc_tui.core.scorecard_ops import delete_item, find, insert_item, move_item

F = Perspective.FINANCIAL


def base_session() -> Session:
    s = minimal_session("s-merge", "Merge")
    card = s.scorecard[F]
    for gid in ("g-1", "g-2", "g-3"):
        card.insert(Column.GOALS, len(card.goals), Goal(id=gid, text=f"goal {gid}"))
    card.insert(Column.CSFS, 0, CriticalSuccessFactor(id="c-1", text="csf", supports=["g-1"]))
    card.insert(Column.KPIS, 0, Kpi(id="k-1", measure="reporting time", target=60, owner="SOC", measures=["c-1"]))
    card.insert(Column.ACTIONS, 0, ActionPlan(id="a-1", text="drill", moves=["k-1"]))
    s.strategy_map.append(MapLink(cause="g-1", effect="g-2"))
    return s


def copy(s: Session) -> Session:
    return s.model_copy(deep=True)


def item(s: Session, item_id: str) -> Any:
    found = find(s.scorecard, item_id)
    return found[1] if found else None


def ids(s: Session, column: Column, perspective: Perspective = F) -> list[str]:
    return [x.id for x in s.scorecard[perspective].column(column)]


# -- examples -----------------------------------------------------------------------


def test_different_fields_of_one_kpi_both_land():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    item(mine, "k-1").target = 30
    item(theirs, "k-1").owner = "CSIRT"
    result = merge(base, mine, theirs)
    assert result.clean
    assert (item(result.session, "k-1").target, item(result.session, "k-1").owner) == (30, "CSIRT")


def test_same_field_changed_differently_is_one_conflict_with_both_values():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    item(mine, "k-1").target = 30
    item(theirs, "k-1").target = 45
    item(theirs, "g-2").text = "grow"  # elsewhere: merges
    result = merge(base, mine, theirs)
    [conflict] = result.conflicts
    assert conflict.path == "scorecard.financial.kpis[k-1].target"
    assert (conflict.base, conflict.mine, conflict.theirs, conflict.item) == (60, 30, 45, "reporting time")
    assert item(result.session, "k-1").target == 45  # the stored value holds until someone decides
    assert item(result.session, "g-2").text == "grow"
    assert item(merge(base, mine, theirs, prefer="mine").session, "k-1").target == 30
    choose(result.session, conflict, conflict.mine)
    assert item(result.session, "k-1").target == 30


def test_same_change_on_both_sides_is_no_conflict():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    item(mine, "g-1").text = item(theirs, "g-1").text = "same"
    assert merge(base, mine, theirs).clean


def test_items_added_on_both_sides_are_all_kept_with_their_own_numbers():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    insert_item(mine, F, Column.GOALS, 1, Goal(id="g-m", text="mine"))
    insert_item(theirs, F, Column.GOALS, 3, Goal(id="g-t", text="theirs"))
    assert item(mine, "g-m").number == item(theirs, "g-t").number == 4  # both took the next number
    result = merge(base, mine, theirs)
    assert result.clean
    assert ids(result.session, Column.GOALS) == ["g-1", "g-m", "g-2", "g-3", "g-t"]
    assert item(result.session, "g-t").number == 4  # the stored one keeps its number
    assert item(result.session, "g-m").number == 5


def test_item_deleted_by_one_and_edited_by_the_other_is_kept_and_reported():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    delete_item(mine, "k-1")
    item(theirs, "k-1").owner = "CSIRT"
    result = merge(base, mine, theirs)
    assert result.clean
    assert item(result.session, "k-1").owner == "CSIRT"
    [kept] = result.kept
    assert (kept.deleted_by, kept.item, kept.where[-1]) == ("mine", "reporting time", "[k-1]")
    # The other way round.
    result = merge(base, theirs, mine)
    assert item(result.session, "k-1").owner == "CSIRT"
    assert result.kept[0].deleted_by == "theirs"


def test_item_deleted_by_one_and_untouched_by_the_other_is_gone_with_its_links():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    delete_item(mine, "g-1")
    item(theirs, "k-1").owner = "CSIRT"
    result = merge(base, mine, theirs)
    assert item(result.session, "g-1") is None
    assert item(result.session, "c-1").supports == []
    assert result.session.strategy_map == []


def test_a_link_to_an_item_the_other_side_deleted_is_dropped():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    item(mine, "c-1").supports.append("g-3")
    delete_item(theirs, "g-3")
    result = merge(base, mine, theirs)
    assert item(result.session, "g-3") is None
    assert item(result.session, "c-1").supports == ["g-1"]
    assert result.dropped_links == 1


def test_linking_and_unlinking_on_both_sides_merge():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    item(mine, "c-1").supports.append("g-2")
    item(theirs, "c-1").supports.remove("g-1")
    item(theirs, "c-1").supports.append("g-3")
    mine.strategy_map.append(MapLink(cause="g-2", effect="g-3"))
    theirs.strategy_map.clear()
    result = merge(base, mine, theirs)
    assert result.clean
    assert sorted(item(result.session, "c-1").supports) == ["g-2", "g-3"]
    assert result.session.strategy_map == [MapLink(cause="g-2", effect="g-3")]


def test_a_reorder_on_one_side_merges_with_an_add_on_the_other():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    move_item(mine, "g-3", -1)
    move_item(mine, "g-3", -1)  # g-3 g-1 g-2
    insert_item(theirs, F, Column.GOALS, 1, Goal(id="g-t", text="after g-1"))
    result = merge(base, mine, theirs)
    assert result.clean
    assert ids(result.session, Column.GOALS) == ["g-3", "g-1", "g-t", "g-2"]


def test_two_different_reorders_of_one_cell_are_a_conflict_on_its_order():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    move_item(mine, "g-1", +1)  # g-2 g-1 g-3
    move_item(theirs, "g-3", -1)  # g-1 g-3 g-2
    result = merge(base, mine, theirs)
    [conflict] = result.conflicts
    assert conflict.where[-1] == ORDER
    assert conflict.path == "scorecard.financial.goals (order)"
    assert ids(result.session, Column.GOALS) == ["g-1", "g-3", "g-2"]
    choose(result.session, conflict, conflict.mine)
    assert ids(result.session, Column.GOALS) == ["g-2", "g-1", "g-3"]


def test_where_each_person_is_never_conflicts_and_stays_theirs_own():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    mine.progress.current_step = Step.SCORECARD
    theirs.progress.current_step = Step.STRATEGY_MAP
    result = merge(base, mine, theirs)
    assert result.clean
    assert result.session.progress.current_step is Step.SCORECARD


def test_bookkeeping_is_the_stored_versions_and_steps_done_are_recomputed():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    theirs.revision = 7
    theirs.history = ["0123456789abcdef"]
    mine.organisation.name = "ACME"
    mine.progress.done = [Step.REVIEW]  # stale: recomputed from content
    result = merge(base, mine, theirs)
    assert result.session.revision == 7
    assert result.session.history == ["0123456789abcdef"]
    assert Step.REVIEW not in result.session.progress.done


def test_deleting_different_items_of_a_column_remembers_the_highest_number():
    base = base_session()
    mine, theirs = copy(base), copy(base)
    delete_item(mine, "g-3")  # number 3
    delete_item(theirs, "g-2")
    result = merge(base, mine, theirs)
    assert result.clean
    assert ids(result.session, Column.GOALS) == ["g-1"]
    insert_item(result.session, F, Column.GOALS, 1, Goal(id="g-n", text="new"))
    assert item(result.session, "g-n").number == 4  # 3 is never given again


# -- editors interleaved at random ------------------------------------------------------

EDITORS = 4
SHARED_FIELDS = [
    ("g-1", "text"),
    ("g-2", "text"),
    ("c-1", "text"),
    ("k-1", "measure"),
    ("k-1", "target"),
    ("k-1", "owner"),
    ("a-1", "owner"),
    ("organisation", "name"),
    ("strategic_goal", "title"),
]
SHARED_LINKS = [("c-1", "g-1"), ("c-1", "g-2"), ("c-1", "g-3")]


def world() -> Session:
    """The base session plus, per editor, a goal and a KPI that only that editor touches."""
    s = base_session()
    card = s.scorecard[Perspective.CUSTOMER]
    for e in range(EDITORS):
        card.insert(Column.GOALS, len(card.goals), Goal(id=f"g-own{e}", text=f"own goal {e}"))
        card.insert(Column.KPIS, len(card.kpis), Kpi(id=f"k-own{e}", measure=f"own kpi {e}"))
    return s


def set_field(s: Session, target: str, name: str, value: Any) -> bool:
    obj = getattr(s, target) if target in ("organisation", "strategic_goal") else item(s, target)
    if obj is None:
        return False
    setattr(obj, name, value)
    return True


op = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(SHARED_FIELDS)),
    st.tuples(st.just("set_own"), st.sampled_from(["goal", "kpi"])),
    st.tuples(st.just("add"), st.sampled_from([Perspective.FINANCIAL, Perspective.CUSTOMER]), st.integers(0, 9)),
    st.tuples(st.just("edit_new"), st.integers(0, 5)),
    st.tuples(st.just("delete_own"), st.sampled_from(["goal", "kpi"])),
    st.tuples(st.just("link"), st.sampled_from(SHARED_LINKS), st.booleans()),
    st.tuples(st.just("move"), st.sampled_from(["g-1", "g-2", "g-3"]), st.sampled_from([-1, 1])),
    st.just(("save",)),
)


class Editor:
    def __init__(self, number: int, stored: Session):
        self.number = number
        self.base = copy(stored)
        self.local = copy(stored)
        self.counter = 0
        self.added: list[tuple[str, Perspective]] = []

    def value(self) -> str:
        self.counter += 1
        return f"e{self.number}-{self.counter}"


class Run:
    """A database holding one session, editors that save into it by merging, and what each wrote."""

    def __init__(self, editors: int):
        self.stored = world()
        self.editors = [Editor(e, self.stored) for e in range(editors)]
        self.writes: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)  # field -> (editor, value)
        self.links: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
        self.deleted: set[str] = set()
        self.conflicts = 0

    def apply(self, e: int, step: tuple[Any, ...]) -> None:
        ed = self.editors[e]
        s = ed.local
        kind = step[0]
        if kind == "save":
            self.save(ed)
        elif kind == "set":
            (target, name) = step[1]
            value: Any = ed.counter + 1000 * (e + 1) if name == "target" else ed.value()
            ed.counter += name == "target"
            set_field(s, target, name, value)
            self.writes[(target, name)].append((e, value))
        elif kind == "set_own":
            target = f"{'g' if step[1] == 'goal' else 'k'}-own{e}"
            name = "text" if step[1] == "goal" else "measure"
            value = ed.value()
            if set_field(s, target, name, value):
                self.writes[(target, name)].append((e, value))
        elif kind == "add":
            new_id = f"g-new{e}x{len(ed.added)}"
            goals = s.scorecard[step[1]].goals
            insert_item(s, step[1], Column.GOALS, min(step[2], len(goals)), Goal(id=new_id, text=ed.value()))
            ed.added.append((new_id, step[1]))
            self.writes[(new_id, "text")].append((e, item(s, new_id).text))
        elif kind == "edit_new" and step[1] < len(ed.added):
            new_id = ed.added[step[1]][0]
            value = ed.value()
            set_field(s, new_id, "text", value)
            self.writes[(new_id, "text")].append((e, value))
        elif kind == "delete_own":
            target = f"{'g' if step[1] == 'goal' else 'k'}-own{e}"
            if delete_item(s, target) is not None:
                self.deleted.add(target)
        elif kind == "link":
            (source, goal), on = step[1], step[2]
            links = item(s, source).supports
            if on and goal not in links:
                links.append(goal)
            elif not on and goal in links:
                links.remove(goal)
            self.links[(source, goal)].append((e, on))
        elif kind == "move":
            move_item(s, step[1], step[2])

    def save(self, ed: Editor) -> None:
        result = merge(ed.base, ed.local, self.stored)  # a conflict keeps the stored value (decided later)
        self.conflicts += len(result.conflicts)
        result.session.revision += 1
        self.stored = copy(result.session)
        ed.base = copy(result.session)
        ed.local = copy(result.session)

    def check(self) -> None:
        final = self.stored
        Session.model_validate(final.model_dump())  # it reads back
        for (target, name), writes in self.writes.items():
            if target in self.deleted:
                continue  # its only editor edited it, then deleted it
            writers = {e for e, _value in writes}
            value = getattr(final, target) if target in ("organisation", "strategic_goal") else item(final, target)
            assert value is not None, f"{target} is lost"
            value = getattr(value, name)
            if len(writers) == 1:
                assert value == writes[-1][1], f"{target}.{name}: {value!r}, written {writes!r}"
            else:
                assert value in {v for _e, v in writes}, f"{target}.{name}: {value!r}, written {writes!r}"
        for (source, goal), toggles in self.links.items():
            if len({e for e, _on in toggles}) == 1:
                assert (goal in item(final, source).supports) == toggles[-1][1]
        for target in self.deleted:
            assert item(final, target) is None, f"{target} was deleted by its only editor"
        for ed in self.editors:
            for new_id, perspective in ed.added:
                assert new_id in ids(final, Column.GOALS, perspective)
        for perspective in Perspective:
            for column in Column:
                numbers = [x.number for x in final.scorecard[perspective].column(column)]
                assert len(numbers) == len(set(numbers)), f"{perspective} {column}: numbers {numbers}"
        all_ids = [x.id for card in (final.scorecard[p] for p in Perspective) for c in Column for x in card.column(c)]
        assert len(all_ids) == len(set(all_ids))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    editors=st.integers(2, EDITORS),
    schedule=st.lists(st.tuples(st.integers(0, EDITORS - 1), op), max_size=60),
)
def test_random_interleavings_keep_every_edit_that_was_not_a_true_conflict(editors, schedule):
    run = Run(editors)
    for e, step in schedule:
        run.apply(e % editors, step)
    for ed in run.editors:  # everyone saves at the end
        run.save(ed)
    run.check()


def content(s: Session) -> dict[str, Any]:
    data = s.model_dump(mode="json", exclude={"revision", "updated"})
    for card in data["scorecard"].values():
        for column in Column:
            for x in card[column.value]:
                x.pop("number")  # given per save order to items added at once (both stay unique)
        card.pop("last_numbers")
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    editors=st.integers(2, EDITORS),
    edits=st.lists(st.tuples(st.integers(0, EDITORS - 1), op.filter(lambda o: o[0] != "save")), max_size=40),
)
def test_edits_saved_in_any_order_converge_to_one_session(editors, edits):
    """Editors edit from one base, then save one after another: every order gives the same session.

    Only edits that do not conflict (different fields, links and cells reordered by one editor):
    with a conflict the stored value holds, so the order decides until someone chooses.
    """
    touched: dict[Any, set[int]] = defaultdict(set)
    for e, step in edits:
        if step[0] in ("set", "link", "move"):
            touched["order" if step[0] == "move" else step[1]].add(e % editors)
    if any(len(who) > 1 for who in touched.values()):
        edits = [(e, s) for e, s in edits if s[0] not in ("set", "link", "move")]
    results = []
    for order in itertools.permutations(range(editors)):
        run = Run(editors)
        for e, step in edits:
            run.apply(e % editors, step)
        for e in order:
            run.save(run.editors[e])
        assert run.conflicts == 0
        run.check()
        results.append(content(run.stored))
    for other in results[1:]:
        assert other == results[0]


@pytest.mark.parametrize("deleter", ["mine", "theirs"])
def test_a_kept_item_keeps_its_place(deleter):
    base = base_session()
    a, b = copy(base), copy(base)
    delete_item(a, "g-2")
    item(b, "g-2").text = "edited"
    mine, theirs = (a, b) if deleter == "mine" else (b, a)
    assert ids(merge(base, mine, theirs).session, Column.GOALS) == ["g-1", "g-2", "g-3"]
