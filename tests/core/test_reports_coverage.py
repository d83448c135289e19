"""Reports say what the scorecard serves of METI's directives and NIST CSF 2.0, in the session's language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_reports import SAMPLES, norm, parse_html, read_csv, the_workshop

from secsc_tui.core.model import Session
from secsc_tui.core.reports import content, render_report
from secsc_tui.core.scorecard_ops import iter_items
from secsc_tui.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]


def untagged(name: str = "paper-example-en") -> Session:
    """A sample with its items' tags taken off (the samples come tagged throughout)."""
    session = SAMPLES[name].model_copy(deep=True)
    for _place, item in iter_items(session.scorecard):
        item.meti, item.nist_csf = [], []
    return session


def tagged(name: str = "paper-example-en") -> Session:
    """A sample with only three items tagged, for a company whose partners ask for security measures."""
    session = untagged(name)
    card = session.scorecard
    card.financial.goals[0].meti, card.financial.goals[0].nist_csf = [1, 7], ["GV.OV", "RS.MA"]
    card.financial.kpis[0].meti, card.financial.kpis[0].nist_csf = [7], ["RS.CO-02", "DE.AE-02"]
    card.learning_growth.actions[0].meti, card.learning_growth.actions[0].nist_csf = [3], ["PR.AT"]
    session.organisation.partners_request_security = True
    return session


def xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)


def test_the_summary_counts_what_items_serve():
    summary = content.coverage_summary(tagged())
    assert (summary.items, summary.tagged, len(summary.untagged)) == (32, 3, 29)
    assert [(row.id, row.items) for row in summary.meti if row.served] == [
        ("1", ["F-G1"]),
        ("3", ["L-A1"]),
        ("7", ["F-G1", "F-K1"]),
    ]
    served = {row.id: row.items for row in summary.nist if row.served}
    assert served == {
        "GV": ["F-G1"],
        "GV.OV": ["F-G1"],
        "PR": ["L-A1"],
        "PR.AT": ["L-A1"],
        "DE": ["F-K1"],
        "DE.AE": ["F-K1"],
        "RS": ["F-G1", "F-K1"],
        "RS.MA": ["F-G1"],
        "RS.CO": ["F-K1"],
    }
    assert summary.meti_gaps == ["2", "4", "5", "6", "8", "9", "10"]
    assert summary.function_gaps == ["ID", "RC"]
    assert (summary.meti_served, summary.functions_served, summary.categories_served) == (3, 4, 5)
    assert summary.warnings == [
        "partners ask for security measures: no item serves supply-chain security (NIST CSF GV.SC; METI directive 9)"
    ]
    assert content.coverage_headline(summary) == (
        "3 of 32 items are tagged: they serve 3 of the 10 METI directives, "
        "4 of the 6 NIST CSF functions and 5 of its 22 categories."
    )


def test_markdown_has_the_coverage_tables_gaps_and_warnings():
    md = render_report("md", [tagged()]).decode()
    section = md[md.index("## Framework coverage") : md.index("## Review")]
    assert "| METI directive | Name | Items |" in section
    assert "| 7 | Prepare an emergency response structure for incidents | F-G1, F-K1 |" in section
    assert "| 4 | Identify the risks; plan the response to them | – |" in section
    assert "| **RS** | **Respond** | F-G1, F-K1 |" in section
    assert "| RC.RP | Incident Recovery Plan Execution | – |" in section
    assert "- METI directives: 2, 4, 5, 6, 8, 9, 10" in section
    assert "- NIST CSF functions: ID, RC" in section
    assert "- ⚠ partners ask for security measures: no item serves supply-chain security" in section


def test_an_untagged_scorecard_says_so_without_empty_tables():
    md = render_report("md", [untagged()]).decode()
    section = md[md.index("## Framework coverage") : md.index("## Review")]
    assert "No scorecard item is tagged with a METI directive or a NIST CSF category yet." in section
    assert "| METI directive" not in section
    assert "- ⚠ no scorecard item is tagged" in section


