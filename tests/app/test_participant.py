"""A served participant's app: the join screen, their team only, no file dialogs, saved on the way out."""

from __future__ import annotations

from pathlib import Path

from apphelpers import until, wait_saved
from helpers import add_workshop, sample, stored
from textual.messages import ExitApp

from secsc_tui.app.participant import Participant, ParticipantApp
from secsc_tui.app.screens.join import JoinScreen
from secsc_tui.app.screens.team_session import TeamSessionScreen, others_with_it_open
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store

WORKSHOP = "w-nagoya"


def workshop_db(make_db, in_workshop, elsewhere=()) -> Path:
    db = make_db(*in_workshop, *elsewhere)
    add_workshop(db, "Nagoya 2026", *(s.id for s in in_workshop), workshop_id=WORKSHOP)
    return db


def at_goal_step(session, title: str):
    session.progress.current_step = Step.STRATEGIC_GOAL
    session.title = title
    return session


def participant_app(db: Path, config_dir: Path, participant: Participant | None = None, **kwargs) -> ParticipantApp:
    return ParticipantApp(
        db=str(db), workshop_id=WORKSHOP, participant=participant or Participant(), config_dir=config_dir, **kwargs
    )


def team_open(app) -> bool:
    """The team's session is shown, its step mounted and focused."""
    screen = app.screen
    return isinstance(screen, TeamSessionScreen) and screen.editor is not None and screen.focused is not None


def team_titles(app) -> list[str]:
    return [team.title for team in app.screen.teams]


async def test_join_lists_only_the_workshops_teams_and_opens_the_chosen_one(make_db, config_dir):
    team_a = at_goal_step(sample("paper-example-en"), "Team A")
    team_b = at_goal_step(sample("sme-manufacturer-supply-chain"), "Team B")
    other = sample("paper-example-ja")
    db = workshop_db(make_db, [team_b, team_a], elsewhere=[other])
    app = participant_app(db, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, JoinScreen)
        await until(pilot, lambda: app.screen._loaded, "the teams")
        assert team_titles(app) == ["Team A", "Team B"]  # not the session outside the workshop
        await pilot.press(*"Ana [b]", "enter")  # the name, then on to the list
        await pilot.press("down", "enter")  # Team B
        await until(pilot, lambda: team_open(app), "the team")
        assert app.screen.session_id == team_b.id
        assert app.participant == Participant(team_b.id, "Ana [b]")
        # Escape twice: out of the field, out of the team, back to joining; never the list of sessions.
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, JoinScreen), "the join screen")
        assert [type(s).__name__ for s in app.screen_stack] == ["JoinScreen"]


async def test_a_name_is_needed_to_join(make_db, config_dir):
    db = workshop_db(make_db, [at_goal_step(sample("paper-example-en"), "Team A")])
    app = participant_app(db, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen._loaded, "the teams")
        app.screen.query_one("#join-teams").focus()
        await pilot.press("enter")
        assert isinstance(app.screen, JoinScreen)
        assert "name" in str(app.screen.query_one("#join-error").content)
        assert app.screen.focused.id == "join-name"


async def test_a_remembered_participant_goes_straight_back_to_their_team(make_db, config_dir):
    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        assert app.screen.session.progress.current_step is Step.STRATEGIC_GOAL


