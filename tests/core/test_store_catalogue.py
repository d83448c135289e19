"""The trainer's catalogue in the database: import, list, the catalogue in use; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from helpers import empty_database

from secsc_tui.core.catalogue import CatalogueImport, builtin_catalogue, dump_catalogue, load_catalogue_text
from secsc_tui.core.model import Column
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.store import Store
from secsc_tui.core.store.tables import catalogue_entry_table

GOAL = """\
  - id: {id}
    text:
      en: {en}
      ja: {ja}
    perspective: customer
    approaches: [ii]
    meti: [9]
    nist_csf: [GV.SC]
"""

KPI = """\
catalogue_version: 1
kpis:
  - id: mine.kpi.drill-hours
    text:
      en: Hours until the plant drill's findings are closed
      ja: 工場の訓練の指摘が解消されるまでの時間 🏭
    perspective: internal_processes
    approaches: [iii]
    meti: [7, 8]
    nist_csf: [RS.MA]
    direction: at_most
    target: 4.5
    unit: {en: hours, ja: 時間}
    frequency: quarterly
    owner: {en: Plant manager, ja: 工場長}
    indicator: lagging
    sp800_55: effectiveness
    computation:
      en: Hours from the end of the drill until its last finding is closed
      ja: 訓練の終了から最後の指摘が解消されるまでの時間
