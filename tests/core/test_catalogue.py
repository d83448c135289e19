"""Reading catalogue files, merging a trainer's over the built-in one, exporting.

Importing into a database, and the database's entries in the catalogue in use:
tests/core/test_store_catalogue.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secsc_tui.core.catalogue import (
    StoredEntries,
    builtin_catalogue,
    dump_catalogue,
    load_catalogue,
    load_catalogue_text,
    plan_import,
    read_catalogue_file,
    stored_data,
    stored_entries,
)
from secsc_tui.core.model import Column
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.store.tables import json_text

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


def goals_file(*entries: tuple[str, str, str]) -> str:
    return "catalogue_version: 1\ngoals:\n" + "".join(GOAL.format(id=i, en=en, ja=ja) for i, en, ja in entries)


def problems_of(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_catalogue_text(text, filename="c.yaml")
    return [str(p) for p in caught.value.problems]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- reading --------------------------------------------------------------------------


def test_a_small_file_is_read_with_the_line_of_each_entry():
    file = load_catalogue_text(
        goals_file(("my.goal", "Win tier-1 customers", "一次取引先を獲得する")), filename="c.yaml"
    )
    [entry] = file.entries
    assert entry.column is Column.GOALS and entry.text.ja == "一次取引先を獲得する"
    assert file.where("my.goal") == "c.yaml:3"


def test_field_mistakes_are_reported_with_file_line_and_field():
    text = """\
catalogue_version: 1
kpis:
  - id: k.x
    text:
      en: 日本語 measure
      ja: English only
    perspective: customers
    approaches: []
    meti: [7]
    direction: at_least
    target: "60"
    unit: {en: '%', ja: '%'}
    frequency: monthly
    owner: {en: CISO, ja: CISO}
    indicator: leading
    sp800_55: outcome
    computaton: {en: x, ja: エックス}
