"""The trainer's workshops by keyboard: create with an agenda, refuse bad values, edit, delete, move sessions."""

from __future__ import annotations

import datetime as dt

from apphelpers import until
from helpers import add_workshop, sample, with_store

from secsc_tui.app.screens.home import HomeScreen
from secsc_tui.app.screens.workshop_form import WorkshopForm
from secsc_tui.app.screens.workshops import WorkshopPicker, WorkshopsScreen
from secsc_tui.core.model import Step


async def open_workshops(app, pilot) -> WorkshopsScreen:
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen._loaded, "the session list")
    await pilot.press("w")
    await until(pilot, lambda: isinstance(app.screen, WorkshopsScreen) and app.screen._loaded, "the workshop list")
    return app.screen


def table_texts(screen, selector: str) -> list[list[str]]:
    table = screen.query_one(selector)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_create_a_workshop_by_keyboard_with_an_agenda_change(db_path, app_factory):
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workshops(app, pilot)
        assert not screen.query_one("#ws-empty").has_class("hidden")  # empty: says how to start
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, WorkshopForm), "the form")
        assert app.screen.query_one("#wf-date").value == dt.date.today().isoformat()
        await pilot.press(*"Kyoto [b]day[/b] 京都", "tab")
        await pilot.press("ctrl+u", *"2025/8/26", "tab")  # the slash form is read too
        await pilot.press(*"Kyoto [red]hall", "tab", *"森田 優子", "tab")
        await pilot.press(*"３１")  # full-width digits, as a Japanese input method types them
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # minutes: steps 1-4, then 5 (scorecard)
        assert app.screen.focused.id == "wf-min-scorecard"
        await pilot.press(*"60")  # the field's text is selected on focus: typing replaces it
        assert "2 h 45 min" in str(app.screen.query_one("#wf-total").content)
        await pilot.press("f2")
        await until(
            pilot,
            lambda: isinstance(app.screen, WorkshopsScreen) and app.screen.summaries,
            "the new workshop in the list",
        )
        rows = table_texts(app.screen, "#workshops")
        assert rows == [["Kyoto [b]day[/b] 京都", "2025-08-26", "Kyoto [red]hall", "森田 優子", "0"]]

    [summary] = with_store(db_path, lambda s: s.list_workshops())
    workshop = with_store(db_path, lambda s: s.get_workshop(summary.id))
    assert workshop.id.startswith("w-")
    assert (workshop.name, workshop.date, workshop.venue, workshop.trainer, workshop.participants) == (
        "Kyoto [b]day[/b] 京都",
        dt.date(2025, 8, 26),
        "Kyoto [red]hall",
        "森田 優子",
        31,
    )
    assert workshop.minutes_for(Step.SCORECARD) == 60
    assert workshop.minutes_for(Step.CONTEXT) == 15  # the others keep the default agenda


async def test_the_form_says_what_is_wrong_and_where(make_db, app_factory):
    db = make_db()
    add_workshop(db, "Nagoya")
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshops(app, pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, WorkshopForm), "the form")
        form = app.screen

        def error() -> str:
            return str(form.query_one("#form-error").content)

        await pilot.press("f2")
        assert "needs a name" in error() and form.focused.id == "wf-name"
        await pilot.press(*"Kyoto", "tab", "ctrl+u", *"2025-13-40", "enter")
        assert "not a date" in error() and form.focused.id == "wf-date"
        assert form.query_one("#wf-date").has_class("-invalid")
        await pilot.press("ctrl+u", "tab", "tab", "tab", *"many", "enter")
        assert "Participants" in error() and "“many”" in error() and form.focused.id == "wf-participants"
        await pilot.press("ctrl+u", "tab", "tab", *"0", "enter")  # step 2: zero minutes
        assert "step 2" in error() and "1 to 600" in error() and form.focused.id == "wf-min-gap_analysis"
        await pilot.press(*"4.5", "enter")
        assert "step 2" in error()
        await pilot.press(*"30")
        # A name another workshop has (case aside): the database refuses, the form stays open and says so.
        form.query_one("#wf-name").value = "NAGOYA"
        await pilot.press("f2")
        await until(pilot, lambda: "already exists" in error(), "the refusal of a taken name: " + error())
        assert isinstance(app.screen, WorkshopForm) and form.focused.id == "wf-name"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WorkshopsScreen), "the list again")
    assert [w.name for w in with_store(db, lambda s: s.list_workshops())] == ["Nagoya"]


async def test_edit_and_delete_a_workshop_its_sessions_stay(make_db, app_factory):
    db = make_db(sample("paper-example-en"))
    workshop = add_workshop(db, "Tokyo", "paper-example-en")
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workshops(app, pilot)
        assert table_texts(app.screen, "#workshops")[0][4] == "1"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, WorkshopForm), "the form")
        await pilot.press("ctrl+u", *"Tokyo, spring", "enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WorkshopsScreen)
                and table_texts(app.screen, "#workshops")[0][0] == "Tokyo, spring"
            ),
            "the new name",
        )
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: app.screen.query_one("#workshops").row_count == 0, "the row to go")
        assert not app.screen.query_one("#ws-empty").has_class("hidden")
    assert with_store(db, lambda s: s.list_workshops()) == []
    assert with_store(db, lambda s: s.workshop_of("paper-example-en")) is None
    assert with_store(db, lambda s: s.get("paper-example-en")).title  # the session is still there
    del workshop


async def test_move_a_session_into_a_workshop_and_out_again_from_the_session_list(make_db, app_factory):
    db = make_db(sample("paper-example-en"))
    nagoya = add_workshop(db, "Nagoya", date=dt.date(2025, 8, 26))
    add_workshop(db, "Tokyo")
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen._loaded, "the session list")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, WorkshopPicker), "the workshop picker")
        await pilot.press("down", "enter")  # "no workshop" is first, then the newest
        await until(pilot, lambda: with_store(db, lambda s: s.workshop_of("paper-example-en")) is not None, "the move")
        assert with_store(db, lambda s: s.workshop_of("paper-example-en")).id == nagoya.id
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the list again")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, WorkshopPicker), "the picker again")
        assert app.screen.query_one("#move-choices").highlighted == 1  # where it is now
        await pilot.press("up", "enter")
        await until(pilot, lambda: with_store(db, lambda s: s.workshop_of("paper-example-en")) is None, "the move out")