"""


def goals_file(*entries: tuple[str, str, str]) -> str:
    return "catalogue_version: 1\ngoals:\n" + "".join(GOAL.format(id=i, en=en, ja=ja) for i, en, ja in entries)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(target: str) -> list[tuple]:
    """What the table holds, read beside the store."""
    url = target if "://" in target else f"sqlite:///{target}"
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            table = catalogue_entry_table
            return [tuple(r) for r in conn.execute(sa.select(table).order_by(table.c.position))]
    finally:
        engine.dispose()


def test_import_stores_the_entries_and_the_catalogue_in_use_has_them(database_target: str, tmp_path: Path):
    mine = write(tmp_path, "mine.yaml", KPI)
    with Store.open(database_target) as store:
        assert store.catalogue_entries().entries == [] and len(store.catalogue().catalogue) == len(builtin_catalogue())
        result = store.import_catalogue(mine)
        assert (result.added, result.updated, result.unchanged) == (["mine.kpi.drill-hours"], [], [])
        assert result.changed and result.where == store._repo.where

        [entry] = store.catalogue_entries().entries
        assert entry == load_catalogue_text(KPI).entries[0] and entry.target == 4.5
        loaded = store.catalogue()
        assert loaded.problems == [] and loaded.database == result.where
        assert loaded.catalogue.entries(Column.KPIS)[-1] == entry
        assert loaded.catalogue.origin(entry.id) == result.where
        assert len(loaded.catalogue) == len(builtin_catalogue()) + 1
        stored = rows(database_target)

        again = store.import_catalogue(mine)  # changes nothing, not even the time it was stored
        assert (again.added, again.updated, again.unchanged, again.changed) == ([], [], [entry.id], False)
    assert rows(database_target) == stored
    [(entry_id, kind, position, _data, _updated)] = stored
    assert (entry_id, kind, position) == ("mine.kpi.drill-hours", "kpis", 0)
    with Store.open(database_target) as store:  # and it is there for the next one who opens the database
        assert [e.id for e in store.catalogue_entries().entries] == ["mine.kpi.drill-hours"]


def test_the_trainers_entries_export_alone_and_import_into_another_database(database_target: str, tmp_path: Path):
    with Store.open(database_target) as store:
        assert store.export_catalogue().startswith("# secsc catalogue. Strategy goals: 0, CSFs: 0, KPIs: 0,")
        store.import_catalogue(write(tmp_path, "mine.yaml", KPI))
        exported = store.export_catalogue()
        entries = store.catalogue_entries().entries
    assert load_catalogue_text(exported).entries == entries
    with Store.open(empty_database(tmp_path / "other.sqlite3")) as other:
        assert other.import_catalogue(write(tmp_path, "own.yaml", exported)).added == ["mine.kpi.drill-hours"]
        assert other.catalogue_entries().entries == entries and other.export_catalogue() == exported


def test_importing_its_own_export_changes_nothing(database_target: str, tmp_path: Path):
    mine = write(tmp_path, "mine.yaml", KPI)
    with Store.open(database_target) as store:
        store.import_catalogue(mine)
        before = rows(database_target)
        export = write(tmp_path, "export.yaml", dump_catalogue(store.catalogue().catalogue))
        result = store.import_catalogue(export)
        assert (result.added, result.updated, result.changed) == ([], [], False)
        assert len(result.unchanged) == len(builtin_catalogue()) + 1
        assert dump_catalogue(store.catalogue().catalogue) == export.read_text(encoding="utf-8")
    assert rows(database_target) == before


def test_a_changed_entry_replaces_the_stored_one_in_its_place_and_new_ones_come_last(
    database_target: str, tmp_path: Path
):
    first = write(
        tmp_path,
        "first.yaml",
        goals_file(("mine.a", "First own goal", "最初の独自目標"), ("mine.b", "Second own goal", "二番目の独自目標")),
    )
    builtin = builtin_catalogue()
    changed_builtin = builtin.get("goal.fin.quick-response").model_copy(update={"meti": [7, 8]})
    same_as_builtin = builtin.get("goal.fin.optimise-cost")
    second = write(
        tmp_path,
        "second.yaml",
        goals_file(("mine.a", "First own goal, reworded", "最初の独自目標(改)"), ("mine.c", "Third", "三番目"))
        + dump_catalogue([changed_builtin, same_as_builtin]).split("goals:\n", 1)[1].split("csfs:")[0],
    )
    with Store.open(database_target) as store:
        assert store.import_catalogue(first).added == ["mine.a", "mine.b"]
        result = store.import_catalogue(second)
        assert (result.added, result.updated, result.unchanged) == (
            ["mine.c"],
            ["mine.a", "goal.fin.quick-response"],
            ["goal.fin.optimise-cost"],
        )
        assert [e.id for e in store.catalogue_entries().entries] == [
            "mine.a",
            "mine.b",
            "mine.c",
            "goal.fin.quick-response",
        ]
        catalogue = store.catalogue().catalogue
        assert catalogue.get("mine.a").text.en == "First own goal, reworded"
        assert catalogue.get("goal.fin.quick-response").meti == [7, 8]
        # The replaced built-in entry keeps its place among the goals.
        goals = [e.id for e in catalogue.entries(Column.GOALS)]
        assert goals.index("goal.fin.quick-response") == [e.id for e in builtin.entries(Column.GOALS)].index(
            "goal.fin.quick-response"
        )
    assert [(r[0], r[2]) for r in rows(database_target)] == [
        ("mine.a", 0),
        ("mine.b", 1),
        ("mine.c", 2),
        ("goal.fin.quick-response", 3),
    ]


def test_a_broken_or_clashing_file_is_refused_whole_with_file_line_and_field(database_target: str, tmp_path: Path):
    broken = write(tmp_path, "broken.yaml", goals_file(("g.a", "Fine", "良い")).replace("[9]", "[0]"))
    clash = write(
        tmp_path,
        "clash.yaml",
        goals_file(
            ("mine.ok", "Fine on its own", "単独なら良い"), ("kpi.fin.rosi", "A goal with a KPI's id", "KPIのID")
        ),
    )
    with Store.open(database_target) as store:
        with pytest.raises(InvalidInput) as caught:
            store.import_catalogue(broken)
        assert [str(p) for p in caught.value.problems] == [
            f"{broken}:9: goals[0].meti[0]: expected a whole number from 1 to 10, found 0"
        ]
        with pytest.raises(InvalidInput) as caught:
            store.import_catalogue(clash)
        assert [str(p) for p in caught.value.problems] == [
            f"{clash}:11: id: id 'kpi.fin.rosi' is a KPI in the built-in catalogue; give this strategy goal another id"
        ]
        store.import_catalogue(write(tmp_path, "mine.yaml", KPI))
        same_text = write(
            tmp_path,
            "same.yaml",
            KPI.replace("mine.kpi.drill-hours", "other.kpi").replace("kpis:", "kpis:", 1),
        )
        with pytest.raises(InvalidInput, match=r"same\.yaml:3: text\.en: entry 'mine\.kpi\.drill-hours' \(.*\) has"):
            store.import_catalogue(same_text)
        assert [e.id for e in store.catalogue_entries().entries] == ["mine.kpi.drill-hours"]


def test_the_config_folders_files_are_still_read_and_importing_them_moves_them_in(database_target: str, tmp_path: Path):
    config = tmp_path / "config"
    laptop = write(
        config / "catalogue",
        "imported.yaml",
        goals_file(
            ("mine.a", "Goal kept on the laptop", "ノートPCに置いた目標"),
            ("goal.fin.optimise-cost", "Spend on security what the risks justify", "リスクに見合うだけ投資する"),
        ),
    )
    with Store.open(database_target) as store:
        loaded = store.catalogue(config)
        assert loaded.files == [laptop] and [e.id for e in loaded.from_files()] == [
            "goal.fin.optimise-cost",
            "mine.a",
        ]
        # The built-in entry as it ships, imported while the laptop's file replaces it: stored, so it wins.
        builtin = write(tmp_path, "builtin.yaml", dump_catalogue([builtin_catalogue().get("goal.fin.optimise-cost")]))
        result = store.import_catalogue(builtin, config_folder=config)
        assert (result.updated, result.changed) == (["goal.fin.optimise-cost"], True)
        assert store.catalogue(config).catalogue.get("goal.fin.optimise-cost") == builtin_catalogue().get(
            "goal.fin.optimise-cost"
        )

        moved = store.import_catalogue(laptop, config_folder=config)
        assert (moved.added, moved.updated) == (["mine.a"], ["goal.fin.optimise-cost"])
        loaded = store.catalogue(config)
        assert loaded.from_files() == [] and loaded.problems == []
        assert loaded.catalogue.origin("mine.a") == moved.where
        assert loaded.catalogue.get("goal.fin.optimise-cost").text.en == "Spend on security what the risks justify"
        # Without the laptop's folder (another trainer, the shared database): the same catalogue.
        assert dump_catalogue(store.catalogue().catalogue) == dump_catalogue(loaded.catalogue)


def test_a_row_this_secsc_cannot_read_is_left_out_reported_and_can_be_replaced(database_target: str, tmp_path: Path):
    with Store.open(database_target) as store:
        store.import_catalogue(write(tmp_path, "mine.yaml", KPI))
    url = database_target if "://" in database_target else f"sqlite:///{database_target}"
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:  # as a newer secsc, with a field this one does not know, would write it
            data = conn.execute(sa.text("SELECT data FROM catalogue_entry")).scalar_one()
            if not isinstance(data, str):
                data = json.dumps(data)
            conn.execute(
                sa.text("UPDATE catalogue_entry SET data = :data"),
                {"data": data.replace('"approaches"', '"weight": 3, "approaches"')},
            )
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("UPDATE catalogue_entry SET data = CAST(data AS jsonb)"))
    finally:
        engine.dispose()
    with Store.open(database_target) as store:
        loaded = store.catalogue()
        assert [str(p) for p in loaded.problems] == [
            f"{store._repo.where}, catalogue entry 'mine.kpi.drill-hours': weight: unknown key 'weight'; the keys "
            "allowed here are: id, text, perspective, approaches, meti, nist_csf, direction, target, unit, "
            "frequency, owner, indicator, sp800_55, computation"
        ]
        assert "mine.kpi.drill-hours" not in loaded.catalogue
        result = store.import_catalogue(tmp_path / "mine.yaml")
        assert result.added == ["mine.kpi.drill-hours"]
        assert store.catalogue().problems == [] and len(store.catalogue_entries().entries) == 1


def test_the_json_is_one_spelling_on_both_databases(database_target: str, tmp_path: Path):
    """Sorted keys, Japanese as it is: the text SQLite keeps is the text PostgreSQL's JSONB reads back as."""
    with Store.open(database_target) as store:
        store.import_catalogue(write(tmp_path, "mine.yaml", KPI))
        with store._repo.engine.connect() as conn:
            text = conn.execute(sa.select(catalogue_entry_table.c.data)).scalar_one()
    assert text.startswith('{"approaches": ["iii"], "computation": {"en": "Hours from the end')
    assert "工場の訓練の指摘が解消されるまでの時間 🏭" in text and '"target": 4.5' in text


def import_at_once(target: str, path: Path, barrier: threading.Barrier, outcomes: list[object]) -> None:
    with Store.open(target) as store:
        barrier.wait()
        try:
            outcomes.append(store.import_catalogue(path))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            outcomes.append(exc)


def test_two_trainers_importing_the_same_file_at_once_both_succeed(database_target: str, tmp_path: Path):
    """On PostgreSQL the import locks the table: without it, both insert the new id and one fails."""
    files = [write(tmp_path, f"mine-{n}.yaml", goals_file((f"mine.{n}", f"Goal {n}", f"目標{n}"))) for n in range(3)]
    for path in files:
        barrier = threading.Barrier(2)
        outcomes: list[object] = []
        threads = [
            threading.Thread(target=import_at_once, args=(database_target, path, barrier, outcomes)) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(outcomes) == 2 and all(isinstance(o, CatalogueImport) for o in outcomes), outcomes
        assert sorted(len(o.added) for o in outcomes if isinstance(o, CatalogueImport)) == [0, 1]
    with Store.open(database_target) as store:
        assert [e.id for e in store.catalogue_entries().entries] == ["mine.0", "mine.1", "mine.2"]
    assert [r[2] for r in rows(database_target)] == [0, 1, 2]
