"""Opening a form: each widget styled once, the labels beside their fields, the dialog where it was."""

from __future__ import annotations

import pytest
from apphelpers import counted_calls, open_session, until
from helpers import at_scorecard, sample
from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from secsc_tui.app.screens.item_forms import KpiForm
from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.i18n import set_language


class Dialog(ModalScreen[None], StyledOnce[None]):
    DEFAULT_CSS = "Dialog { align: center middle; } Dialog Label { width: 10; } Dialog TextField { width: 20; }"

    def compose(self) -> ComposeResult:
        yield Label("a dialog")
        yield TextField("typed", compact=True)


def restyled_nodes(monkeypatch) -> list:
    """Each node restyled from now on (``App.update_styles``)."""
    return counted_calls(monkeypatch, App, "update_styles", record=lambda _app, node, **_: node)


async def test_a_screen_shown_the_first_time_is_not_restyled_after_mounting_but_again_later(monkeypatch):
    app = App[None]()
    async with app.run_test(size=(60, 20)) as pilot:
        app.install_screen(Dialog(), "dialog")
        restyled = restyled_nodes(monkeypatch)
        await app.push_screen("dialog")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog)
        assert dialog not in restyled
        # Its styles are all there: its own (centred), its class's, the compact field's.
        label = dialog.query_one(Label)
        assert label.region.x == 20 and label.region.width == 10
        field = dialog.query_one(TextField)
        assert field.compact and field.has_class("-textual-compact") and field.region.height == 1

        await app.pop_screen()
        await pilot.pause()
        restyled.clear()
        await app.push_screen("dialog")  # shown again: Textual restyles it, as a theme may have changed
        await pilot.pause()
        assert dialog in restyled


class Covered(StyledOnce[None]):
    def compose(self) -> ComposeResult:
        yield Label("underneath")


async def test_a_dialog_opening_lays_out_itself_without_the_screen_beneath(monkeypatch):
    # Textual sends a screen's first layout back to it as a Resize, which would lay the
    # dialog out again and the screen beneath too, though nothing changed size.
    app = App[None]()
    async with app.run_test(size=(60, 20)) as pilot:
        await app.push_screen(Covered())
        await pilot.pause()
        laid_out = counted_calls(monkeypatch, Screen, "_refresh_layout", record=lambda screen, *_a, **_k: screen)
        resumed = counted_calls(monkeypatch, Screen, "_on_screen_resume")
        await app.push_screen(Dialog())
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog)
        assert [type(s) for s in laid_out] == [Dialog, Dialog]  # shown, then once the widgets know their sizes
        assert resumed == [dialog]  # Textual's handler once, not again through StyledOnce
        assert dialog.query_one(Label).region.x == 20

        # A real resize still lays out every screen, the covered one included.
        laid_out.clear()
        await pilot.resize_terminal(70, 22)
        await pilot.pause()
        assert {type(s) for s in laid_out} == {Dialog, Covered}
        assert dialog.query_one(Label).region.x == 25


async def test_a_compact_text_field_is_not_restyled_before_it_is_mounted(monkeypatch):
    app = App[None]()
    async with app.run_test() as pilot:
        restyled = restyled_nodes(monkeypatch)
        field = TextField("x", compact=True)
        assert field.compact and field.has_class("-textual-compact")
        assert restyled == []  # Input's own __init__ restyled it here
        await app.mount(field)
        await pilot.pause()
        assert field.region.height == 1  # compact: no frame


@pytest.mark.parametrize("language", ["en", "ja"])
async def test_each_kpi_label_is_on_its_fields_line(make_db, app_factory, language):
    set_language(language)
    session = at_scorecard(sample("paper-example-en"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "a")
        await until(pilot, lambda: isinstance(app.screen, KpiForm), "the KPI form")
        form = app.screen
        labels = form.query_one(".field-labels", Static)
        fields = list(form.query_one(".field-column").children)
        assert len(fields) == 11
        names = str(labels.render()).split("\n")
        assert len(names) == len(fields)
        for line, field in enumerate(fields):
            assert field.region.y == labels.region.y + line
            assert field.region.x == labels.region.right  # a 16-cell label column, as the rows were
        assert labels.region.width == 16