"""
    assert problems_of(text) == [
        "c.yaml:3: kpis[0].computation: the required key 'computation' is missing",
        "c.yaml:5: kpis[0].text.en: this is the English text, but it holds Japanese: '日本語 measure'",
        "c.yaml:6: kpis[0].text.ja: this is the Japanese text, but it has no kana or kanji: 'English only'",
        "c.yaml:7: kpis[0].perspective: expected one of: financial, customer, internal_processes, learning_growth; "
        "found 'customers'",
        "c.yaml:8: kpis[0].approaches: list at least one",
        "c.yaml:11: kpis[0].target: expected a number, found text '60' — remove the quotes",
        "c.yaml:16: kpis[0].sp800_55: expected one of: implementation, effectiveness, efficiency, impact; "
        "found 'outcome'",
        "c.yaml:17: kpis[0].computaton: unknown key 'computaton'; did you mean 'computation'? the keys allowed here "
        "are: id, text, perspective, approaches, meti, nist_csf, direction, target, unit, frequency, owner, "
        "indicator, sp800_55, computation",
    ]


def test_an_entry_must_serve_a_framework():
    text = (
        "catalogue_version: 1\ngoals:\n  - id: g.x\n    text: {en: A goal, ja: 目標}\n"
        "    perspective: customer\n    approaches: [i]\n"
    )
    assert problems_of(text) == [
        "c.yaml:3: goals[0]: entry 'g.x' serves no framework: give it METI directives (meti: [1-10]) "
        "or NIST CSF 2.0 ids (nist_csf: [GV.SC, ...]), or both"
    ]


def test_ids_and_texts_are_unique_within_a_file():
    text = goals_file(("g.a", "Same", "同じ"), ("g.a", "Other", "別"), ("g.b", "Same", "別のもの"))
    assert problems_of(text) == [
        "c.yaml:11: goals[1].id: id 'g.a' is used twice in this file (lines 3 and 11); each entry needs its own id",
        "c.yaml:21: goals[2].text.en: entry 'g.a' (line 3) has the same text; each entry needs its own",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "c.yaml: the file is empty: it holds no catalogue"),
        (
            "- a\n",
            "c.yaml:1: expected a catalogue: a mapping with catalogue_version and the lists goals, csfs, kpis, actions",
        ),
        (
            "goals: []\n",
            "c.yaml:1: catalogue_version: catalogue_version is missing; a catalogue file starts with "
            "'catalogue_version: 1'",
        ),
        (
            "catalogue_version: 2\n",
            "c.yaml:1: catalogue_version: this catalogue was written by a newer secsc "
            "(catalogue_version 2); this version reads catalogue_version 1 — upgrade secsc",
        ),
        (
            "catalogue_version: 1\n---\ncatalogue_version: 1\n",
            "c.yaml:2: a catalogue file holds one YAML document; "
            "remove the '---' and what follows, or put it in a file "
            "of its own",
        ),
        (
            "catalogue_version: 1\ngoals: &a []\n",
            "c.yaml:2: goals: anchors and aliases are not supported (found &a); write each value out in full",
        ),
        ("catalogue_version: 1\ngoals: [\n", "c.yaml:3: column 1: the YAML is not well formed: "),
    ],
)
def test_a_file_that_is_not_a_catalogue_says_why(text: str, expected: str):
    [problem] = problems_of(text)
    assert problem == expected or (expected.endswith(": ") and problem.startswith(expected))


def test_a_file_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path: Path):
    with pytest.raises(InvalidInput, match="cannot read the file"):
        read_catalogue_file(tmp_path / "missing.yaml")
    path = tmp_path / "latin1.yaml"
    path.write_bytes("catalogue_version: 1 # caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_catalogue_file(path)


# -- merging a trainer's files ----------------------------------------------------------------


def test_a_trainers_files_add_entries_and_replace_built_in_ones_by_id(tmp_path: Path):
    builtin = builtin_catalogue()
    known = builtin.get("goal.cus.trusted-supplier")
    write(
        tmp_path / "catalogue",
        "a.yaml",
        goals_file(
            (
                "goal.cus.trusted-supplier",
                "Be the supplier tier-1 customers audit least",
                "一次取引先の監査が最も少ないサプライヤーになる",
            ),
            ("mine.goal", "Pass the customer audit in March", "3月の顧客監査に合格する"),
        ),
    )
    loaded = load_catalogue(tmp_path)
    assert loaded.problems == [] and loaded.files == [tmp_path / "catalogue" / "a.yaml"]
    catalogue = loaded.catalogue
    assert len(catalogue) == len(builtin) + 1
    assert catalogue.get("goal.cus.trusted-supplier").text.en == "Be the supplier tier-1 customers audit least"
    assert catalogue.origin("goal.cus.trusted-supplier") == f"{tmp_path / 'catalogue' / 'a.yaml'}:3"
    assert catalogue.origin("goal.fin.quick-response") == "built-in"
    # The replaced entry keeps its place; the new one comes after the built-in goals.
    ids = [e.id for e in catalogue.entries(Column.GOALS)]
    assert ids.index("goal.cus.trusted-supplier") == [e.id for e in builtin.entries(Column.GOALS)].index(known.id)
    assert ids[-1] == "mine.goal"
    assert builtin_catalogue().get("goal.cus.trusted-supplier") == known  # the built-in one is not changed


def test_a_broken_or_clashing_file_is_skipped_whole_and_reported(tmp_path: Path):
    folder = tmp_path / "catalogue"
    write(folder, "1-broken.yaml", "catalogue_version: 1\ngoals:\n  - id: x\n")
    write(
        folder,
        "2-clash.yaml",
        goals_file(
            ("kpi.fin.rosi", "A goal with a KPI's id", "KPIのIDを使った目標"),
            ("ok.goal", "Fine on its own", "単独なら問題ない目標"),
        ),
    )
    write(
        folder,
        "3-same-text.yaml",
        goals_file(("other.goal", "Optimise security cost, spending what the risks justify and no more", "別の目標")),
    )
    write(folder, "4-good.yaml", goals_file(("good.goal", "A good goal", "良い目標")))
    loaded = load_catalogue(tmp_path)
    assert loaded.files == [folder / "4-good.yaml"]
    messages = [str(p) for p in loaded.problems]
    assert messages[0].startswith(f"{folder / '1-broken.yaml'}:3: goals[0].text: the required key 'text' is missing")
    assert (
        f"{folder / '2-clash.yaml'}:3: id: id 'kpi.fin.rosi' is a KPI in the built-in catalogue; give this "
        "strategy goal another id" in messages
    )
    assert (
        f"{folder / '3-same-text.yaml'}:3: text.en: entry 'goal.fin.optimise-cost' (the built-in catalogue) "
        "has the same text; each entry needs its own" in messages
    )
    assert "ok.goal" not in loaded.catalogue and "good.goal" in loaded.catalogue


def test_no_config_folder_or_no_catalogue_folder_is_the_built_in_catalogue(tmp_path: Path):
    assert len(load_catalogue(None).catalogue) == len(builtin_catalogue())
    assert load_catalogue(tmp_path).problems == []


# -- export and import --------------------------------------------------------------------------


def test_an_export_reads_back_as_the_same_entries_and_the_same_bytes(tmp_path: Path):
    catalogue = builtin_catalogue()
    text = dump_catalogue(catalogue)
    assert text.startswith("# secsc catalogue. Strategy goals: 44, CSFs: 64, KPIs: 84, action plans: 64.\n")
    back = load_catalogue_text(text)
    assert [e for e in back.entries] == catalogue.entries(Column.GOALS) + catalogue.entries(
        Column.CSFS
    ) + catalogue.entries(Column.KPIS) + catalogue.entries(Column.ACTIONS)
    assert dump_catalogue(back.entries) == text
    assert "ja: SOCからCSIRTへの報告時間\n" in text and "\\u" not in text


def entries_of(text: str) -> list:
    return load_catalogue_text(text).entries


def test_the_databases_entries_win_over_the_config_folders_files(tmp_path: Path):
    write(
        tmp_path / "catalogue",
        "a.yaml",
        goals_file(
            ("mine.a", "Goal of the laptop", "ノートPCの目標"),
            ("mine.b", "Only on the laptop", "ノートPCだけの目標"),
        ),
    )
    stored = StoredEntries("db", entries_of(goals_file(("mine.a", "Goal of the database", "データベースの目標"))))
    loaded = load_catalogue(tmp_path, stored)
    assert loaded.problems == [] and loaded.files == [tmp_path / "catalogue" / "a.yaml"]
    catalogue = loaded.catalogue
    assert catalogue.get("mine.a").text.en == "Goal of the database" and catalogue.origin("mine.a") == "db"
    assert catalogue.origin("mine.b") == f"{tmp_path / 'catalogue' / 'a.yaml'}:11"
    assert [e.id for e in loaded.from_files()] == ["mine.b"]
    # Without the database, the file is what it was.
    assert load_catalogue(tmp_path).catalogue.get("mine.a").text.en == "Goal of the laptop"


def test_a_database_entry_that_clashes_with_the_built_in_catalogue_is_left_out_and_reported():
    stored = StoredEntries(
        "db",
        entries_of(
            goals_file(
                ("kpi.fin.rosi", "A goal with a KPI's id", "KPIのIDを使った目標"),
                ("mine.ok", "Fine", "良い目標"),
            )
        ),
    )
    loaded = load_catalogue(None, stored)
    assert [str(p) for p in loaded.problems] == [
        "db, catalogue entry 'kpi.fin.rosi': id: id 'kpi.fin.rosi' is a KPI in the built-in catalogue; "
        "give this strategy goal another id"
    ]
    assert loaded.catalogue.get("kpi.fin.rosi").column is Column.KPIS and "mine.ok" in loaded.catalogue


def test_database_rows_read_back_as_the_entries_and_unreadable_ones_are_reported():
    [entry] = entries_of(goals_file(("mine.a", "A goal", "目標")))
    kind, data = stored_data(entry)
    assert kind == "goals" and "id" not in data
    newer = json_text({**data, "weight": 3})
    stored = stored_entries(
        [
            ("mine.a", kind, json_text(data)),
            ("mine.newer", kind, newer),
            ("mine.kind", "risks", json_text(data)),
            ("mine.json", kind, "[1, 2"),
        ],
        "db",
    )
    assert stored.entries == [entry]
    assert [str(p) for p in stored.problems] == [
        "db, catalogue entry 'mine.newer': weight: unknown key 'weight'; the keys allowed here are: id, text, "
        "perspective, approaches, meti, nist_csf",
        "db, catalogue entry 'mine.kind': the kind 'risks' is not one of goals, csfs, kpis, actions: the entry "
        "was changed outside secsc or written by a newer secsc",
        "db, catalogue entry 'mine.json': its data is not a JSON object (Expecting ',' delimiter: line 1 column 6 "
        "(char 5)): it was changed outside secsc",
    ]


def test_an_import_plan_compares_with_the_databases_catalogue_and_moves_a_files_entries_in(tmp_path: Path):
    write(tmp_path / "catalogue", "a.yaml", goals_file(("mine.b", "Only on the laptop", "ノートPCだけの目標")))
    stored = StoredEntries("db", entries_of(goals_file(("mine.a", "Goal of the database", "データベースの目標"))))
    incoming = load_catalogue_text(dump_catalogue(load_catalogue(tmp_path, stored).catalogue))
    result, changed = plan_import(incoming, stored, tmp_path)
    # Everything is unchanged but the file's entry, which moves into the database.
    assert (result.added, result.updated, [e.id for e in changed]) == (["mine.b"], [], ["mine.b"])
    assert len(result.unchanged) == len(builtin_catalogue()) + 1 and result.where == "db"

    clash = load_catalogue_text(goals_file(("mine.c", "Other id, same text", "ノートPCだけの目標")), filename="c.yaml")
    with pytest.raises(InvalidInput, match=r"c\.yaml:3: text\.ja: entry 'mine\.b' \(.*a\.yaml:3\) has the same text"):
        plan_import(clash, stored, tmp_path)
