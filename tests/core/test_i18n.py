"""Counted texts take the grammatical number of their count, in any language."""

from __future__ import annotations

import pytest

from secsc_tui.core.exchange import FileResult, ImportReport
from secsc_tui.core.labels import an_item
from secsc_tui.core.model import Column
from secsc_tui.core.problems import Problem
from secsc_tui.core.store import ImportOutcome
from secsc_tui.i18n import _, ngettext, set_language


@pytest.fixture
def japanese():
    set_language("ja")
    yield
    set_language("en")


@pytest.mark.parametrize(("n", "text"), [(0, "0 goals"), (1, "1 goal"), (2, "2 goals"), (11, "11 goals")])
def test_english_has_a_singular_and_a_plural(n, text):
    assert ngettext("{n} goal", "{n} goals", n) == text


def test_other_values_are_filled_in_too():
    assert ngettext("{n} session · {where}", "{n} sessions · {where}", 1, where="here") == "1 session · here"


def test_a_catalogue_gives_the_forms_of_its_language(japanese):
    assert ngettext("{n} goal", "{n} goals", 1) == "戦略目標 1件"
    assert ngettext("{n} goal", "{n} goals", 7) == "戦略目標 7件"  # Japanese has one form for every count
    assert _("Goals") == "戦略目標"
    # Not in the catalogue: English, with English grammar.
    assert ngettext("{n} widget", "{n} widgets", 1) == "1 widget"


def test_an_item_takes_the_article_of_its_word():
    assert [an_item(c) for c in Column] == ["a strategy goal", "a critical success factor", "a KPI", "an action plan"]


def test_import_report_counts_one_conflict_and_one_problem_in_the_singular():
    def conflict(session_id: str) -> ImportOutcome:
        return ImportOutcome(session_id, "Team", "conflict")

    one = FileResult(path="a.yaml", outcomes=[conflict("s-1")])
    assert one.reason.startswith("conflict: session 's-1' changed")
    two = FileResult(path="a.yaml", outcomes=[conflict("s-1"), conflict("s-2")])
    assert two.reason.startswith("conflict: sessions 's-1', 's-2' changed")
    assert FileResult(path="b.yaml", problems=[Problem("x"), Problem("y")]).reason == "2 problems (listed above)"
    report = ImportReport(files=[one])
    assert report.summary() == "1 conflict"


def test_an_import_summary_speaks_the_interface_s_language(japanese):
    added = FileResult(path="a.yaml", outcomes=[ImportOutcome("s-1", "Team", "added")] * 3)
    same = FileResult(path="b.yaml", outcomes=[ImportOutcome("s-2", "Team", "unchanged")])
    refused = FileResult(path="c.yaml", problems=[Problem("x")])
    skipped = FileResult(path="d.yaml", skipped=True)
    report = ImportReport(files=[added, same, refused, skipped])
    assert report.summary() == "追加 3件, 変更なし 1件, スキップ 1件, 拒否 1件"
    set_language("en")
    assert report.summary() == "3 added, 1 unchanged, 1 skipped, 1 refused"
