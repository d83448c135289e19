"""c on the scorecard: picking an item from the catalogue, by keyboard, into the cell under the cursor."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from apphelpers import open_session, screen_text, type_as_a_terminal, until, wait_saved
from helpers import add_workshop, at_scorecard, sample, stored
from textual._xterm_parser import XTermParser
from textual.widgets import Input, OptionList
from textual.widgets._footer import FooterKey

from secsc_tui.app.catalogue_source import CatalogueSource
from secsc_tui.app.participant import Participant, ParticipantApp
from secsc_tui.app.screens.catalogue_picker import CataloguePicker
from secsc_tui.app.screens.help import HelpScreen
from secsc_tui.app.screens.team_session import TeamSessionScreen
from secsc_tui.app.widgets.scorecard_grid import ScorecardGrid
from secsc_tui.core.catalogue import KpiEntry, builtin_catalogue
from secsc_tui.core.model import Kpi
from secsc_tui.core.problems import SecscError
from secsc_tui.core.store import Store
from secsc_tui.core.suggestions import matches


async def open_picker(app, pilot, *keys: str) -> CataloguePicker:
    """Press ``keys`` (the last one c) and wait until the picker lists the catalogue."""
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(app.screen, CataloguePicker) and app.screen.suggestions, "the picker")
    picker = app.screen
    assert isinstance(picker, CataloguePicker)
    return picker


def shown_entries(picker: CataloguePicker) -> list[str]:
    """The first line of every entry the list shows."""
    options = picker.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


def highlighted_entry(picker: CataloguePicker):
    index = picker.query_one(OptionList).highlighted
    assert index is not None
    return picker.suggestions[index].entry


async def test_a_kpi_from_the_catalogue_lands_in_the_cell_with_its_tags_and_is_saved(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "right", "right", "c")  # Financial › KPIs, on F-K1
        assert picker.query_one(Input).has_focus
        everything = len(shown_entries(picker))
        assert everything == len(builtin_catalogue().entries("kpis"))

        await type_as_a_terminal(app, pilot, "ログ")  # Japanese filters the English entries too
        await until(pilot, lambda: len(shown_entries(picker)) < everything, "the filtered list")
        shown = shown_entries(picker)
        # The two KPIs whose Japanese says ログ (log-ins and logs), in English: the session's language.
        assert sorted(shown) == [
            "Critical systems sending their logs to central monitoring",
            "Log-ins that succeed at the first attempt",
        ]
        first = highlighted_entry(picker)
        await pilot.press("down")  # the keys stay in the filter, the list moves
        assert picker.query_one(Input).has_focus and picker.query_one(Input).value == "ログ"
        chosen = highlighted_entry(picker)
        assert chosen is not first
        preview = str(picker.query_one("#catalogue-preview").render())
        assert chosen.text.en in preview and chosen.text.ja in preview
        assert isinstance(chosen, KpiEntry)
        box = picker.query_one("#catalogue-preview-box")
        await pilot.press("shift+down")  # at 80x24 the preview holds more than it shows
        await until(pilot, lambda: box.scroll_y > 0, "the preview to scroll")
        assert picker.query_one(Input).has_focus

        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        await wait_saved(app, pilot)

        kpis = stored(db, session.id).scorecard.financial.kpis
        old = session.scorecard.financial.kpis
        assert len(kpis) == len(old) + 1
        item = kpis[1]  # right after the KPI under the cursor
        assert isinstance(item, Kpi)
        assert item.id not in {k.id for k in old}
        assert (item.measure, item.meti, item.nist_csf) == (chosen.text.en, chosen.meti, chosen.nist_csf)
        assert (item.direction, item.target, item.unit, item.frequency, item.indicator) == (
            chosen.direction,
            chosen.target,
            chosen.unit.en,
            chosen.frequency,
            chosen.indicator,
        )
        grid = app.screen.query_one(ScorecardGrid)
        assert grid.has_focus and grid.current_item is not None and grid.current_item.id == item.id


async def test_escape_closes_the_picker_and_changes_nothing(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await open_picker(app, pilot, "down", "right", "c")
        await pilot.press(*"incident", "down", "down", "escape")
        await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard == session.scorecard
        assert app.screen.query_one(ScorecardGrid).has_focus


async def test_entries_come_in_the_sessions_language_whatever_the_interface_speaks(make_db, app_factory):
    session = at_scorecard(sample("paper-example-ja"))  # a Japanese session, an English interface
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "c")  # Financial › goals
        await pilot.press(*"insurance")  # an English word finds Japanese text
        await until(pilot, lambda: len(shown_entries(picker)) < len(builtin_catalogue().entries("goals")), "filter")
        chosen = highlighted_entry(picker)
        assert shown_entries(picker)[0] == chosen.text.ja
        assert "Catalogue — Financial › Strategy goals" in str(picker.query_one("#catalogue-title").render())
        await pilot.press("enter")
        await wait_saved(app, pilot)
        goals = stored(db, session.id).scorecard.financial.goals
        assert goals[1].text == chosen.text.ja and goals[1].meti == chosen.meti


async def test_nothing_matches_says_so_and_enter_inserts_nothing(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "c")
        await pilot.press(*"zzqx [b]", "enter")
        assert app.screen is picker  # still open: there is nothing to insert
        assert "Nothing in the catalogue matches “zzqx [b]”" in str(picker.query_one("#catalogue-preview").render())
        await pilot.press("escape")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard == session.scorecard


async def test_the_catalogue_is_read_once_per_app_and_off_the_ui_thread(make_db, app_factory, monkeypatch):
    reads: list[str] = []
    real_read = CatalogueSource.read

    def counted(self):
        reads.append(threading.current_thread().name)
        return real_read(self)

    monkeypatch.setattr(CatalogueSource, "read", counted)
    session = at_scorecard(sample("paper-example-en"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        for _ in range(2):
            await open_picker(app, pilot, "c")
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        assert len(reads) == 1
        assert reads[0] != threading.main_thread().name


async def test_the_trainers_own_entries_are_offered(make_db, app_factory, config_dir: Path):
    (config_dir / "catalogue").mkdir()
    (config_dir / "catalogue" / "ours.yaml").write_text(
        """catalogue_version: 1
