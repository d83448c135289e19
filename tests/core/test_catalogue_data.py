"""The built-in catalogue, checked as data: enough entries, every field, both languages, real framework ids."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from secsc_tui.core.catalogue import KpiEntry, MeasureKind, builtin_catalogue, read_catalogue_file
from secsc_tui.core.frameworks import CSF_CATEGORIES, CSF_FUNCTIONS, METI_DIRECTIVES, csf_category, csf_function
from secsc_tui.core.model import Approach, Column, Direction, Frequency, Perspective
from secsc_tui.resources import catalogue_dir

CATALOGUE = builtin_catalogue()
ENTRIES = CATALOGUE.entries()
KPIS = [e for e in ENTRIES if isinstance(e, KpiEntry)]

# Copied from the project's catalogue sources (METI v3.0 ten directives; NIST CSF 2.0's six functions
# and 22 categories), independently of secsc_tui.core.frameworks, so a slip there is caught here.
SOURCE_CATEGORIES = {
    "GV": ["OC", "RM", "RR", "PO", "OV", "SC"],
    "ID": ["AM", "RA", "IM"],
    "PR": ["AA", "AT", "DS", "PS", "IR"],
    "DE": ["CM", "AE"],
    "RS": ["MA", "AN", "CO", "MI"],
    "RC": ["RP", "CO"],
}
SOURCE_CATEGORY_IDS = {f"{function}.{c}" for function, cs in SOURCE_CATEGORIES.items() for c in cs}
MINIMUM = {Column.GOALS: 40, Column.CSFS: 60, Column.KPIS: 80, Column.ACTIONS: 60}
KANA_OR_KANJI = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
PERSPECTIVE_CODES = {
    Perspective.FINANCIAL: "fin",
    Perspective.CUSTOMER: "cus",
    Perspective.INTERNAL_PROCESSES: "ip",
    Perspective.LEARNING_GROWTH: "lg",
}
ID_PREFIXES = {Column.GOALS: "goal", Column.CSFS: "csf", Column.KPIS: "kpi", Column.ACTIONS: "action"}


def test_the_framework_tables_are_those_of_the_sources():
    assert set(METI_DIRECTIVES) == set(range(1, 11))
    assert list(CSF_FUNCTIONS) == list(SOURCE_CATEGORIES)
    assert set(CSF_CATEGORIES) == SOURCE_CATEGORY_IDS
    assert METI_DIRECTIVES[9][0].startswith("ビジネスパートナーや委託先等を含めたサプライチェーン")
    assert CSF_CATEGORIES["GV.SC"] == "Cybersecurity Supply Chain Risk Management"


@pytest.mark.parametrize("column", list(Column))
def test_enough_entries_of_each_kind_and_perspective(column: Column):
    entries = CATALOGUE.entries(column)
    assert len(entries) >= MINIMUM[column]
    per_perspective = Counter(e.perspective for e in entries)
    assert set(per_perspective) == set(Perspective)
    assert min(per_perspective.values()) >= MINIMUM[column] // 4


def test_every_file_is_read_and_every_entry_is_in_use():
    files = sorted(catalogue_dir().glob("*.yaml"))
    assert [f.name for f in files] == ["actions.yaml", "csfs.yaml", "goals.yaml", "kpis.yaml"]
    assert sum(len(read_catalogue_file(f).entries) for f in files) == len(CATALOGUE)


def test_ids_are_unique_and_say_kind_and_perspective():
    assert len({e.id for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        prefix = f"{ID_PREFIXES[entry.column]}.{PERSPECTIVE_CODES[entry.perspective]}."
        assert entry.id.startswith(prefix), entry.id


def test_every_entry_is_written_in_english_and_japanese():
    for entry in ENTRIES:
        assert entry.text.en.strip() and entry.text.ja.strip(), entry.id
        assert not KANA_OR_KANJI.search(entry.text.en), entry.id
        assert KANA_OR_KANJI.search(entry.text.ja), entry.id


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_two_entries_share_their_text(language: str):
    texts = Counter(getattr(e.text, language).casefold() for e in ENTRIES)
    assert [t for t, n in texts.items() if n > 1] == []


def test_every_entry_has_a_perspective_approaches_and_framework_ids():
    for entry in ENTRIES:
        assert entry.perspective in set(Perspective)
        assert entry.approaches and set(entry.approaches) <= set(Approach), entry.id
        assert entry.meti or entry.nist_csf, entry.id
        assert set(entry.meti) <= set(range(1, 11)), entry.id
        for ref in entry.nist_csf:
            assert ref == ref.upper() and csf_category(ref) in SOURCE_CATEGORY_IDS, (entry.id, ref)


def test_all_directives_functions_and_categories_are_served():
    assert {n for e in ENTRIES for n in e.meti} == set(range(1, 11))
    assert {csf_function(r) for e in ENTRIES for r in e.nist_csf} == set(SOURCE_CATEGORIES)
    assert {csf_category(r) for e in ENTRIES for r in e.nist_csf} == SOURCE_CATEGORY_IDS


def test_every_approach_has_entries_in_every_column():
    for column in Column:
        for approach in Approach:
            assert sum(approach in e.approaches for e in CATALOGUE.entries(column)) >= 10, (column, approach)


def test_every_kpi_is_usable_as_it_stands():
    for kpi in KPIS:
        assert kpi.direction in set(Direction)
        assert kpi.frequency in set(Frequency)
        assert isinstance(kpi.target, (int, float)) and not isinstance(kpi.target, bool), kpi.id
        assert kpi.unit.en and kpi.unit.ja and kpi.owner.en and kpi.owner.ja, kpi.id
        assert KANA_OR_KANJI.search(kpi.computation.ja) and not KANA_OR_KANJI.search(kpi.computation.en), kpi.id
        assert kpi.indicator.value in ("leading", "lagging")
        assert kpi.sp800_55.value in ("implementation", "effectiveness", "efficiency", "impact")
        if kpi.unit.en == "%":
            assert 0 <= kpi.target <= 100, kpi.id
        assert kpi.target >= 0, kpi.id


def test_kpis_mix_leading_and_lagging_and_every_kind_of_measure():
    for perspective in Perspective:
        kpis = [k for k in KPIS if k.perspective is perspective]
        assert {k.indicator.value for k in kpis} == {"leading", "lagging"}, perspective
    assert {k.sp800_55 for k in KPIS} == set(MeasureKind)
    # The financial perspective is where the board reads impact.
    financial = [k for k in KPIS if k.perspective is Perspective.FINANCIAL]
    assert sum(k.sp800_55 is MeasureKind.IMPACT for k in financial) >= 5


def test_entries_speak_to_smes_manufacturers_and_infrastructure_operators():
    english = " ".join(e.text.en for e in ENTRIES).lower()
    for word in ("plant", "production", "supplier", "regulator", "ot ", "security action", "ransomware"):
        assert word in english, word
