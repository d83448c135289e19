"""The footer: each key is styled once when a rebuild mounts it, and looks as Textual's does."""

from __future__ import annotations

from typing import ClassVar

from apphelpers import counted_calls, until
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets._footer import FooterKey

from secsc_tui.app.widgets.footer import Footer


class FooterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("x", "nothing", "Nothing"), ("y", "nothing_else", "Else")]

    def compose(self) -> ComposeResult:
        yield Footer()


async def test_a_rebuild_restyles_no_key_after_mounting_it(monkeypatch):
    app = FooterApp()
    async with app.run_test() as pilot:
        footer = app.query_one(Footer)
        await until(pilot, lambda: footer.query(".-command-palette"), "the footer's keys")
        restyled = counted_calls(monkeypatch, App, "update_styles", record=lambda _app, node, **_: node)
        footer.refresh(recompose=True)
        await pilot.pause()
        keys = list(footer.query(FooterKey))
        assert len(keys) == 3  # x, y and the command palette's
        # Textual's keys were made compact, then bound to the footer's (not compact):
        # two restyles each, on every rebuild.
        assert not [node for node in restyled if isinstance(node, FooterKey)]


async def test_keys_are_compact_as_the_footer_is_and_the_palette_key_as_textual_makes_it():
    app = FooterApp()
    async with app.run_test() as pilot:
        footer = app.query_one(Footer)
        await until(pilot, lambda: footer.query(".-command-palette"), "the footer's keys")
        palette = footer.query_one(".-command-palette", FooterKey)
        others = [key for key in footer.query(FooterKey) if key is not palette]
        assert all(not key.compact and not key.has_class("-compact") for key in others)
        assert palette.compact and palette.has_class("-compact")

        footer.compact = True  # the binding still follows the footer
        await pilot.pause()
        assert all(key.compact and key.has_class("-compact") for key in others)
