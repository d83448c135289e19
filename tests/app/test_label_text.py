"""show_text: a label's new text is laid out when its size changes, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

from secsc_tui.app.widgets.label_text import show_text


class Labels(App[None]):
    CSS = """
    #fits { width: auto; }
    #wraps { width: 20; }
    """

    def compose(self) -> ComposeResult:
        yield Label("short", id="fits", markup=False)
        yield Label("one line", id="wraps", markup=False)


async def test_a_label_takes_the_size_of_its_new_text_and_the_screen_is_laid_out_only_then(monkeypatch):
    app = Labels()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        fits, wraps = app.query_one("#fits", Label), app.query_one("#wraps", Label)
        layouts: list[str] = []  # the labels that asked for the screen to be laid out again
        for label in (fits, wraps):
            refresh = label.refresh
            monkeypatch.setattr(
                label,
                "refresh",
                lambda *a, _refresh=refresh, _id=label.id, **k: (
                    layouts.append(_id) if k.get("layout") else None,
                    _refresh(*a, **k),
                )[1],
            )

        show_text(wraps, "two words")  # the same one line
        show_text(fits, "SHORT")  # the same width
        await pilot.pause()
        assert layouts == []
        assert str(wraps.render()) == "two words" and str(fits.render()) == "SHORT"

        show_text(fits, "a good deal longer [b]not markup[/b]")
        await pilot.pause()
        assert set(layouts) == {"fits"}
        assert fits.size.width == len("a good deal longer [b]not markup[/b]")
        assert str(fits.render()) == "a good deal longer [b]not markup[/b]"

        show_text(wraps, "a text that wraps onto a second and a third line")
        await pilot.pause()
        assert wraps.size.height == 3
        layouts.clear()
        show_text(wraps, "another text that wraps onto three lines too")
        await pilot.pause()
        assert layouts == [] and wraps.size.height == 3

        show_text(wraps, "短い")  # back to one line: two cells a character
        await pilot.pause()
        assert wraps.size.height == 1
