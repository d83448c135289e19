"""What is typed is what is kept: emoji joined by U+200D and other invisible format characters.

Keys are sent as a terminal sends them: the text's UTF-8 read by Textual's own xterm
parser, one key event per character, into the app's driver (Pilot's ``press`` cannot
send characters whose names have several words, such as 💻).
"""

from __future__ import annotations

from apphelpers import open_session, type_as_a_terminal, wait_saved
from helpers import sample, stored
from textual.widgets import Input, TextArea

from secsc_tui.core.model import Step

WOMAN_TECHNOLOGIST = "👩\u200d💻"  # woman, zero-width joiner, laptop
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"  # black flag and tag characters
PERSIAN = "می\u200cخواهم"  # a zero-width non-joiner inside the word


async def test_typed_emoji_keep_their_joiners_in_fields_and_text_areas(make_db, app_factory):
    session = sample("paper-example-en")
    session.progress.current_step = Step.CONTEXT
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(app, pilot, session.id)
        name = app.screen.query_one("#org-name", Input)
        name.focus()
        name.value = ""
        await type_as_a_terminal(app, pilot, f"Team {WOMAN_TECHNOLOGIST} {SCOTLAND} {PERSIAN}!")
        assert name.value == f"Team {WOMAN_TECHNOLOGIST} {SCOTLAND} {PERSIAN}!"

        notes = app.screen.query_one("#org-notes", TextArea)
        notes.focus()
        notes.load_text("")
        await type_as_a_terminal(app, pilot, f"{WOMAN_TECHNOLOGIST}\r{WOMAN_TECHNOLOGIST}")
        assert notes.text == f"{WOMAN_TECHNOLOGIST}\n{WOMAN_TECHNOLOGIST}"
        await wait_saved(app, pilot)

    kept = stored(db, session.id).organisation
    assert kept.name == f"Team {WOMAN_TECHNOLOGIST} {SCOTLAND} {PERSIAN}!"
    assert kept.notes == f"{WOMAN_TECHNOLOGIST}\n{WOMAN_TECHNOLOGIST}"


async def test_a_joiner_typed_outside_a_text_field_changes_nothing(make_db, app_factory):
    session = sample("paper-example-en")
    session.progress.current_step = Step.SCORECARD
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(app, pilot, session.id)
        await wait_saved(app, pilot)  # opening may store recomputed progress: let that land first
        before = app.screen.session.model_copy(deep=True)
        await type_as_a_terminal(app, pilot, "\u200d")
        await wait_saved(app, pilot)
        assert app.screen.session == before
