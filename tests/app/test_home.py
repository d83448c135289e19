"""The home screen: the list of sessions and everything done to them, by keyboard."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from apphelpers import settle, until
from helpers import sample, stored
from textual.widgets import Label

from secsc_tui.app.screens.home import HomeScreen
from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.lineage import content_digest
from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import read_sessions_file


def summaries(db: Path):
    store = Store.open(str(db))
    try:
        return store.list_sessions()
    finally:
        store.close()


async def test_empty_database_offers_the_samples(db_path, app_factory):
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        empty = app.screen.query_one("#home-empty")
        assert empty.display and "sample" in str(empty.query("Static")[1].render())
        await pilot.press("s")
        await settle(app, pilot)
        table = app.screen.query_one("#sessions")
        assert table.row_count == 4
        assert not empty.display
    assert {s.id for s in summaries(db_path)} >= {"paper-example-en", "paper-example-ja"}


async def test_new_session_then_resume_where_it_was(db_path, app_factory):
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n", *"Team [b]A[/b] 東京", "tab", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        [summary] = summaries(db_path)
        assert summary.title == "Team [b]A[/b] 東京"
        assert stored(db_path, summary.id).language.value == "ja"
        await pilot.press("f8", "f8")  # to step 3
        await until(pilot, lambda: app.screen.session.progress.current_step.value == "strategic_goal", "step 3")
        await pilot.press("escape", "escape")  # leave the field, then the screen
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions").row_text(0)[0] == "Team [b]A[/b] 東京"

    app = app_factory(db_path)  # a restart
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.progress.current_step.value == "strategic_goal"


async def test_rename_copy_delete(make_db, app_factory):
    db = make_db(sample("paper-example-en"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r", "ctrl+u", *"Renamed [/i]", "enter")
        await settle(app, pilot)
        assert stored(db, "paper-example-en").title == "Renamed [/i]"
        await pilot.press("c")
        await settle(app, pilot)
        titles = sorted(s.title for s in summaries(db))
        assert titles == ["Renamed [/i]", "Renamed [/i] (copy)"]
        await pilot.press("d", "n")  # asked, and kept
        await settle(app, pilot)
        assert len(summaries(db)) == 2
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert len(summaries(db)) == 1


async def test_export_and_import_through_the_prompts(make_db, app_factory, tmp_path):
    db = make_db(sample("paper-example-ja"))
    app = app_factory(db)
    target = tmp_path / "out.yaml"
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *str(target), "enter")
        await settle(app, pilot)
        [exported] = read_sessions_file(target)
        assert exported == stored(db, "paper-example-ja")  # the database noted the export in its history
        assert exported.history == [content_digest(exported)]

        await pilot.press("d", "y")
        await settle(app, pilot)
        assert summaries(db) == []
        await pilot.press("i", "ctrl+u", *str(target), "enter")
        await settle(app, pilot)
        assert [s.id for s in summaries(db)] == ["paper-example-ja"]


async def test_an_export_that_cannot_be_written_says_which_file(make_db, app_factory, tmp_path):
    db = make_db(sample("paper-example-en"))
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("", encoding="utf-8")
    target = not_a_folder / "out.yaml"
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *str(target), "enter")
        await settle(app, pilot)
        [failure] = [n for n in app._notifications if n.severity == "error"]
    assert failure.title == "Export failed"
    assert failure.message.startswith(f"could not write {not_a_folder}{os.sep}")  # the file, then why


async def test_an_older_database_is_upgraded_saying_so_and_where_its_backup_is(app_factory, tmp_path, monkeypatch):
    db = tmp_path / "secsc.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "db" / "schema-0008.sqlite3", db)
    # The upgrade waits until the test has seen what the home screen says meanwhile.
    from secsc_tui.core.store import database

    seen = threading.Event()
    backup_database = database.backup_database

    def back_up_when_seen(*args, **kwargs):
        seen.wait(30)
        return backup_database(*args, **kwargs)

    monkeypatch.setattr(database, "backup_database", back_up_when_seen)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        status = home.query_one("#home-status", Label)
        upgrading = "Upgrading the database from an older secsc, after a backup copy…"
        await until(pilot, lambda: str(status.render()) == upgrading, "the note on the upgrade")
        seen.set()
        await settle(app, pilot)
        [backup] = tmp_path.glob("secsc.sqlite3.backup-0008-*.sqlite3")
        [note] = [n for n in app._notifications if n.title == "Database"]
        assert note.message.endswith(f"A copy of it as it was: {backup}") and "upgraded" in note.message
        assert len(home.summaries) == 3  # the fixture's sessions, read once the upgrade is done


async def test_a_note_on_opening_that_came_before_the_home_screen_is_shown(app_factory, tmp_path, monkeypatch):
    # The thread that opens the database may set the note before the home screen watches it.
    released = threading.Event()
    opening = Store.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Store, "open", classmethod(lambda cls, *a, **k: released.wait(30) and opening(cls, *a, **k)))
    app = app_factory(tmp_path / "new.sqlite3")
    app.opening_note = "a note from before"
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one("#home-status", Label)
        await until(pilot, lambda: str(status.render()) == "a note from before", "the early note")
        released.set()
        await settle(app, pilot)


async def test_import_of_a_broken_file_says_why(make_db, app_factory, tmp_path):
    db = make_db()
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: x\ntitle: t\ncreated: nope\n", encoding="utf-8")
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("i", "ctrl+u", *str(broken), "enter")
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("broken.yaml" in m and "refused" in m for m in messages)
        assert any("created" in m for m in messages)
    assert summaries(db) == []


async def test_filter_narrows_the_list(make_db, app_factory):
    db = make_db(sample("paper-example-en"), sample("paper-example-ja"), sample("ci-operator-regulated"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#sessions")
        assert table.row_count == 3
        await pilot.press("slash", *"ブランド")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 3


async def test_help_lists_the_keys_of_the_screen(make_db, app_factory):
    db = make_db(sample("paper-example-en"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "home.delete" in screen_text and "Delete" in screen_text
        guide = " ".join(str(w.render()) for w in app.screen.query(".guide"))
        assert "Strategy map" in guide
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def many_of(screen, n: int) -> list:
    """The home screen's one session n times, as "Team 00000", "Team 00001"..."""
    import dataclasses

    [one] = screen.summaries
    return [dataclasses.replace(one, id=f"s-{i:05d}", title=f"Team {i:05d}") for i in range(n)]


