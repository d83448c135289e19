"""Step 8 by keyboard: the summary, the warnings with their way back, and export."""

from __future__ import annotations

import re

from apphelpers import open_session, wait_saved
from helpers import sample, stored
from textual.geometry import Region
from textual.widgets import OptionList, Static

from secsc_tui.app.steps.review import step_for_path, where
from secsc_tui.core.coverage import coverage
from secsc_tui.core.factory import new_session
from secsc_tui.core.lineage import content_digest
from secsc_tui.core.model import Kpi, Step
from secsc_tui.core.rules import review_warnings
from secsc_tui.core.scorecard_ops import iter_items
from secsc_tui.core.yaml_io import read_sessions_file

MARKUP = "売上 [/b] [red]目標"


def shown(widget) -> str:
    """The text a widget shows on screen right now, line by line."""
    width, height = widget.size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height)))


def page_text(screen) -> str:
    view = screen.query_one("#step-review")
    return "\n".join(shown(widget) for widget in view.query(Static) if widget.display)


def thin_session():
    session = new_session(f"Thin {MARKUP}")
    session.organisation.name = MARKUP
    session.scorecard.customer.kpis.append(Kpi(id="k1", measure=MARKUP))
    session.progress.current_step = Step.REVIEW
    return session


async def test_paper_example_reads_as_a_whole_and_has_no_warnings(make_db, app_factory):
    session = sample("paper-example-en")
    assert review_warnings(session) == []
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        assert app.screen.session.progress.current_step is Step.REVIEW
        text = page_text(app.screen)
        assert "Enhance brand image" in text
        assert "i — Align security to the business strategy" in text
        assert "✦ i — Align security to the business strategy  (same as chosen)" in text
        for kpi in (
            "SOC→CSIRT reporting time ≤ 60 min",
            "Report rate after opening a phishing-training mail ≥ 100%",
            "Incident exercises based on cyber attacks ≥ 1 per year",
        ):
            assert kpi in text
        assert "Establish a CSIRT launch process" in text and "CSIRT Lead · due 2026-01-30 · planned" in text
        assert "severity 5/5 ◼◼◼◼◼" in text
        assert "10 cause→effect links" in text
        assert "4.5 / 5" in text and "3.9 / 5" in text
        # Every item is tagged: nothing to check, and the coverage shows the paper's gap (recovery),
        # which is no warning for a manufacturer that no partner asks for security measures.
        assert "✓ No warnings: the scorecard is ready to export (e)." in text
        assert app.screen.query_one("#review-warnings", OptionList).option_count == 0
        section = shown(app.screen.query_one("#review-coverage"))
        assert "7 of 10 served" in section and "5 of 6 served" in section
        assert "RC -RP -CO" in section and "none: every item is tagged" in section


async def test_thin_session_warns_and_enter_goes_to_the_step(make_db, app_factory):
    session = thin_session()
    expected = [w.message for w in review_warnings(session)]
    assert "no strategic goal has been chosen" in expected and "no bridging approach has been chosen" in expected
    assert f"KPI Cu-K1 “{MARKUP}” has no target" in expected
    expected += [w.message for w in coverage(session).warnings]  # listed after the rules' own
    assert expected[-1].startswith("no scorecard item is tagged")
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        listing = screen.query_one("#review-warnings", OptionList)
        assert listing.option_count == len(expected)
        assert f"⚠ {len(expected)} points to check before export" in shown(screen.query_one("#review-status"))
        # The organisation name, typed with brackets and wide characters, shows literally.
        assert MARKUP in page_text(screen)

        await pilot.press("w")
        assert app.focused is listing
        assert listing.highlighted == 0
        warnings = shown(listing)
        assert f"⚠ KPI Cu-K1 “{MARKUP}” has no target" in warnings
        assert "Scorecard › Customer › KPIs" in warnings
        assert "Scorecard › Financial › KPIs" in warnings

        await pilot.press("enter")  # "no strategic goal" → step 3
        await pilot.pause()
        assert screen.session.progress.current_step is Step.STRATEGIC_GOAL
        await pilot.press("enter")  # take the first common goal; focus moves to the title field
        await pilot.press("f8", "8")  # to step 4 (a radio set), then jump to 8 from there
        await pilot.pause()
        assert screen.session.progress.current_step is Step.REVIEW
        # Shown again: the goal is there and its warning gone.
        assert "no strategic goal" not in [w.message for w in review_warnings(screen.session)]
        assert listing.option_count == len(expected) - 1
        assert "Enhance brand image" in page_text(screen)

        await pilot.press("w", "enter")  # now the first warning is the approach
        await pilot.pause()
        assert screen.session.progress.current_step is Step.APPROACH
        await wait_saved(app, pilot)
        assert stored(db, session.id).strategic_goal.title == "Enhance brand image"


