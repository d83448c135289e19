"""Grid changes keep links consistent."""

from __future__ import annotations

import datetime as dt

from secsc_tui.core import scorecard_ops as ops
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

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.timezone.utc)


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


def test_labels_and_cross_perspective_links():
    s = session()
    labels = ops.short_labels(s.scorecard)
    assert labels == {"g1": "G1", "g2": "G2", "g3": "G1", "c1": "C1", "k1": "K1", "a1": "A1"}
    assert ops.link_label(s.scorecard, labels, Perspective.FINANCIAL, "g3") == "C:G1"
    assert ops.link_label(s.scorecard, labels, Perspective.FINANCIAL, "g1") == "G1"


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
