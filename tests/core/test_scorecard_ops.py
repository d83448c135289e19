"""Grid changes keep links and item numbers consistent; items are labelled by their numbers."""

from __future__ import annotations

import datetime as dt

from secsc_tui.core import scorecard_ops as ops
from secsc_tui.core.labels import item_labels
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    MapLink,
    Perspective,
    Session,
)
from secsc_tui.core.rules import check_session

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def session() -> Session:
    s = Session(id="s", title="t", created=T0, updated=T0)
    fin, cus = s.scorecard.financial, s.scorecard.customer
    fin.goals = [Goal(id="g1", text="one"), Goal(id="g2", text="two")]
    cus.goals = [Goal(id="g3", text="three")]
    fin.csfs = [CriticalSuccessFactor(id="c1", text="c", supports=["g1", "g3"])]
    fin.kpis = [Kpi(id="k1", measure="m", measures=["c1"])]
    fin.actions = [ActionPlan(id="a1", text="a", moves=["k1"])]
    s.strategy_map = [MapLink(cause="g3", effect="g1")]
    return s


def test_delete_removes_every_link_to_the_item():
    s = session()
    removed = ops.delete_item(s, "g1")
    assert removed.text == "one"
    assert s.scorecard.financial.csfs[0].supports == ["g3"]
    assert s.strategy_map == []
    assert check_session(s) == []
    ops.delete_item(s, "c1")
    assert s.scorecard.financial.kpis[0].measures == []
    assert ops.delete_item(s, "nope") is None


def test_move_within_the_cell_only():
    s = session()
    assert ops.move_item(s, "g2", -1)
    assert [g.id for g in s.scorecard.financial.goals] == ["g2", "g1"]
    assert not ops.move_item(s, "g2", -1)
    assert not ops.move_item(s, "g3", 1)


def test_labels_name_perspective_column_and_number_and_never_collide():
    s = session()
    labels = item_labels(s.scorecard)
    assert labels == {"g1": "F-G1", "g2": "F-G2", "g3": "Cu-G1", "c1": "F-C1", "k1": "F-K1", "a1": "F-A1"}
    # The customer perspective's goal 1 and the financial CSF 1 were both "C1" (map and grid).
    s.scorecard.customer.csfs = [CriticalSuccessFactor(id="c2", text="customer csf")]
    labels = item_labels(s.scorecard)
    assert len(set(labels.values())) == len(labels)
    assert labels["c2"] == "Cu-C1"


def test_labels_do_not_change_when_items_are_added_moved_or_deleted():
    s = session()
    before = item_labels(s.scorecard)
    ops.insert_item(s, Perspective.FINANCIAL, Column.GOALS, 0, Goal(id="g-new", text="inserted first"))
    assert ops.move_item(s, "g2", -1)
    ops.delete_item(s, "g1")
    after = item_labels(s.scorecard)
    assert after["g2"] == before["g2"] == "F-G2"
    assert after["g3"] == before["g3"]
    assert after["g-new"] == "F-G3"  # the next number, whatever its place in the list


def test_a_deleted_items_number_is_never_given_again():
    s = session()
    ops.delete_item(s, "g2")  # the highest goal number of financial
    ops.insert_item(s, Perspective.FINANCIAL, Column.GOALS, 1, Goal(id="g-new", text="new"))
    assert item_labels(s.scorecard)["g-new"] == "F-G3"
    # Undoing the deletion (the editor restores a copy) brings back G2 itself.
    s2 = session()
    copy = s2.model_copy(deep=True)
    ops.delete_item(s2, "g2")
    assert item_labels(copy.scorecard)["g2"] == "F-G2"


def test_an_edited_item_keeps_its_number():
    s = session()
    ops.replace_item(s, Goal(id="g2", text="two, reworded"))  # a form returns the item without its number
    assert s.scorecard.financial.goals[1].number == 2
    assert item_labels(s.scorecard)["g2"] == "F-G2"


def test_links_up_and_down():
    s = session()
    assert ops.linked_down(s, "g1", Column.GOALS) == ["c1"]
    ops.set_links_down(s, "g2", ["c1"])
    assert s.scorecard.financial.csfs[0].supports == ["g1", "g3", "g2"]
    ops.set_links_down(s, "g1", [])
    assert s.scorecard.financial.csfs[0].supports == ["g3", "g2"]
    ops.set_links_up(s, "a1", [])
    assert s.scorecard.financial.actions[0].moves == []
    assert ops.count_items(s) == 6
