"""Step 7: typing in the evaluation forms, driven by keyboard."""

from __future__ import annotations

import datetime as dt

from apphelpers import open_session, wait_saved
from helpers import sample, stored

from secsc_tui.app.steps.evaluation import ResponseTable, one_decimal
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step


def at_evaluation(session):
    session.progress.current_step = Step.EVALUATION
    return session


async def open_evaluation(app, pilot, session_id):
    """Open the session and wait until the responses table is laid out and has the cursor."""
    await open_session(app, pilot, session_id)
    for _ in range(40):
        tables = app.screen.query(ResponseTable)
        if tables and tables.first().size.height and tables.first().has_focus:
            await pilot.pause()
            return tables.first()
        await pilot.pause(0.05)
    raise AssertionError("the evaluation did not show")


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def test_one_decimal_like_the_paper():
    assert one_decimal(50 / 11) == "4.5"
    assert one_decimal(43 / 11) == "3.9"
    assert one_decimal(None) == "–"


async def test_three_responses_by_digits(make_db, app_factory):
    session = at_evaluation(new_session("Ratings"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_evaluation(app, pilot, session.id)
        assert "add a response" in shown(app, "#eval-prompt")
        # Digits on the "new response" line: usefulness, then availability, then the next line.
        await pilot.press("5")
        assert "availability of response 1" in shown(app, "#eval-prompt")
        await pilot.press("4", "4", "4")
        # a jumps to the new line; the digits do the rest.
        table.move_cursor(row=0, column=0)
        await pilot.press("a", "5", "3")
        await wait_saved(app, pilot)

        responses = stored(db, session.id).evaluation.responses
        assert [(r.usefulness, r.availability) for r in responses] == [(5, 4), (4, 4), (5, 3)]
        assert all(r.id.startswith("r-") for r in responses)
        assert len({r.id for r in responses}) == 3
        summary = shown(app, "#eval-summary")
        assert "Usefulness (3)" in summary and "avg 4.7" in summary  # 14 / 3
        assert "Availability (3)" in summary and "avg 3.7" in summary  # 11 / 3
        lines = summary.splitlines()
        assert lines[2].split() == ["5", "▬▬▬▬▬▬▬▬", "2"]  # two 5s for usefulness, four cells each
        assert lines[3].split() == ["4", "▬▬▬▬", "1"]
        assert table.row_count == 4  # three responses and the new line

        # Correct one: up to response 2's usefulness, 0 clears it, 2 sets it again.
        await pilot.press("up", "up", "left")
        assert "usefulness of response 2" in shown(app, "#eval-prompt")
        await pilot.press("0")
        assert "Usefulness (2)" in shown(app, "#eval-summary")
        await pilot.press("2")
        assert "avg 4.0" in shown(app, "#eval-summary")  # (5 + 2 + 5) / 3
        await wait_saved(app, pilot)
        assert stored(db, session.id).evaluation.responses[1].usefulness == 2
        # Digits in the table never jumped to another step.
        assert app.screen.session.progress.current_step is Step.EVALUATION


async def test_bad_date_and_participants_messages(make_db, app_factory):
    session = at_evaluation(new_session("Ratings"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evaluation(app, pilot, session.id)
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # note, participants, date
        assert app.screen.focused.id == "eval-date"
        await pilot.press(*"2025-13-1", "tab")
        error = app.screen.query_one("#eval-error")
        assert error.display and "is not a date; write it as YYYY-MM-DD" in shown(app, "#eval-error")
        await pilot.press("shift+tab", "ctrl+u", *"2025/8/26", "tab")  # fixed: the message goes
        assert not error.display
        assert app.screen.query_one("#eval-date").value == "2025-08-26"
        await pilot.press("3", ".", "5")
        assert error.display and "not a whole number" in shown(app, "#eval-error")
        await pilot.press("backspace", "backspace")
        assert not error.display
        await wait_saved(app, pilot)
        evaluation = stored(db, session.id).evaluation
        assert evaluation.date == dt.date(2025, 8, 26)
        assert evaluation.participants == 3
        assert "3 of 3 responded" not in shown(app, "#eval-summary")
        assert "0 of 3 responded" in shown(app, "#eval-summary")


async def test_delete_and_undo(make_db, app_factory):
    session = at_evaluation(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_evaluation(app, pilot, session.id)
        assert "avg 4.5" in shown(app, "#eval-summary") and "avg 3.9" in shown(app, "#eval-summary")
        await pilot.press("d")
        await wait_saved(app, pilot)
        assert [r.id for r in stored(db, session.id).evaluation.responses][:2] == ["r2", "r3"]
        assert table.row_count == 11  # ten responses and the new line
        await pilot.press("f3")
        await wait_saved(app, pilot)
        assert len(stored(db, session.id).evaluation.responses) == 11
        assert table.row_count == 12
        assert "avg 4.5" in shown(app, "#eval-summary")


async def test_japanese_comment_and_respondent_with_markup(make_db, app_factory, tmp_path):
    session = at_evaluation(new_session("Ratings"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_evaluation(app, pilot, session.id)
        await pilot.press("4", "5")  # one response; the cursor moves on to the new line
        await pilot.press("up", "c")  # its form: respondent first, then the comment
        await pilot.press("tab", *"役立つ[/b]", "f2")
        await pilot.press("right", "right", "enter")  # the respondent column
        await pilot.press(*"佐藤[red]", "enter")
        await wait_saved(app, pilot)
        [response] = stored(db, session.id).evaluation.responses
        assert (response.respondent, response.comment) == ("佐藤[red]", "役立つ[/b]")
        assert (response.usefulness, response.availability) == (4, 5)
        assert "佐藤[red]: 役立つ[/b]" in shown(app, "#eval-detail")
        row = table.get_row_at(0)
        assert [cell.plain.strip() for cell in row] == ["4", "5", "佐藤[red]", "役立つ[/b]"]
        app.save_screenshot(str(tmp_path / "evaluation-80x24.svg"))


async def test_the_response_form_opens_on_its_first_field_unless_opened_on_the_comment(make_db, app_factory):
    from textual.widgets import Input, TextArea

    session = at_evaluation(new_session("Ratings"))
    session.evaluation.responses = sample("paper-example-en").evaluation.responses[:2]
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_evaluation(app, pilot, session.id)
        for key in ("c", "enter"):  # on a rating: the first field, the respondent
            table.move_cursor(row=0, column=0)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.focused, Input) and app.focused.id == "response-respondent", key
            await pilot.press("escape")
            await pilot.pause()
        table.move_cursor(row=1, column=3)  # on the comment cell: the comment, typing goes after it
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.focused, TextArea) and app.focused.id == "response-comment"
        await pilot.press(*" Yes.", "f2")
        await wait_saved(app, pilot)
        comment = stored(db, session.id).evaluation.responses[1].comment
        assert comment == session.evaluation.responses[1].comment + " Yes."


async def test_one_response_is_counted_in_the_singular(make_db, app_factory):
    session = at_evaluation(new_session("One rating"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evaluation(app, pilot, session.id)
        await pilot.press("5", "4")  # one response; the cursor is on the new line again
        await pilot.pause()
        assert "1 response so far." in shown(app, "#eval-detail")
        assert shown(app, "#eval-summary").splitlines()[0] == "1 response"