csfs:
  - id: csf.ours.tabletop
    text: {en: "Quarterly tabletop with the [b]plant[/b] managers", ja: 工場長との四半期ごとの机上演習}
    perspective: learning_growth
    approaches: [ii]
    meti: [7]
""",
        encoding="utf-8",
    )
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "right", "c")
        await type_as_a_terminal(app, pilot, "机上演習")
        await until(
            pilot, lambda: shown_entries(picker)[:1] == ["Quarterly tabletop with the [b]plant[/b] managers"], "it"
        )
        shown = screen_text(app)  # written as it is in the list and the preview, never read as markup
        assert shown.count("Quarterly tabletop with the [b]plant[/b] managers") == 2, shown
        await pilot.press("enter")
        await wait_saved(app, pilot)
        csfs = stored(db, session.id).scorecard.financial.csfs
        assert [c.text for c in csfs][1] == "Quarterly tabletop with the [b]plant[/b] managers"
        assert csfs[1].meti == [7]


async def test_entries_the_trainer_imported_into_the_database_are_offered(make_db, app_factory, tmp_path: Path):
    """The shared store's catalogue: an entry imported with ``secsc catalog import`` on this database."""
    file = tmp_path / "shared.yaml"
    file.write_text(
        """catalogue_version: 1
kpis:
  - id: kpi.shared.patch-window
    text: {en: "Days from a vendor's OT patch to its installation at the plant", ja: 工場でのOTパッチ適用までの日数}
    perspective: financial
    approaches: [ii, iii]
    nist_csf: [PR.PS]
    direction: at_most
    target: 30
    unit: {en: days, ja: 日}
    frequency: monthly
    owner: {en: plant manager, ja: 工場長}
    indicator: lagging
    sp800_55: efficiency
    computation: {en: Median over the month's patches, ja: 当月のパッチの中央値}
""",
        encoding="utf-8",
    )
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    with Store.open(db) as store:
        assert store.import_catalogue(file).added == ["kpi.shared.patch-window"]
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "right", "right", "c")
        await type_as_a_terminal(app, pilot, "OT patch")
        await until(
            pilot,
            lambda: shown_entries(picker)[:1] == ["Days from a vendor's OT patch to its installation at the plant"],
            "it",
        )


