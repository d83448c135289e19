"""The interface language: chosen from the command palette, redrawn at once, remembered."""

from __future__ import annotations

import json
import unicodedata

import pytest
from apphelpers import open_session, screen_text
from helpers import sample

from secsc_tui.app.app import SecscApp
from secsc_tui.core.model import Step
from secsc_tui.i18n import current_language


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_palette_switches_the_language_of_the_open_screens_and_remembers_it(make_db, config_dir):
    session = sample("paper-example-en")
    app = SecscApp(str(make_db(session)), config_dir=config_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        assert "n New" in screen_text(app)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Language: English" not in commands  # the one in use is not offered
        commands["Language: 日本語"].callback()
        await _settle(app, pilot)
        text = screen_text(app)
        assert current_language() == "ja"
        assert "n 新規" in text and "⏎ 開く" in text  # the footer
        assert "タイトル" in text and "1セッション" in text  # the list, read again
        assert "Tokai Home Electronics" in text
        assert json.loads((config_dir / "state.json").read_text(encoding="utf-8"))["language"] == "ja"

        await open_session(app, pilot, session.id)
        editor = app.screen.editor
        assert "確認と出力" in screen_text(app)
        await app.switch_language("en")
        await _settle(app, pilot)
        text = screen_text(app)
        assert "Review & export" in text and "✓ saved" in text and "F8 Next" in text
        assert "確認" not in text
        assert app.screen.editor is editor  # the session and its undo history are kept
        app.pop_screen()
        await _settle(app, pilot)
        assert "n New" in screen_text(app)  # the screen underneath was redrawn too


async def test_the_remembered_language_is_used_at_the_next_start_unless_asked_otherwise(
    make_db, config_dir, monkeypatch
):
    monkeypatch.delenv("SECSC_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    (config_dir / "state.json").write_text(json.dumps({"language": "ja"}), encoding="utf-8")
    db = str(make_db(sample("paper-example-ja")))
    app = SecscApp(db, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "n 新規" in screen_text(app)
    app = SecscApp(db, config_dir=config_dir, language="en")  # --lang en
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "n New" in screen_text(app)


@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
async def test_every_step_in_japanese_fits_80_columns(make_db, config_dir, step):
    """All eight steps in the step bar, and the footer's keys not cut by the palette key."""
    session = sample("paper-example-ja")
    session.progress.current_step = step
    app = SecscApp(str(make_db(session)), config_dir=config_dir, language="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await _settle(app, pilot)
        lines = screen_text(app).splitlines()
        assert "8✓確認" in lines[0] and "1✓状況" in lines[0]
        footer = lines[-1]
        assert footer.rstrip().endswith("^p コマンド") and "F8 次へ" in footer
        assert "F1 ヘルプ" in footer
        # Marks one cell wide in every terminal: nothing East Asian "ambiguous" in the step
        # bar, which a Japanese terminal would draw wider and so push the last step off.
        assert not [c for c in lines[0] if unicodedata.east_asian_width(c) == "A"], lines[0]


async def test_a_japanese_session_opens_in_japanese_unless_a_language_was_chosen(make_db, config_dir, monkeypatch):
    """The locale said English, nobody chose: the team's Japanese session speaks Japanese,
    and home speaks English again after it. A chosen language (--lang) holds everywhere."""
    monkeypatch.delenv("SECSC_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    session = sample("paper-example-ja")
    db = str(make_db(session))
    app = SecscApp(db, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "n New" in screen_text(app)
        await open_session(app, pilot, session.id)
        await _settle(app, pilot)
        assert current_language() == "ja"
        assert "F8 次へ" in screen_text(app)
        await pilot.press("escape", "escape")
        await _settle(app, pilot)
        assert current_language() == "en"
        assert "n New" in screen_text(app)
    assert not (config_dir / "state.json").exists() or "language" not in json.loads(
        (config_dir / "state.json").read_text(encoding="utf-8")
    )  # following a session is not a choice to remember

    app = SecscApp(db, config_dir=config_dir, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await _settle(app, pilot)
        assert current_language() == "en"
        assert "F8 Next" in screen_text(app)


async def test_the_step_bar_of_a_new_japanese_session_holds_no_ambiguous_width_mark(make_db, config_dir):
    """Steps not done yet are marked ◌, one cell wide everywhere (○ is two in many Japanese terminals)."""
    from secsc_tui.core.factory import new_session
    from secsc_tui.core.model import Language

    session = new_session("新しいチーム", Language.JA)
    app = SecscApp(str(make_db(session)), config_dir=config_dir, language="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await _settle(app, pilot)
        bar = screen_text(app).splitlines()[0]
        assert "2◌ギャップ" in bar and "8◌確認" in bar
        assert not [c for c in bar if unicodedata.east_asian_width(c) == "A"], bar
