"""The method's rules: consistency, review warnings, recommendation, step guidance."""

from __future__ import annotations

import datetime as dt

import pytest

from secsc_tui.core.model import (
    ActionPlan,
    Approach,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    MapLink,
    Organisation,
    OrgSize,
    Participant,
    Regulation,
    Response,
    Sector,
    Session,
    Step,
)
from secsc_tui.core.rules import (
    averages,
    check_session,
    goals_without_action,
    missing_for_step,
    recommend_approach,
    review_warnings,
)
from secsc_tui.core.strategy_map import chains_from, find_cycles

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def linked_session() -> Session:
    """A small session where every goal is reached by an action through CSF and KPI."""
    s = Session(id="s1", title="t", created=T0, updated=T0)
    fin = s.scorecard.financial
    fin.goals = [Goal(id="g1", text="Quick response")]
    fin.csfs = [CriticalSuccessFactor(id="c1", text="Early detection", supports=["g1"])]
    fin.kpis = [Kpi(id="k1", measure="SOC→CSIRT time", direction="at_most", target=60, unit="min", owner="SOC")]
    fin.kpis[0].measures = ["c1"]
    fin.actions = [ActionPlan(id="a1", text="Organise detection info", moves=["k1"])]
    lg = s.scorecard.learning_growth
    lg.goals = [Goal(id="g2", text="Plus-security people")]
    s.strategy_map = [MapLink(cause="g2", effect="g1")]
    return s


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        (Organisation(regulation=Regulation.HEAVY), Approach.STEER),
        (Organisation(critical_infrastructure=True), Approach.STEER),
        (Organisation(sector=Sector.CRITICAL_INFRASTRUCTURE), Approach.STEER),
        (Organisation(sector=Sector.CRITICAL_INFRASTRUCTURE, partners_request_security=True), Approach.STEER),
        (Organisation(size=OrgSize.SME, regulation=Regulation.HEAVY, partners_request_security=True), Approach.STEER),
        # The paper keeps iii for heavy regulation: an SME under some rules whose partners ask
        # for security measures develops both strategies with equal weight.
        (Organisation(size=OrgSize.SME, regulation=Regulation.SOME, partners_request_security=True), Approach.EQUAL),
        (Organisation(regulation=Regulation.SOME), Approach.EQUAL),
        (Organisation(partners_request_security=True), Approach.EQUAL),
        (Organisation(sector=Sector.MANUFACTURING), Approach.ALIGN),
    ],
)
def test_recommendation_follows_the_documented_rule(org, expected):
    recommendation = recommend_approach(org)
    assert recommendation.approach is expected
    assert recommendation.reason


def test_recommendation_reason_names_the_cause():
    assert "heavily regulated" in recommend_approach(Organisation(regulation=Regulation.HEAVY)).reason
    assert "some regulation" in recommend_approach(Organisation(regulation=Regulation.SOME)).reason
    assert "critical infrastructure" in recommend_approach(Organisation(sector=Sector.CRITICAL_INFRASTRUCTURE)).reason
    assert "critical infrastructure" in recommend_approach(Organisation(critical_infrastructure=True)).reason
    assert "partners" in recommend_approach(Organisation(partners_request_security=True)).reason


def test_a_consistent_session_has_no_problems():
    assert check_session(linked_session()) == []


def test_duplicate_ids_are_reported_with_both_places():
    s = linked_session()
    s.scorecard.customer.goals = [Goal(id="c1", text="clashes with a CSF id")]
    [problem] = check_session(s)
    assert problem.path == "scorecard.customer.goals[0].id"
    assert "'c1' is used twice" in problem.message
    assert "scorecard.financial.csfs[0]" in problem.message


def test_dangling_and_wrong_kind_links():
    s = linked_session()
    s.scorecard.financial.csfs[0].supports = ["nope", "k1"]
    problems = check_session(s)
    assert [p.path for p in problems] == [
        "scorecard.financial.csfs[0].supports[0]",
        "scorecard.financial.csfs[0].supports[1]",
    ]
    assert "no strategy goal with that id" in problems[0].message
    assert "which is a KPI, not a strategy goal" in problems[1].message


def test_wrong_kind_names_each_kind_with_its_article():
    s = linked_session()
    s.scorecard.financial.kpis[0].measures = [s.scorecard.financial.actions[0].id]
    [problem] = check_session(s)
    assert "which is an action plan, not a critical success factor" in problem.message


def test_link_listed_twice():
    s = linked_session()
    s.scorecard.financial.actions[0].moves = ["k1", "k1"]
    [problem] = check_session(s)
    assert problem.path == "scorecard.financial.actions[0].moves[1]"