async def test_a_long_list_formats_only_the_rows_on_screen(make_db, app_factory, monkeypatch):
    """With thousands of sessions, showing the list (or a filter's matches) formats only the rows drawn."""
    from secsc_tui.app.widgets import session_list

    db = make_db(sample("paper-example-en"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        formatted: list[str] = []
        real_cells = session_list.row_cells

        def counted(summary, widths):
            formatted.append(summary.id)
            return real_cells(summary, widths)

        monkeypatch.setattr(session_list, "row_cells", counted)
        screen._loaded_summaries(many_of(screen, 5000))
        await pilot.pause()
        table = screen.query_one("#sessions")
        assert table.row_count == 5000
        # 24 lines: the header, the list's heading, 20 rows, the status and the footer.
        assert sorted(set(formatted)) == [f"s-{i:05d}" for i in range(20)]
        await pilot.press("slash")
        for key in "00424":  # each key shows its matches (first 5000): at most a screenful is formatted
            formatted.clear()
            await pilot.press(key)
            await pilot.pause()
            assert len(formatted) <= 20
        assert table.row_count == 1 and table.row_text(0)[0] == "Team 00424"
        assert "1 of 5000 sessions match" in str(screen.query_one("#home-status").render())


async def test_the_cursor_stays_on_its_session_through_a_filter(make_db, app_factory):
    db = make_db(sample("paper-example-en"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen._loaded_summaries(many_of(screen, 300))
        await pilot.pause()
        await pilot.press("end", "up")  # Team 00298
        table = screen.query_one("#sessions")
        assert screen.current_id() == "s-00298"
        await pilot.press("slash", *"9")  # 00298 still matches, and stays under the cursor
        await pilot.pause()
        assert screen.current_id() == "s-00298"
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 300 and screen.current_id() == "s-00298"
        assert table.has_focus
        await pilot.press("slash", *"00001")  # no longer shown: the cursor goes to the first match
        await pilot.pause()
        assert screen.current_id() == "s-00001"


async def test_the_list_shows_before_the_store_opens(make_db, app_factory, monkeypatch):
    # The list of an up-to-date file is read with sqlite3 and shown while the store
    # (SQLAlchemy, the tables) is still opening; a key that needs the store then waits
    # for it, and so do the keys typed after it.
    import threading

    from secsc_tui.app.screens.dialogs import TextPrompt

    db = make_db(sample("paper-example-en"), sample("paper-example-ja"))
    release = threading.Event()
    real_open = Store.open.__func__

    def held_open(cls, *args, **kwargs):
        release.wait(10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(held_open))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query("#sessions"):
                break
        table = app.screen.query_one("#sessions")
        await until(pilot, lambda: table.size.width, "the list laid out")  # its columns' widths come from its own
        assert app.store is None
        assert table.row_count == 2
        assert table.row_text(0)[0] == "Security Scorecard — the pap…"  # as wide as at 80 columns
        assert db.name in str(app.screen.query_one("#home-status").render())
        await pilot.press("r")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)  # the rename waits for the store
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, TextPrompt):
                break
        assert app.store is not None
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.id == "paper-example-en"


async def test_a_long_list_shows_its_first_screenful_then_all_of_it_before_the_store_opens(
    make_db, app_factory, monkeypatch
):
    # Ten thousand summaries take ~150 ms to read: the first screenful is read and
    # shown first, then the whole list (here: a page of 2 of the 4 samples).
    import threading

    import secsc_tui.app.app as app_module

    monkeypatch.setattr(app_module, "FIRST_LIST_PAGE", 2)
    db = make_db(
        *(
            sample(name)
            for name in [
                "ci-operator-regulated",
                "paper-example-en",
                "paper-example-ja",
                "sme-manufacturer-supply-chain",
            ]
        )
    )
    release = threading.Event()
    real_open = Store.open.__func__
    monkeypatch.setattr(Store, "open", classmethod(lambda cls, *a, **k: (release.wait(10), real_open(cls, *a, **k))[1]))
    shown: list[tuple[int, bool, str]] = []
    first_list = HomeScreen._first_list

    def record(screen, path, summaries, whole):
        first_list(screen, path, summaries, whole)
        shown.append((len(summaries), whole, str(screen.query_one("#home-status").render())))

    monkeypatch.setattr(HomeScreen, "_first_list", record)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(shown) == 2, "the whole list")
        assert [(n, whole) for n, whole, _status in shown] == [(2, False), (4, True)]
        assert "Reading the sessions…" in shown[0][2] and "4 sessions" in shown[1][2]
        assert app.store is None
        assert app.screen.query_one("#sessions").row_count == 4
        release.set()
        await until(pilot, lambda: app.store is not None, "the store")
        await pilot.press("slash", *"tokai")
        await until(pilot, lambda: "match" in str(app.screen.query_one("#home-status").render()), "the filter")


def test_the_session_code_is_imported_once_the_list_is_shown(make_db, config_dir):
    # In a fresh interpreter: the app starts without the step views and forms, and
    # has them imported (in a thread) once the home list is shown and the store open.
    import subprocess
    import sys
    import textwrap

    db = make_db(sample("paper-example-en"))
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from secsc_tui.app.app import SecscApp
        WANTED = ["secsc_tui.app.steps.scorecard", "secsc_tui.app.steps.approach", "secsc_tui.app.screens.item_forms"]

        async def main():
            app = SecscApp({str(db)!r}, config_dir={str(config_dir)!r})
            async with app.run_test(size=(80, 24)) as pilot:
                print("before", [m in sys.modules for m in WANTED])
                for _ in range(400):
                    await pilot.pause(0.05)
                    if app.store is not None and all(m in sys.modules for m in WANTED):
                        break
                print("after", [m in sys.modules for m in WANTED])

        asyncio.run(main())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "before [False, False, False]" in done.stdout
    assert "after [True, True, True]" in done.stdout


async def test_the_list_follows_the_filter_in_the_same_refresh_as_the_field(make_db, app_factory):
    # The list is narrowed while the field takes its new value, not on the Input.Changed
    # message that follows: the field and the list are then drawn in one frame.
    db = make_db(sample("paper-example-en"), sample("paper-example-ja"), sample("ci-operator-regulated"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        screen = app.screen
        table = screen.query_one("#sessions")
        screen.query_one("#home-filter").value = "ブランド"
        assert table.row_count == 1  # no await between: no message was handled
        assert "1 of 3 sessions match “ブランド”" in str(screen.query_one("#home-status").render())
        await pilot.press("escape")
        assert table.row_count == 3 and table.has_focus
