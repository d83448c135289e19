"""ChoiceField: a one-line choice stepped with ← →, or chosen from its list (Enter, Space, ↑ ↓)."""

from __future__ import annotations

from apphelpers import open_session, until, wait_saved
from helpers import at_scorecard, stored
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from secsc_tui.app.screens.item_forms import KpiForm
from secsc_tui.app.widgets.choice_field import ChoiceField, ChoiceList
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Direction, Frequency, Indicator


class OneChoice(App[None]):
    def __init__(self, field: ChoiceField[str]):
        super().__init__()
        self.field = field
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        yield self.field

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        self.changes.append(event.value)


def line(app: App[None], field: ChoiceField[str]) -> str:
    x, y, width, _height = field.region
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[y]).rstrip()[x : x + width]


async def test_left_and_right_step_through_the_choices_and_the_blank_one():
    field = ChoiceField([("[b]bold[/b]", "b"), ("月次", "m")], prompt="how often", id="f")
    app = OneChoice(field)
    async with app.run_test(size=(40, 5)) as pilot:
        field.focus()
        await pilot.pause()
        assert field.value is None and line(app, field).startswith("how often")
        await pilot.press("right")
        assert field.value == "b"
        await pilot.pause()
        assert "[b]bold[/b]" in line(app, field)  # literally, not as markup
        await pilot.press("right", "right")  # stops at the last
        assert field.value == "m"
        await pilot.pause()
        assert line(app, field).endswith("▼") and "月次" in line(app, field)
        await pilot.press("left", "left", "left")
        assert field.value is None
        assert app.changes == ["b", "m", "b", None]


async def test_a_choice_without_a_blank_starts_on_its_first_option():
    field = ChoiceField([("one", "1"), ("two", "2")], allow_blank=False)
    assert field.value == "1"
    app = OneChoice(field)
    async with app.run_test(size=(40, 5)) as pilot:
        field.focus()
        await pilot.press("left")
        assert field.value == "1" and app.changes == []


async def test_the_list_opens_on_the_current_choice_and_escape_keeps_it():
    field = ChoiceField([("one", "1"), ("two", "2"), ("three", "3")], "2", allow_blank=False)
    app = OneChoice(field)
    async with app.run_test(size=(40, 10)) as pilot:
        field.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChoiceList), "the list")
        await pilot.press("down", "escape")
        await until(pilot, lambda: app.focused is field, "back on the field")
        assert field.value == "2"
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ChoiceList), "the list again")
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.focused is field, "back on the field")
        assert field.value == "3" and app.changes == ["3"]


async def test_a_kpi_s_direction_frequency_and_indicator_are_chosen_by_keyboard(make_db, app_factory):
    session = at_scorecard(new_session("Choices"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "a")
        await until(pilot, lambda: isinstance(app.screen, KpiForm), "the KPI form")
        form = app.screen
        await pilot.press(*"Patch lag", "tab", "tab", *"30", "shift+tab")  # a target, back on the direction
        direction = form.query_one("#kpi-direction", ChoiceField)
        first = direction.value
        await pilot.press("right")
        assert direction.value != first
        preview = form.query_one("#preview")
        await until(pilot, lambda: f"{direction.value.symbol} 30" in str(preview.render()), "the preview follows")
        await pilot.press("tab", "tab", "tab")  # target, unit, frequency
        assert app.focused.id == "kpi-frequency"
        await pilot.press("enter")  # its list: the blank choice, then every frequency
        await until(pilot, lambda: isinstance(app.screen, ChoiceList), "the frequencies")
        frequency = form.query_one("#kpi-frequency", ChoiceField)
        choices = app.screen.query_one(OptionList)
        await until(pilot, lambda: choices.region.height, "the list laid out")
        assert (choices.region.x, choices.region.y) == (frequency.region.x, frequency.region.y + 1)  # under it
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: app.screen is form, "back in the form")
        await pilot.press("tab", "tab", "right", "f2")  # the owner, the indicator: leading
        await wait_saved(app, pilot)
        kpi = stored(db, session.id).scorecard.financial.kpis[0]
        assert (kpi.measure, kpi.target) == ("Patch lag", 30)
        assert kpi.direction == direction.value and kpi.direction != Direction(first)
        assert kpi.frequency == list(Frequency)[1]
        assert kpi.indicator == next(iter(Indicator))