async def test_the_footer_and_f1_name_the_key(make_db, app_factory):
    session = at_scorecard(sample("paper-example-ja"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        for language in ("en", "ja"):
            await app.switch_language(language)
            await pilot.pause(0.2)
            keys = list(app.screen.query(FooterKey))
            shown = {str(key.description) for key in keys}
            catalogue, help_key = ("Catalogue", "Help") if language == "en" else ("カタログ", "ヘルプ")
            assert catalogue in shown and help_key in shown, shown
            # Every key is seen whole at 80 columns: none runs under the command palette's key.
            (palette,) = [key for key in keys if key.action.endswith("command_palette")]
            others = [key for key in keys if key is not palette]
            assert all(key.region.right <= palette.region.x for key in others), [
                (key.description, key.region) for key in others
            ]
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "grid.catalogue" in {str(cell) for cell in app.screen.keys_table.columns[2].cells}
        guide = " ".join(str(static.render()) for static in app.screen.query(".guide"))
        assert "スコアカードで c を押すと" in guide  # the method's guide (the interface speaks Japanese now)


async def test_a_participant_picks_from_the_catalogue_in_their_team(make_db, config_dir):
    team = at_scorecard(sample("paper-example-en"))
    db = make_db(team)
    add_workshop(db, "Nagoya 2026", team.id, workshop_id="w-nagoya")
    app = ParticipantApp(
        db=str(db), workshop_id="w-nagoya", participant=Participant(team.id, "Ken"), config_dir=config_dir
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, TeamSessionScreen) and app.screen.editor is not None and app.screen.focused,
            "the team",
        )
        picker = await open_picker(app, pilot, "right", "right", "right", "c")  # Financial › action plans
        chosen = highlighted_entry(picker)
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        await wait_saved(app, pilot)
        actions = stored(db, team.id).scorecard.financial.actions
        assert actions[1].text == chosen.text.en and actions[1].nist_csf == chosen.nist_csf


async def test_a_catalogue_that_cannot_be_read_is_said_and_tried_again_next_time(make_db, app_factory, monkeypatch):
    real_read = CatalogueSource.read
    failing = [True]

    def read(self):
        if failing[0]:
            raise SecscError("the disk is gone [b]")
        return real_read(self)

    monkeypatch.setattr(CatalogueSource, "read", read)
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("c")
        preview = "#catalogue-preview"
        await until(pilot, lambda: "could not be read" in str(app.screen.query_one(preview).render()), "the failure")
        assert "the disk is gone [b]" in str(app.screen.query_one(preview).render())
        await pilot.press("enter", "escape")  # nothing to insert
        failing[0] = False
        await open_picker(app, pilot, "c")
        await pilot.press("escape")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard == session.scorecard


async def test_the_picker_keeps_its_filter_when_the_language_changes(make_db, app_factory):
    session = at_scorecard(sample("paper-example-en"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        picker = await open_picker(app, pilot, "right", "right", "c")
        await pilot.press(*"phishing")
        await until(
            pilot, lambda: 0 < len(shown_entries(picker)) < len(builtin_catalogue().entries("kpis")), "filtered"
        )
        before = shown_entries(picker)
        await app.switch_language("ja")
        await pilot.pause(0.2)
        assert app.screen is picker and picker.query_one(Input).value == "phishing"
        assert shown_entries(picker) == before  # the session's language: English
        assert "カタログ — 財務" in str(picker.query_one("#catalogue-title").render())
        assert "一致" in str(picker.query_one("#catalogue-count").render())
        await app.switch_language("en")


async def test_keys_typed_right_after_c_reach_the_picker_in_order(make_db, app_factory, monkeypatch):
    # A fast typist (or a laggy browser tab): the filter and Enter arrive before the catalogue is read.
    real_read = CatalogueSource.read

    def slow_read(self):
        time.sleep(2)  # a busy machine
        return real_read(self)

    monkeypatch.setattr(CatalogueSource, "read", slow_read)
    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert app.catalogue.loaded is None
        await pilot.press("down", "down")  # Customer › goals
        # All at once, as a terminal delivers a burst (Pilot's press waits between keys).
        for event in XTermParser().feed("ccustomer data\r"):
            event.set_sender(app)
            app._driver.send_message(event)
        await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        await wait_saved(app, pilot)
        goals = stored(db, session.id).scorecard.customer.goals
        expected = [e for e in builtin_catalogue().entries("goals") if matches(e, "customer data")]
        assert len(goals) == len(session.scorecard.customer.goals) + 1
        assert [goals[1].text] == [e.text.en for e in expected]


async def test_a_broken_trainers_file_is_skipped_and_said_once(make_db, app_factory, config_dir: Path):
    (config_dir / "catalogue").mkdir()
    (config_dir / "catalogue" / "broken.yaml").write_text("catalogue_version: 1\ngoals:\n  - id: [\n", encoding="utf-8")
    session = at_scorecard(sample("paper-example-en"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        for _ in range(2):
            picker = await open_picker(app, pilot, "c")
            assert len(shown_entries(picker)) == len(builtin_catalogue().entries("goals"))
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, CataloguePicker), "the picker to close")
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "broken.yaml" in warnings[0], warnings
