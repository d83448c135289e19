"""`secsc catalog export` and `secsc catalog import`, run as a trainer runs them.

The trainer's entries live in the database given by --db or SECSC_DB: an SQLite
file, then a PostgreSQL database (``database_target``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import run_secsc

MINE = """\
catalogue_version: 1
actions:
  - id: mine.tabletop-with-plant
    text:
      en: Run the ransomware tabletop at the Kariya plant with the plant manager
      ja: 刈谷工場で工場長とランサムウェアの机上演習を行う
    perspective: learning_growth
    approaches: [iii]
    meti: [7, 8]
    nist_csf: [RS.MA, RC.RP]
    owner: {en: Plant manager, ja: 工場長}
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("SECSC_CONFIG_DIR", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)
    return folder


@pytest.fixture
def db(config: Path, database_target: str, monkeypatch) -> str:
    """The database the commands use, through SECSC_DB (as a trainer sets it once)."""
    monkeypatch.setenv("SECSC_DB", database_target)
    return database_target


secsc = run_secsc


def files_in(folder: Path) -> dict[str, bytes]:
    return (
        {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        if folder.exists()
        else {}
    )


def test_export_to_stdout_is_the_whole_catalogue_in_both_languages(config: Path):
    result = secsc("catalog", "export")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["catalogue_version"] == 1
    assert [len(data[k]) for k in ("goals", "csfs", "kpis", "actions")] == [44, 64, 84, 64]
    kpi = next(k for k in data["kpis"] if k["id"] == "kpi.fin.soc-to-csirt-minutes")
    assert kpi["text"] == {"en": "SOC-to-CSIRT reporting time", "ja": "SOCからCSIRTへの報告時間"}
    assert (kpi["direction"], kpi["target"], kpi["frequency"], kpi["indicator"], kpi["sp800_55"]) == (
        "at_most",
        60,
        "per_event",
        "leading",
        "efficiency",
    )


def test_importing_its_own_export_changes_nothing(db: str, config: Path, tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    assert secsc("catalog", "import", str(mine)).returncode == 0
    out = tmp_path / "catalogue.yaml"
    exported = secsc("catalog", "export", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert f"wrote: {out}" in exported.stderr
    imported = secsc("catalog", "import", str(out))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == ""
    assert "summary: 0 added, 0 updated, 257 unchanged" in imported.stderr
    assert "saved in the database" not in imported.stderr
    assert files_in(config) == {}
    assert secsc("catalog", "export").stdout.encode("utf-8") == out.read_bytes()


def test_import_stores_a_trainers_entries_in_the_database_and_export_includes_them(
    db: str, config: Path, tmp_path: Path
):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    first = secsc("catalog", "import", str(mine))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "added: mine.tabletop-with-plant\n"
    assert "summary: 1 added, 0 updated, 0 unchanged" in first.stderr
    assert "saved in the database " in first.stderr
    assert files_in(config) == {}  # nothing in the config folder: the entry is in the database
    again = secsc("catalog", "import", str(mine))
    assert again.returncode == 0 and again.stdout == ""
    assert "summary: 0 added, 0 updated, 1 unchanged" in again.stderr

    exported = yaml.safe_load(secsc("catalog", "export").stdout)
    assert exported["actions"][-1]["id"] == "mine.tabletop-with-plant"
    assert exported["actions"][-1]["text"]["ja"] == "刈谷工場で工場長とランサムウェアの机上演習を行う"
    assert len(exported["actions"]) == 65
    # Another database (--db wins over SECSC_DB) has only the built-in catalogue, until the
    # trainer's own entries (--own: those alone) are imported into it too.
    other = str(tmp_path / "other.sqlite3")
    assert len(yaml.safe_load(secsc("catalog", "export", "--db", other).stdout)["actions"]) == 64
    own = tmp_path / "own.yaml"
    assert secsc("catalog", "export", "--own", "-o", str(own)).returncode == 0
    assert yaml.safe_load(own.read_text(encoding="utf-8")) == {"catalogue_version": 1, **yaml.safe_load(MINE)} | {
        "goals": [],
        "csfs": [],
        "kpis": [],
    }
    assert secsc("catalog", "import", "--db", other, str(own)).stdout == "added: mine.tabletop-with-plant\n"
    assert len(yaml.safe_load(secsc("catalog", "export", "--db", other).stdout)["actions"]) == 65


def test_a_broken_file_exits_1_with_its_problems_and_imports_nothing(db: str, config: Path, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "catalogue_version: 1\ngoals:\n  - id: g.x\n    text: {en: Only English}\n"
        "    perspective: customer\n    approaches: [iv]\n    nist_csf: [gv.sc]\n",
        encoding="utf-8",
    )
    result = secsc("catalog", "import", str(broken))
    assert result.returncode == 1
    assert f"invalid: {broken} (3 problems)" in result.stderr
    assert f"{broken}:4: goals[0].text.ja: the required key 'ja' is missing" in result.stderr
    assert f"{broken}:6: goals[0].approaches[0]: expected one of: i, ii, iii; found 'iv'" in result.stderr
    assert f"{broken}:7: goals[0].nist_csf[0]: write NIST CSF ids in capitals: 'GV.SC'" in result.stderr
    assert "nothing imported" in result.stderr and "Traceback" not in result.stderr
    assert files_in(config) == {}

    clash = tmp_path / "clash.yaml"
    clash.write_text(MINE.replace("mine.tabletop-with-plant", "kpi.fin.rosi"), encoding="utf-8")
    refused = secsc("catalog", "import", str(clash))
    assert refused.returncode == 1
    assert (
        f"{clash}:3: id: id 'kpi.fin.rosi' is a KPI in the built-in catalogue; give this action plan another id"
        in refused.stderr
    )
    assert "nothing imported" in refused.stderr

    missing = secsc("catalog", "import", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "cannot read the file" in missing.stderr
    assert len(yaml.safe_load(secsc("catalog", "export").stdout)["goals"]) == 44  # still the built-in one


def test_a_config_folders_file_is_still_read_and_importing_it_moves_it_into_the_database(
    db: str, config: Path, tmp_path: Path
):
    laptop = config / "catalogue" / "imported.yaml"
    laptop.parent.mkdir(parents=True)
    laptop.write_text(MINE, encoding="utf-8")
    exported = secsc("catalog", "export")
    assert exported.returncode == 0
    assert yaml.safe_load(exported.stdout)["actions"][-1]["id"] == "mine.tabletop-with-plant"
    assert f"note: 1 entry in use comes from {laptop} in the config folder, which only this computer" in (
        exported.stderr
    )

    moved = secsc("catalog", "import", str(laptop))
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout == "added: mine.tabletop-with-plant\n" and "note:" not in moved.stderr
    assert "note:" not in secsc("catalog", "export").stderr
    laptop.unlink()  # the laptop's file gone (or another computer): the entry is in the database
    assert yaml.safe_load(secsc("catalog", "export").stdout)["actions"][-1]["id"] == "mine.tabletop-with-plant"


def test_a_broken_file_opens_no_database(config: Path, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalogue_version: one\n", encoding="utf-8")
    database = tmp_path / "never.sqlite3"
    result = secsc("catalog", "import", "--db", str(database), str(broken))
    assert result.returncode == 1 and "nothing imported" in result.stderr
    assert not database.exists()


def test_export_reports_a_broken_trainers_file_and_leaves_it_out(config: Path):
    (config / "catalogue").mkdir(parents=True)
    (config / "catalogue" / "bad.yaml").write_text("catalogue_version: one\n", encoding="utf-8")
    result = secsc("catalog", "export")
    assert result.returncode == 0
    assert "skipped: " in result.stderr and "bad.yaml:1: catalogue_version" in result.stderr
    assert len(yaml.safe_load(result.stdout)["goals"]) == 44


def test_usage_and_help(config: Path):
    assert secsc("catalog").returncode == 2
    assert secsc("catalog", "import").returncode == 2
    for action in ("export", "import"):
        result = secsc("catalog", action, "--help")
        assert result.returncode == 0 and f"secsc catalog {action}" in result.stdout
    assert "catalog" in secsc("--help").stdout
