"""Themes load from files, fall back safely, are remembered; keys can be remapped."""

from __future__ import annotations

import json
import threading

import pytest
from apphelpers import open_session, until
from helpers import sample

from secsc_tui.app.themes import DEFAULT_THEME, ThemeError, load_themes, theme_from_data
from secsc_tui.resources import themes_dir


def test_shipped_themes_are_all_valid():
    loaded = load_themes(themes_dir())
    assert loaded.problems == []
    assert set(loaded.labels) == {"secsc-dark", "secsc-light", "secsc-high-contrast", "secsc-projector"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "mapping"),
        ({"colors": {"primary": "#fff"}}, "'name' is required"),
        ({"name": "x", "colors": {"primary": "not-a-colour"}}, "is not a colour"),
        ({"name": "x", "colors": {"primry": "#fff"}}, "unknown colour 'primry'"),
        ({"name": "x", "colors": {"primary": "#fff"}, "dark": "yes"}, "true or false"),
        ({"name": "x", "colors": {"primary": "#fff"}, "colours": {}}, "unknown key"),
    ],
)
def test_bad_theme_data_is_explained(data, message):
    with pytest.raises(ThemeError, match=message):
        theme_from_data(data)


async def test_broken_user_theme_is_skipped_with_a_notice(make_db, app_factory, config_dir):
    (config_dir / "themes").mkdir()
    (config_dir / "themes" / "mine.yaml").write_text("name: mine\ncolors:\n  primary: bluish\n", encoding="utf-8")
    (config_dir / "themes" / "good.yaml").write_text("name: good\ncolors:\n  primary: '#123456'\n", encoding="utf-8")
    (config_dir / "state.json").write_text(json.dumps({"theme": "mine"}), encoding="utf-8")
    app = app_factory(make_db())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        # The theme files are read after the first paint.
        await until(pilot, lambda: "good" in app.available_themes, "the theme files read")
        assert app.theme == DEFAULT_THEME
        await until(pilot, lambda: app._notifications, "the notice")
        messages = " ".join(n.message for n in app._notifications)
        assert "mine.yaml skipped" in messages and "bluish" in messages
        assert "good" in app.available_themes


async def test_theme_choice_is_remembered(make_db, app_factory, config_dir):
    db = make_db()
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "secsc-projector"
        await pilot.pause()
    state = json.loads((config_dir / "state.json").read_text(encoding="utf-8"))
    assert state["theme"] == "secsc-projector"
    assert state["theme_definition"]["colors"]["background"] == "#FFFFFF"
    app = app_factory(db)
    assert app.theme == "secsc-projector"  # before the first paint, from the kept copy
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "secsc-light" in app.available_themes, "the theme files, read after the first paint")
        assert app.theme == "secsc-projector"


async def test_a_kept_theme_is_restyled_and_written_again_only_when_its_file_changed(make_db, app_factory, config_dir):
    (config_dir / "themes").mkdir()
    mine = config_dir / "themes" / "mine.yaml"
    mine.write_text("name: mine\ncolors:\n  primary: '#123456'\n  background: '#101010'\n", encoding="utf-8")
    state_file = config_dir / "state.json"
    db = make_db()
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "mine" in app.available_themes, "the theme files read")
        app.theme = "mine"
        await pilot.pause()
    kept = state_file.stat().st_mtime_ns

    app = app_factory(db)  # the file as kept: state.json is left alone, the files read in a thread
    read_in = []
    read = app._read_theme_files
    app._read_theme_files = lambda: (read_in.append(threading.current_thread() is threading.main_thread()), read())[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app._theme_definitions, "the theme files read")
        await pilot.pause()
    assert state_file.stat().st_mtime_ns == kept
    assert read_in == [False]  # not on the UI thread

    mine.write_text("name: mine\ncolors:\n  primary: '#123456'\n  background: '#202020'\n", encoding="utf-8")
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.current_theme.background == "#101010"  # painted first from the kept copy
        await until(pilot, lambda: app.current_theme.background == "#202020", "the edited file applied")
        await until(pilot, lambda: app.screen.styles.background.hex == "#202020", "the screen restyled")
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert state["theme_definition"]["colors"]["background"] == "#202020"


async def test_keys_can_be_remapped(make_db, app_factory, config_dir):
    (config_dir / "keys.toml").write_text('[keys]\n"session.next_step" = "f10,ctrl+right"\n', encoding="utf-8")
    session = sample("paper-example-en")
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.set_focus(None)
        await pilot.press("f7")  # review -> evaluation
        await pilot.pause()
        assert app.screen.session.progress.current_step.value == "evaluation"
        await pilot.press("f8")  # no longer bound
        await pilot.pause()
        assert app.screen.session.progress.current_step.value == "evaluation"
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert app.screen.session.progress.current_step.value == "review"


async def test_a_broken_keys_file_is_reported_not_fatal(make_db, app_factory, config_dir):
    (config_dir / "keys.toml").write_text("[keys\nthis is not toml", encoding="utf-8")
    app = app_factory(make_db())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: any("keys.toml" in n.message for n in app._notifications), "the notice")