async def test_a_remembered_team_of_another_workshop_is_not_opened(make_db, config_dir):
    outside = sample("paper-example-ja")
    db = workshop_db(make_db, [at_goal_step(sample("paper-example-en"), "Team A")], elsewhere=[outside])
    app = participant_app(db, config_dir, Participant(outside.id, "Ken"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen._loaded, "the teams")
        await pilot.pause(0.2)
        assert isinstance(app.screen, JoinScreen)


async def test_a_new_team_is_created_in_the_workshop(make_db, config_dir, db_path):
    db = workshop_db(make_db, [at_goal_step(sample("paper-example-en"), "Team A")])
    app = participant_app(db, config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen._loaded, "the teams")
        await pilot.press(*"Mio", "enter", "n")
        await pilot.press(*"Team C 三", "enter")
        await until(pilot, lambda: team_open(app), "the team")
        created = app.screen.session_id
    store = Store.open(str(db))
    try:
        assert {s.title for s in store.list_sessions(WORKSHOP)} == {"Team A", "Team C 三"}
        assert any(s.id == created for s in store.list_sessions(WORKSHOP))
    finally:
        store.close()


async def test_exports_and_reports_are_downloads_not_file_dialogs(make_db, config_dir):
    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    delivered = []
    app.deliver_binary = lambda file, **kw: delivered.append((kw["save_filename"], file.read()))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        await pilot.press("f6")  # export: in the terminal app, a path prompt on this disk
        await pilot.press("escape", "8")  # out of the goal field, to the review step
        await until(pilot, lambda: app.screen.session.progress.current_step is Step.REVIEW, "the review step")
        await pilot.press("x")  # report
        await until(pilot, lambda: len(delivered) == 2, "the report's download")
        await pilot.pause()
        assert isinstance(app.screen, TeamSessionScreen)  # no dialog was opened
    assert [name for name, _ in delivered] == [f"{team.id}.yaml", f"{team.id}.html"]
    assert b"Team A" in delivered[0][1] and b"<html" in delivered[1][1].lower()


async def test_typed_text_is_saved_when_the_browser_goes_away(make_db, config_dir):
    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        app.screen.query_one("#goal-title").focus()
        await pilot.press("ctrl+u", *"Reduce downtime")
        # What the server sends when the socket closes; no pause between the keys and the quit.
        app.post_message(ExitApp())
        app.post_message(ExitApp())  # and Ctrl+C in the trainer's terminal reaches this process too
        await until(pilot, lambda: not app.is_running, "the app to exit")
    assert stored(db, team.id).strategic_goal.title == "Reduce downtime"


async def test_keys_still_waiting_their_turn_when_the_browser_goes_away_take_effect_before_the_save(
    make_db, config_dir
):
    """A lagging tab closed right after F2: the form's text and the F2 were still queued (key_order.py)."""
    from textual.events import Key

    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        await pilot.press("escape", "5", "right", "a")  # the scorecard: a CSF in the financial perspective
        await until(pilot, lambda: getattr(app.focused, "id", None) == "item-text", "the CSF's form")
        # As the web driver delivers them: all at once, then the quit; none has been handled yet.
        for char in "Drills every quarter":
            app.post_message(Key("space" if char == " " else char, char))
        app.post_message(Key("f2", None))
        app.post_message(ExitApp())
        await until(pilot, lambda: not app.is_running, "the app to exit")
    assert "Drills every quarter" in [csf.text for csf in stored(db, team.id).scorecard.financial.csfs]


def kens_tab(make_db, config_dir, presence: Path):
    """Ken's app in a team's tab (connection "me"), with the server's presence folder; and the team."""
    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    (presence / team.id).mkdir(parents=True)
    (presence / team.id / "me").write_text("Ken", encoding="utf-8")
    app = participant_app(db, config_dir, Participant(team.id, "Ken"), presence_dir=str(presence), connection="me")
    return app, team


async def test_who_else_has_the_team_open(make_db, config_dir, tmp_path):
    presence = tmp_path / "presence"
    app, team = kens_tab(make_db, config_dir, presence)
    (presence / team.id / "tab-2").write_text("Ana [b]", encoding="utf-8")
    (presence / team.id / "tab-2.step").write_text("5", encoding="ascii")  # where Ana's app is
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TeamSessionScreen) and app.screen.others, "presence")
        line = str(app.screen.query_one("#presence").content)
        assert "Ana [b] (step 5)" in line and "Ken" not in line
        (presence / team.id / "tab-2").unlink()
        await until(pilot, lambda: not app.screen.others, "the other tab to go")
        await wait_saved(app, pilot)
        await until(pilot, lambda: others_with_it_open(presence, team.id, "nobody") == ["Ken (step 3)"], "my step")
        await pilot.press("escape", "4")  # out of the goal's field, then to step 4
        await until(pilot, lambda: others_with_it_open(presence, team.id, "nobody") == ["Ken (step 4)"], "my step")


async def test_a_poll_for_the_others_does_not_cancel_writing_my_step(make_db, config_dir, tmp_path):
    presence = tmp_path / "presence"
    app, team = kens_tab(make_db, config_dir, presence)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TeamSessionScreen), "the team's session")
        mine = lambda: others_with_it_open(presence, team.id, "nobody")  # noqa: E731
        await until(pilot, lambda: mine() == ["Ken (step 3)"], "my step")
        screen = app.screen
        screen._show_step(Step.APPROACH)
        screen._look_for_others()  # the once-a-second poll, in the same moment
        await until(pilot, lambda: mine() == ["Ken (step 4)"], "my new step", timeout=5)


async def test_the_footer_shows_the_team_screens_keys_in_a_browser(make_db, config_dir):
    from textual.events import AppBlur
    from textual.widgets import Footer

    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(AppBlur())  # what Textual's web driver does as every app starts
        await until(pilot, lambda: team_open(app) and app.app_focus, "the team, with the app focused again")

        def footer() -> str:
            return " ".join(str(key.render()) for key in app.screen.query_one(Footer).children)

        await until(pilot, lambda: "F8" in footer(), "the step keys in the footer")


async def test_a_served_tab_stays_quiet_while_nobody_types(make_db, config_dir):
    """No blinking cursor and no reading of the team list under the team's screen: thirty tabs would pay it."""
    team = at_goal_step(sample("paper-example-en"), "Team A")
    team.strategic_goal.title = "Keep the plant running"
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        await until(pilot, lambda: getattr(app.screen.focused, "id", None) == "goal-title", "the goal's field")
        assert app.screen.focused.cursor_blink is False
        join = app.screen_stack[0]
        assert isinstance(join, JoinScreen)
        before = len([w for w in app.workers if w.group == "join-teams"])
        join.reload()  # what its timer calls every few seconds
        assert len([w for w in app.workers if w.group == "join-teams"]) == before


async def test_two_tabs_of_a_team_editing_different_fields_both_land_in_the_one_session(make_db, config_dir):
    """Two tabs of a team save over each other: their saves merge, nobody is asked, no copy is made."""
    team = at_goal_step(sample("paper-example-en"), "Team A")
    db = workshop_db(make_db, [team])
    app = participant_app(db, config_dir, Participant(team.id, "Ken"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: team_open(app), "the team")
        app.screen.query_one("#goal-title").focus()
        with Store.open(str(db)) as other_tab:
            theirs = other_tab.get(team.id)
            theirs.title = "Team A (Ana's tab)"
            other_tab.save(theirs)
        await pilot.press("ctrl+u", *"Ken's goal")
        await wait_saved(app, pilot)
        assert app.screen.session.id == team.id
        assert app.screen.session.title == "Team A (Ana's tab)"
    with Store.open(str(db)) as store:
        assert [s.id for s in store.list_sessions(WORKSHOP)] == [team.id]
        held = store.get(team.id)
    assert (held.title, held.strategic_goal.title) == ("Team A (Ana's tab)", "Ken's goal")