def test_strategy_map_self_link_duplicate_and_non_goal():
    s = linked_session()
    s.strategy_map += [
        MapLink(cause="g1", effect="g1"),
        MapLink(cause="g2", effect="g1"),
        MapLink(cause="k1", effect="g1"),
    ]
    messages = {p.path: p.message for p in check_session(s)}
    assert "its own cause" in messages["strategy_map[1]"]
    assert "listed twice" in messages["strategy_map[2]"]
    assert "which is a KPI" in messages["strategy_map[3].cause"]


def test_cycles_are_warnings_not_errors():
    s = linked_session()
    s.strategy_map.append(MapLink(cause="g1", effect="g2"))
    [problem] = check_session(s)
    assert problem.severity == "warning"
    assert "g1 → g2 → g1" in problem.message


def test_find_cycles_reports_each_cycle_once():
    links = [MapLink(cause=a, effect=b) for a, b in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "d")]]
    assert find_cycles(links) == [["a", "b", "c"], ["d"]]


def test_chains_run_up_to_the_end_and_cut_cycles():
    pairs = [("lg", "ip"), ("ip", "cu"), ("cu", "fi"), ("ip", "fi"), ("fi", "lg")]
    links = [MapLink(cause=a, effect=b) for a, b in pairs]
    assert chains_from("lg", links) == [["lg", "ip", "cu", "fi"], ["lg", "ip", "fi"]]
    assert chains_from("zz", links) == []


def test_review_warnings_on_a_thin_scorecard():
    s = linked_session()
    s.scorecard.financial.kpis.append(Kpi(id="k2", measure="Cost per incident"))
    messages = [w.message for w in review_warnings(s)]
    assert all(w.severity == "warning" for w in review_warnings(s))
    assert "no strategic goal has been chosen" in messages
    assert "no bridging approach has been chosen" in messages
    assert "the customer perspective has no KPI" in messages
    assert "the financial perspective has no KPI" not in messages
    # Items are named by their labels, as in the grid and on the map.
    assert "KPI F-K2 “Cost per incident” has no target" in messages
    assert "KPI F-K2 “Cost per incident” has no owner" in messages
    assert not any("SOC→CSIRT time" in m for m in messages)
    assert "goal L-G1 “Plus-security people” has no action plan that works towards it" in messages
    assert not any("Quick response" in m for m in messages)


def test_review_names_a_cycle_by_its_goals_labels():
    s = linked_session()
    s.strategy_map.append(MapLink(cause="g1", effect="g2"))
    messages = [w.message for w in review_warnings(s)]
    assert "the strategy map has a cycle: F-G1 → L-G1 → F-G1" in messages


def test_an_item_number_used_twice_in_a_list_is_an_error():
    s = linked_session()
    s.scorecard.learning_growth.goals.append(Goal(id="g3", number=1, text="the same number"))
    [problem] = check_session(s)
    assert problem.path == "scorecard.learning_growth.goals[1].number"
    assert "number 1 is used twice" in problem.message and "scorecard.learning_growth.goals[0]" in problem.message
    # The same number in another list or another perspective is another item's own.
    s.scorecard.learning_growth.goals[1].number = 2
    s.scorecard.learning_growth.csfs = [CriticalSuccessFactor(id="c2", number=1, text="csf")]
    assert check_session(s) == []


def test_more_than_twenty_goals_is_flagged():
    s = linked_session()
    s.scorecard.customer.goals = [Goal(id=f"x{i}", text=f"goal {i}") for i in range(20)]
    assert any("22 strategy goals" in w.message for w in review_warnings(s))


def test_goals_without_action_follows_the_chain():
    s = linked_session()
    assert goals_without_action(s) == ["g2"]
    s.scorecard.financial.actions[0].moves = []
    assert goals_without_action(s) == ["g1", "g2"]


def test_missing_for_step():
    s = linked_session()
    assert missing_for_step(s, Step.CONTEXT) == ["the organisation's name", "at least one participant"]
    s.organisation.name = "ACME"
    s.people.participants = [Participant(id="p1", name="Sato", layer="executive")]
    assert missing_for_step(s, Step.CONTEXT) == []
    assert missing_for_step(s, Step.STRATEGY_MAP) == []
    # One line for all the perspectives that lack something, short enough for the line under the header.
    assert missing_for_step(s, Step.GAP_ANALYSIS) == ["both sides' views for financial, customer, processes, learning"]
    assert missing_for_step(s, Step.REVIEW) == []


def test_averages_skip_missing_ratings():
    s = linked_session()
    assert averages(s) == (None, None)
    s.evaluation.responses = [
        Response(id="r1", usefulness=5, availability=4),
        Response(id="r2", usefulness=4),
        Response(id="r3", usefulness=4, availability=3),
    ]
    assert averages(s) == pytest.approx((13 / 3, 3.5))
