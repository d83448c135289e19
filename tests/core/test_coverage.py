"""What a scorecard's tagged items serve of METI's directives and NIST CSF 2.0, and the gaps that matter."""

from __future__ import annotations

import pytest
from factories import minimal_session
from helpers import sample

from secsc_tui.core.coverage import INCIDENT_RESPONSE, RECOVERY, SUPPLY_CHAIN, coverage
from secsc_tui.core.model import ActionPlan, Column, CriticalSuccessFactor, Goal, Kpi, Perspective, Regulation, Sector
from secsc_tui.core.scorecard_ops import iter_items
from secsc_tui.resources import sample_sessions_dir

SAMPLE_NAMES = sorted(p.stem for p in sample_sessions_dir().glob("*.yaml"))


def session_with(*items, sector=Sector.OTHER, regulation=Regulation.NONE, partners=False):
    s = minimal_session("s-cov")
    s.organisation.sector, s.organisation.regulation = sector, regulation
    s.organisation.partners_request_security = partners
    card = s.scorecard.internal_processes
    for item in items:
        {Goal: card.goals, CriticalSuccessFactor: card.csfs, Kpi: card.kpis, ActionPlan: card.actions}[
            type(item)
        ].append(item)
    return s


def messages(result) -> list[str]:
    return [p.message for p in result.warnings]


GOVERNED = Goal(id="g-gov", text="Board reviews cyber risk", meti=[1], nist_csf=["GV.OV"])


def test_items_count_for_their_directives_functions_and_categories():
    kpi = Kpi(
        id="k1",
        measure="Restore time",
        direction="at_most",
        target=4,
        unit="h",
        meti=[8, 7],
        nist_csf=["RC.RP-01", "RC.RP-02", "RS.MA"],
    )
    result = coverage(session_with(GOVERNED, kpi, ActionPlan(id="a1", text="Untagged action")))
    assert [ref.id for ref in result.meti[8]] == ["k1"] and [ref.id for ref in result.meti[1]] == ["g-gov"]
    assert [ref.id for ref in result.categories["RC.RP"]] == ["k1"]  # two subcategories, one item
    assert [ref.id for ref in result.functions["RC"]] == ["k1"] and [r.id for r in result.functions["RS"]] == ["k1"]
    ref = result.categories["RC.RP"][0]
    assert (ref.perspective, ref.column, ref.index) == (Perspective.INTERNAL_PROCESSES, Column.KPIS, 0)
    assert ref.text == "Restore time ≤ 4 h" and ref.path == "scorecard.internal_processes.kpis[0]"
    assert result.tagged == 2 and [r.id for r in result.untagged] == ["a1"]
    assert result.meti_gaps == [2, 3, 4, 5, 6, 9, 10]
    assert result.function_gaps == ["ID", "PR", "DE"]
    assert "GV.SC" in result.category_gaps and "RC.RP" not in result.category_gaps and len(result.category_gaps) == 19


def test_an_empty_scorecard_has_no_warnings_and_an_untagged_one_a_hint():
    assert coverage(session_with()).warnings == []
    result = coverage(session_with(Goal(id="g1", text="Trust")))
    assert messages(result) == [
        "no scorecard item is tagged with a METI directive or a NIST CSF category yet, so the scorecard's "
        "coverage of the frameworks cannot be shown"
    ]


def test_a_critical_infrastructure_operator_needs_response_and_recovery():
    operator = dict(sector=Sector.CRITICAL_INFRASTRUCTURE)
    assert messages(coverage(session_with(GOVERNED, **operator))) == [
        "a critical-infrastructure operator: no item serves incident response (NIST CSF RS; METI directive 7)",
        "a critical-infrastructure operator: no item serves recovery and business continuity (NIST CSF RC; "
        "METI directive 8)",
    ]
    # Either framework is enough: METI 7 serves response, an RC.RP subcategory serves recovery.
    respond = CriticalSuccessFactor(id="c1", text="CSIRT on call", meti=[7])
    recover = ActionPlan(id="a1", text="Restore tests", nist_csf=["RC.RP-03"])
    assert messages(coverage(session_with(GOVERNED, respond, recover, **operator))) == []
    # The same applies to a heavily regulated organisation of any sector.
    assert messages(coverage(session_with(GOVERNED, respond, regulation=Regulation.HEAVY))) == [
        "a heavily regulated organisation: no item serves recovery and business continuity "
        "(NIST CSF RC; METI directive 8)"
    ]
    assert messages(coverage(session_with(GOVERNED))) == []  # not for an ordinary company


def test_partners_asking_for_measures_need_supply_chain_items():
    assert messages(coverage(session_with(GOVERNED, partners=True))) == [
        "partners ask for security measures: no item serves supply-chain security (NIST CSF GV.SC; METI directive 9)"
    ]
    supplier = Kpi(id="k1", measure="Suppliers assessed", nist_csf=["GV.SC-07"])
    assert messages(coverage(session_with(GOVERNED, supplier, partners=True))) == []
    # GV.OC is governance but not the supply chain.
    other_gv = Kpi(id="k2", measure="Context reviewed", nist_csf=["GV.OC"])
    assert len(messages(coverage(session_with(other_gv, partners=True)))) == 1


def test_every_tagged_scorecard_needs_something_of_management():
    technical = Kpi(id="k1", measure="Patches on time", nist_csf=["PR.PS"], meti=[5])
    assert messages(coverage(session_with(technical))) == [
        "no item serves governance by management (NIST CSF GV; METI directives 1, 2, 3)"
    ]
    assert messages(coverage(session_with(technical, Goal(id="g1", text="Budget", meti=[3])))) == []


def test_the_points_to_check_are_the_rules_warnings_then_the_coverage_warnings():
    from secsc_tui.core.coverage import points_to_check
    from secsc_tui.core.rules import review_warnings

    session = minimal_session("s", "S")
    session.scorecard.financial.goals = [Goal(id="g", text="Fewer losses")]  # untagged, and no KPI for it
    rules, covered = review_warnings(session), coverage(session).warnings
    assert rules and covered
    assert points_to_check(session) == rules + covered


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_sample_tags_every_item_with_both_frameworks(name):
    """The samples are what a trainer demos first: their coverage is read from every item, not from a few."""
    for _place, item in iter_items(sample(name).scorecard):
        assert 1 <= len(item.meti) <= 3 and 1 <= len(item.nist_csf) <= 3, item.id


def test_the_two_paper_examples_are_tagged_alike():
    def tags(name):
        return {item.id: (item.meti, item.nist_csf) for _place, item in iter_items(sample(name).scorecard)}

    assert tags("paper-example-ja") == tags("paper-example-en")


def test_the_samples_serve_what_their_profiles_need():
    operator = coverage(sample("ci-operator-regulated"))
    assert INCIDENT_RESPONSE.served_by(operator) and RECOVERY.served_by(operator)
    supplier = coverage(sample("sme-manufacturer-supply-chain"))
    assert SUPPLY_CHAIN.served_by(supplier)
    assert operator.warnings == supplier.warnings == []
    # The paper's example has nothing for recovery: a gap to talk about, not a warning for an
    # ordinary manufacturer whose partners ask for nothing.
    paper = coverage(sample("paper-example-en"))
    assert paper.function_gaps == ["RC"] and paper.meti_gaps == [4, 8, 9]
    assert paper.warnings == [] and not paper.untagged
