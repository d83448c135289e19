"""Filtering the catalogue, ranking it for a cell of a session, and copying an entry in."""

from __future__ import annotations

from pathlib import Path

from factories import minimal_session

from secsc_tui.core.catalogue import builtin_catalogue
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.model import (
    Approach,
    Column,
    Direction,
    Frequency,
    Goal,
    Kpi,
    Language,
    Perspective,
    Sector,
)
from secsc_tui.core.rules import check_session
from secsc_tui.core.scorecard_ops import insert_item
from secsc_tui.core.store import Store
from secsc_tui.core.suggestions import matches, normalise, suggest, to_item
from secsc_tui.core.yaml_io import dump_session, load_sessions

CATALOGUE = builtin_catalogue()


def ids(suggestions, n: int | None = None) -> list[str]:
    return [s.entry.id for s in suggestions[:n]]


# -- filtering ---------------------------------------------------------------------------


def test_normalise_folds_width_case_and_kana():
    assert normalise("ＣＳＩＲＴ") == "csirt"
    assert normalise("ﾒｰﾙ") == normalise("メール") == normalise("めーる")


def test_filter_finds_entries_in_either_language_by_every_word():
    kpi = CATALOGUE.get("kpi.fin.soc-to-csirt-minutes")
    assert matches(kpi, "soc csirt") and matches(kpi, "ＳＯＣ　報告時間") and matches(kpi, "rs.ma")
    assert not matches(kpi, "soc ransomware")
    phishing = CATALOGUE.get("kpi.cus.phishing-report-rate")
    assert matches(phishing, "めーる") and matches(phishing, "ﾒｰﾙ 訓練")  # hiragana and half-width find katakana
    assert matches(phishing, "  ")  # an empty filter keeps everything


def test_a_query_narrows_the_suggestions():
    session = minimal_session()
    found = suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.KPIS, query="標的型")
    assert set(ids(found)) == {"kpi.cus.phishing-report-rate", "kpi.lg.phishing-click-rate"}
    assert ids(found)[0] == "kpi.cus.phishing-report-rate"  # the cell's own perspective first


# -- ranking -------------------------------------------------------------------------------


def test_the_cells_perspective_comes_first():
    session = minimal_session()
    found = suggest(CATALOGUE, session, Perspective.LEARNING_GROWTH, Column.ACTIONS)
    own = [s.in_perspective for s in found]
    assert len(found) == len(CATALOGUE.entries(Column.ACTIONS))
    assert own == sorted(own, reverse=True) and own.count(True) == 16
    assert all(s.entry.column is Column.ACTIONS for s in found)


def test_the_chosen_approach_ranks_the_entries_that_suit_it():
    session = minimal_session()
    session.approach.choice = Approach.STEER
    found = [s for s in suggest(CATALOGUE, session, Perspective.FINANCIAL, Column.GOALS) if s.in_perspective]
    suits = [Approach.STEER in s.entry.approaches for s in found]
    assert suits == sorted(suits, reverse=True)
    assert "suits the chosen approach: Steer the business strategy from the security side" in found[0].reasons


def test_without_a_choice_the_recommended_approach_counts():
    session = minimal_session()
    session.organisation.partners_request_security = True  # the paper's case for approach ii
    top = suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.GOALS)[0]
    assert Approach.EQUAL in top.entry.approaches
    assert "suits approach ii (recommended for this organisation)" in top.reasons


def test_the_strategic_goal_and_the_gap_analysis_lift_entries_that_echo_them():
    session = minimal_session()
    session.approach.choice = Approach.EQUAL
    plain = ids(suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.GOALS))
    session.strategic_goal.title = "Stay a trusted supplier in our customers' supply chains"
    ranked = suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.GOALS)
    assert ranked[0].entry.id == "goal.cus.trusted-supplier" != plain[0]
    assert "echoes the strategic goal: supplier, customers, chains" in ranked[0].reasons
    assert "echoes the strategic goal: trusted, customers" in ranked[1].reasons  # "trust" in "Raise customers' trust"

    japanese = minimal_session(language=Language.JA)
    japanese.approach.choice = Approach.EQUAL
    japanese.gap_analysis.customer.cause = "取引先から届くチェックシートへの回答が遅れている"
    top = suggest(CATALOGUE, japanese, Perspective.CUSTOMER, Column.GOALS)[0]
    assert top.entry.id == "goal.cus.answer-questionnaires"
    assert "echoes the customer gap: 取引先, チェックシート, 回答" in top.reasons


def test_a_severe_gap_lifts_its_perspective_when_several_are_shown():
    session = minimal_session()
    session.gap_analysis.learning_growth.severity = 5
    found = suggest(CATALOGUE, session, Perspective.FINANCIAL, Column.KPIS)
    others = [s for s in found if not s.in_perspective]
    assert others[0].entry.perspective is Perspective.LEARNING_GROWTH
    assert "the learning & growth gap is severe (5/5)" in others[0].reasons