def test_html_has_the_coverage_in_the_contents_and_a_table_per_framework():
    data = render_report("html", [tagged()])
    parse_html(data)
    text = data.decode()
    session_id = SAMPLES["paper-example-en"].id
    assert f'<a href="#{session_id}-coverage">Framework coverage</a>' in text  # in the contents
    section = text[text.index(f'id="{session_id}-coverage"') : text.index(f'id="{session_id}-review"')]
    assert section.count('<table class="coverage">') == 2
    assert '<tr class="gap"><td class="nowrap">4</td>' in section
    assert "F-G1, F-K1" in section and "– (gap)" in section
    assert '<li class="warning">partners ask for security measures' in section
    assert "NIST CSF functions: ID, RC" in norm(section)


def test_xlsx_has_the_coverage_below_the_scorecard_and_tags_in_the_lists():
    session = tagged()
    data = render_report("xlsx", [session])
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    rows = [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]
    assert ("Framework coverage",) in rows
    assert ("METI directive", "Name", "Items") in rows and ("NIST CSF 2.0", "Name", "Items") in rows
    assert ("7", "Prepare an emergency response structure for incidents", "F-G1, F-K1") in rows
    assert ("RC", "Recover", "– (gap)") in rows
    assert ("NIST CSF functions", "ID, RC") in rows
    actions = book["Action plans"]
    header = [c.value for c in actions[1]]
    first = {header[i]: c.value for i, c in enumerate(actions[2])}
    assert (first["METI directives"], first["NIST CSF"]) == (None, None)  # the first plan is untagged
    tagged_row = next(r for r in actions.iter_rows(min_row=2, values_only=True) if r[2] == "L-A1")
    assert tagged_row[header.index("METI directives")] == "3" and tagged_row[header.index("NIST CSF")] == "PR.AT"
    kpis = book["KPIs"]
    kpi_header = [c.value for c in kpis[1]]
    soc = next(r for r in kpis.iter_rows(min_row=2, values_only=True) if r[2] == "F-K1")
    assert soc[kpi_header.index("NIST CSF")] == "RS.CO-02, DE.AE-02"


def test_csv_lists_carry_the_tags():
    session = tagged()
    actions = read_csv(render_report("csv", [session]))
    assert actions[0][-2:] == ["METI directives", "NIST CSF"]
    assert next(r for r in actions if r[3] == "L-A1")[-2:] == ["3", "PR.AT"]
    kpis = read_csv(render_report("csv", [session], what="kpis"))
    assert next(r for r in kpis if r[3] == "F-K1")[-2:] == ["7", "RS.CO-02, DE.AE-02"]


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_a_japanese_session_s_coverage_is_in_japanese_whatever_the_interface_speaks(fmt):
    session = tagged("paper-example-ja")
    set_language("en")
    data = render_report(fmt, [session])
    text = xlsx_text(data) if fmt == "xlsx" else data.decode()
    assert "フレームワークの対応状況" in text and "Framework coverage" not in text
    assert "インシデント発生時の緊急対応体制の整備" in text  # METI directive 7, as the guidelines name it
    assert "インシデント管理" in text and "復旧" in text  # RS.MA, RC
    assert "サプライチェーン" in text  # the warning, in Japanese
    assert "METI指示" in text and "どの項目も対応していないもの" in text
    assert "Served by no item" not in text and "Items" not in text


def test_a_workshop_report_lists_each_team_s_coverage():
    teams = [tagged(), untagged("sme-manufacturer-supply-chain"), SAMPLES["ci-operator-regulated"]]
    md = render_report("md", teams, workshop=the_workshop()).decode()
    header = next(line for line in md.splitlines() if line.startswith("| Session | Organisation"))
    assert header.endswith("| Framework coverage |")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "METI 3/10 · NIST CSF 4/6" in line]
    assert len(rows) == 1 and "Security Scorecard" in rows[0]
    # The operator's sample as shipped: directives 2 and 6 served by none of its items.
    rows = [line for line in md.splitlines() if line.startswith("| ") and "METI 8/10 · NIST CSF 6/6" in line]
    assert len(rows) == 1 and "Seiran Power Grid" in rows[0]
    html = render_report("html", teams, workshop=the_workshop()).decode()
    summary = html[html.index('id="summary"') : html.index('<nav class="contents">')]
    assert '<th class="nowrap">Framework coverage</th>' in summary
    assert '<td class="nowrap">METI 3/10 · NIST CSF 4/6</td>' in summary
    assert '<td class="nowrap">–</td>' in summary  # the untagged team