async def test_export_by_keyboard_writes_a_file_that_reads_back_equal(make_db, app_factory, tmp_path, monkeypatch):
    session = sample("paper-example-en")
    db = make_db(session)
    app = app_factory(db)
    monkeypatch.chdir(tmp_path)  # a short relative path types quickly
    target = tmp_path / "out" / "e.yaml"
    target.parent.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("home", "ctrl+k", *"out/e.yaml", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.REVIEW
        [exported] = read_sessions_file(target)
        # Saving may move the bookkeeping on after the snapshot; the content is the same.
        bookkeeping = {"revision", "updated", "history"}
        assert exported.model_dump(exclude=bookkeeping) == app.screen.session.model_dump(exclude=bookkeeping)
        assert exported.history[0] == content_digest(exported)  # the file knows what it was exported as
        await wait_saved(app, pilot)
        assert exported.model_dump(exclude=bookkeeping) == stored(db, session.id).model_dump(exclude=bookkeeping)
        assert exported.progress.current_step is Step.REVIEW


def tagged_sample():
    """The paper's example with only a few items tagged, for a company whose partners ask for security measures."""
    session = sample("paper-example-en")
    for _place, item in iter_items(session.scorecard):
        item.meti, item.nist_csf = [], []  # the sample comes tagged throughout
    card = session.scorecard
    card.financial.goals[0].meti, card.financial.goals[0].nist_csf = [1, 7], ["GV.OV", "RS.MA"]
    card.financial.kpis[0].meti, card.financial.kpis[0].nist_csf = [7], ["RS.CO-02", "DE.AE-02"]
    card.learning_growth.actions[0].nist_csf = ["PR.AT"]
    session.organisation.partners_request_security = True  # and no item serves the supply chain
    session.progress.current_step = Step.REVIEW
    return session


async def test_the_framework_coverage_shows_marks_gaps_and_the_warnings_that_matter(make_db, app_factory):
    session = tagged_sample()
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        page = screen.query_one("#review-page")
        title = screen.query_one("#review-coverage-title")
        assert not page.region.contains_region(title.region)  # below the first screen
        # Not in the footer (no room at 80 columns), but F1 lists the key.
        await pilot.press("f1")
        await pilot.pause()
        keys = shown(app.screen.query("#help Static")[2])
        assert re.search(r"^\s*c\s+Framework coverage\s+review\.coverage\s*$", keys, re.MULTILINE), keys
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.focused is page
        assert page.region.contains_region(title.region)  # scrolled to it, at 80x24
        section = shown(screen.query_one("#review-coverage"))
        lines = section.splitlines()
        # A column per directive and function: the items that serve it, "-" for a gap.
        assert " 1  2  3  4  5  6  7  8  9 10" in lines[0]
        assert lines[1].split()[:10] == ["1", "-", "-", "-", "-", "-", "2", "-", "-", "-"]
        assert "2 of 10 served" in lines[1]
        assert "GV ID PR DE RS RC" in lines[2]
        assert lines[3].split()[:6] == ["1", "-", "1", "1", "2", "-"] and "4 of 6 served" in lines[3]
        assert "GV -OC -RM -RR -PO +OV -SC" in section
        assert "DE -CM +AE" in section and "RS +MA -AN +CO -MI" in section and "RC -RP -CO" in section
        assert "Not tagged" in section and "29/32: F-G2," in section
        # The supply-chain gap matters for this company: a warning with the others, going to the scorecard.
        listing = screen.query_one("#review-warnings", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert prompts == [
            "⚠ Partners ask for security measures: no item serves supply-chain security "
            "(NIST CSF GV.SC; METI directive 9)\n  Scorecard"
        ]
        await pilot.press("w")
        assert app.focused is listing
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.progress.current_step is Step.SCORECARD


async def test_the_coverage_follows_the_tags_and_speaks_japanese(make_db, app_factory, config_dir):
    from secsc_tui.app.app import SecscApp

    session = sample("paper-example-ja")
    session.scorecard.customer.goals[0].nist_csf = ["GV.SC"]
    session.progress.current_step = Step.REVIEW
    db = make_db(session)
    app = SecscApp(db=str(db), config_dir=config_dir, language="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("c")
        await pilot.pause()
        section = shown(app.screen.query_one("#review-coverage"))
        assert "METI指示" in section and "10項目中7項目に対応" in section
        assert "GV +OC +RM +RR +PO +OV +SC" in section  # the sample has no GV.SC item of its own
        assert "0 points" not in page_text(app.screen)


def test_where_and_step_for_path():
    assert where("scorecard.customer.kpis[0].target") == "Scorecard › Customer › KPIs"
    assert where("scorecard.learning_growth.goals[2]") == "Scorecard › Learning & growth › Goals"
    assert where("scorecard") == "Scorecard"
    assert where("strategy_map") == "Strategy map"
    assert step_for_path("approach.choice") is Step.APPROACH
    assert step_for_path("strategic_goal.title") is Step.STRATEGIC_GOAL
    assert step_for_path("people.participants[0]") is Step.CONTEXT
    assert step_for_path("nowhere") is None