def test_entries_that_fill_a_gap_of_the_profile_come_first_once_items_are_tagged():
    session = minimal_session()
    session.organisation.sector = Sector.CRITICAL_INFRASTRUCTURE
    session.approach.choice = Approach.STEER
    before = suggest(CATALOGUE, session, Perspective.INTERNAL_PROCESSES, Column.KPIS)
    assert not any("which no item serves yet" in r for s in before for r in s.reasons)  # nothing tagged yet
    session.scorecard.internal_processes.goals = [Goal(id="g1", text="Board oversight", meti=[1])]
    after = suggest(CATALOGUE, session, Perspective.INTERNAL_PROCESSES, Column.KPIS)
    top = after[0]
    assert "serves incident response (NIST CSF RS; METI directive 7), which no item serves yet" in top.reasons
    assert ids(after) != ids(before)


def test_entries_already_on_the_scorecard_sink_to_the_end():
    session = minimal_session(language=Language.JA)
    session.scorecard.financial.kpis = [Kpi(id="k1", measure="SOCからCSIRTへの報告時間", target=60, unit="分")]
    found = suggest(CATALOGUE, session, Perspective.FINANCIAL, Column.KPIS)
    assert found[-1].entry.id == "kpi.fin.soc-to-csirt-minutes"
    assert found[-1].on_scorecard and found[-1].reasons[-1] == "already on the scorecard"
    assert not any(s.on_scorecard for s in found[:-1])


def test_ranking_is_stable_and_complete():
    session = minimal_session()
    first = suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.CSFS)
    assert ids(first) == ids(suggest(CATALOGUE, session, Perspective.CUSTOMER, Column.CSFS))
    assert sorted(ids(first)) == sorted(e.id for e in CATALOGUE.entries(Column.CSFS))


# -- copying into the session ---------------------------------------------------------------


def test_a_kpi_becomes_an_editable_kpi_in_the_sessions_language_with_its_tags():
    entry = CATALOGUE.get("kpi.fin.soc-to-csirt-minutes")
    japanese = minimal_session(language=Language.JA)
    kpi = to_item(entry, japanese)
    assert isinstance(kpi, Kpi) and kpi.id.startswith("k-") and kpi.id != entry.id
    assert (kpi.measure, kpi.unit, kpi.owner) == ("SOCからCSIRTへの報告時間", "分", "CSIRTリーダー")
    assert (kpi.direction, kpi.target, kpi.frequency) == (Direction.AT_MOST, 60, Frequency.PER_EVENT)
    assert (kpi.meti, kpi.nist_csf) == ([7], ["DE.AE", "RS.MA"])
    assert kpi.text == "SOCからCSIRTへの報告時間 ≤ 60分"
    english = to_item(entry, minimal_session())
    assert english.text == "SOC-to-CSIRT reporting time ≤ 60 min"
    kpi.nist_csf.append("RS.CO")  # a copy: editing it leaves the catalogue as it was
    assert entry.nist_csf == ["DE.AE", "RS.MA"]


def test_every_kind_of_entry_becomes_its_kind_of_item():
    session = minimal_session()
    for column, prefix in ((Column.GOALS, "g-"), (Column.CSFS, "c-"), (Column.ACTIONS, "a-")):
        entry = CATALOGUE.entries(column)[0]
        item = to_item(entry, session)
        assert item.id.startswith(prefix) and item.text == entry.text.en and item.meti == entry.meti
    action = to_item(CATALOGUE.get("action.fin.csirt-launch-process"), minimal_session(language=Language.JA))
    assert action.owner == "CSIRTリーダー"


def test_inserted_copies_are_valid_undoable_and_survive_yaml_and_the_database(tmp_path: Path):
    session = minimal_session("s-picked", language=Language.JA)
    editor = SessionEditor(session)
    for column in Column:
        for entry in CATALOGUE.entries(column)[:3]:
            item = to_item(entry, editor.session)
            editor.change(
                f"scorecard:add:{item.id}",
                lambda s, item=item, column=column, perspective=entry.perspective: insert_item(
                    s, perspective, column, 0, item
                ),
            )
    assert check_session(editor.session) == []
    tagged = [i for c in Column for p in Perspective for i in editor.session.scorecard[p].column(c)]
    assert len(tagged) == 12 and all(i.meti or i.nist_csf for i in tagged)
    assert load_sessions(dump_session(editor.session)) == [editor.session]
    with Store.open(tmp_path / "picked.sqlite3") as store:
        store.create(editor.session)
        assert store.get(session.id) == editor.session
    editor.undo()
    assert sum(len(editor.session.scorecard[p].column(c)) for c in Column for p in Perspective) == 11
