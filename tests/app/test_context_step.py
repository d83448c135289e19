"""Step 1 by keyboard: the organisation profile and the participants."""

from __future__ import annotations

from apphelpers import open_session, wait_saved
from helpers import stored

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Layer, Regulation


async def test_profile_and_participants_by_keyboard(make_db, app_factory):
    session = new_session("Team [/b] 一")
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press(*"ACME [red]製作所")
        await pilot.press("tab")  # sector
        await pilot.press("enter", "down", "enter")  # open the list, one down: manufacturing
        await pilot.press("tab", "tab")  # past size, to the regulation
        await pilot.press("enter", "down", "down", "enter")  # open the list, two down: heavy
        await pilot.press("tab", "space")  # tick "critical infrastructure"
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert saved.organisation.name == "ACME [red]製作所"
        assert saved.organisation.regulation is Regulation.HEAVY
        assert saved.organisation.critical_infrastructure is True

        table = app.screen.query_one("#participants")
        table.focus()
        await pilot.press("a")
        await pilot.press(*"佐藤 [b]")
        await pilot.press("enter")
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert [p.name for p in saved.people.participants] == ["佐藤 [b]"]
        assert saved.people.participants[0].layer is Layer.OPERATIONAL

        await pilot.press("d")
        await wait_saved(app, pilot)
        assert stored(db, session.id).people.participants == []
        await pilot.press("f3")  # undo the delete
        await wait_saved(app, pilot)
        assert [p.name for p in stored(db, session.id).people.participants] == ["佐藤 [b]"]
