"""Reports in every format, checked for content: what a trainer hands out must say the right things.

Every sample session in every format, a workshop report of all four samples, a
session with hostile text, one with a cycle and the awkward ``rich_session``.
HTML is parsed (tags must nest), its SVG parsed as XML; XLSX is read back with
openpyxl; CSV with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from factories import minimal_session, rich_session
from openpyxl import load_workbook

from secsc_tui.core.labels import item_labels
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    Language,
    MapLink,
    Perspective,
    Response,
    Session,
)
from secsc_tui.core.reports import (
    REPORT_FORMATS,
    content,
    render_report,
    suggested_filename,
)
from secsc_tui.core.reports.markdown import inline
from secsc_tui.core.reports.xlsx import sheet_name
from secsc_tui.core.results import RATING_VALUES, format_average, round_half_up, workshop_results
from secsc_tui.core.rules import averages, review_warnings
from secsc_tui.core.workshop import Workshop
from secsc_tui.core.yaml_io import read_sessions_file
from secsc_tui.i18n import _, current_language, language, set_language

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILES = sorted((ROOT / "sample_sessions").glob("*.yaml"))
SAMPLES = {path.stem: read_sessions_file(path)[0] for path in SAMPLE_FILES}
T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)
HOSTILE = '<script>alert(1)</script> [/b] & "q"'
PERSPECTIVE_NAMES = ["Financial", "Customer", "Internal processes", "Learning & growth"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def norm(text: str) -> str:
    return " ".join(text.split())


def the_workshop(**fields) -> Workshop:
    fields.setdefault("date", dt.date(2025, 8, 26))
    return Workshop(
        id="nagoya",
        name="名古屋ワークショップ 2025",
        venue="名古屋市 & <Hall>",
        trainer="森田 優子",
        created=T0,
        updated=T0,
        **fields,
    )


def goals(session: Session) -> list[Goal]:
    return [g for p in Perspective for g in session.scorecard[p].goals]


def items(session: Session, column: Column) -> list:
    return [i for p in Perspective for i in session.scorecard[p].column(column)]


def hostile_session() -> Session:
    s = minimal_session("hostile", HOSTILE, language=Language.EN)
    s.organisation.name = HOSTILE
    s.organisation.notes = "# not a heading\n- item | with pipe\n1. not a list\n=1+1"
    s.strategic_goal.title = HOSTILE
    card = s.scorecard.financial
    card.goals = [Goal(id="g1", text=HOSTILE), Goal(id="g2", text="a|b *c* _d_ `e`\nsecond line")]
    card.csfs = [CriticalSuccessFactor(id="c1", text="</td></tr></table>", supports=["g1", "g2"])]
    card.kpis = [Kpi(id="k1", measure="<b>bold</b>", target=5, unit="%", owner="=1+1", measures=["c1"])]
    card.actions = [
        ActionPlan(
            id="a1",
            text='=HYPERLINK("http://evil","x")',
            owner="@SUM(A1)",
            budget=10,
            due=dt.date(2026, 1, 2),
            moves=["k1"],
        ),
        ActionPlan(id="a2", text='line one\nline two, "quoted"', owner=HOSTILE, moves=["k1"]),
    ]
    s.scorecard.learning_growth.goals = [Goal(id="g3", text="]]> <!-- --> &amp; &#60;")]
    s.strategy_map = [MapLink(cause="g3", effect="g1"), MapLink(cause="g1", effect="g2")]
    s.evaluation.responses = [Response(id="r1", respondent=HOSTILE, usefulness=4, comment=HOSTILE)]
    return s


def cyclic_session() -> Session:
    s = minimal_session("cyclic", "Cycle")
    s.scorecard.financial.goals = [Goal(id="f", text="Profit")]
    s.scorecard.customer.goals = [Goal(id="c", text="Trust"), Goal(id="c2", text="Loyalty")]
    s.scorecard.learning_growth.goals = [Goal(id="l", text="People")]
    s.strategy_map = [
        MapLink(cause="l", effect="c"),
        MapLink(cause="c", effect="f"),
        MapLink(cause="f", effect="l"),  # the wrong way round: closes a cycle
        MapLink(cause="c", effect="c2"),  # within one band
    ]
    return s


# -- parsing helpers -----------------------------------------------------------


class Page(HTMLParser):
    """Text, tags and SVG parts of an HTML report; fails on badly nested tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self.style = ""
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.svgs: list[dict[str, list[dict[str, str]]]] = []
        self.sections: list[dict[str, str]] = []
        self._in = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "svg":
            self.svgs.append({"goals": [], "links": []})
        elif self.svgs and "svg" in self.stack:
            classes = a.get("class", "").split()
            if tag == "g" and "goal" in classes:
                self.svgs[-1]["goals"].append(a)
            if tag == "path" and "link" in classes:
                self.svgs[-1]["links"].append(a)
        if tag == "section":
            self.sections.append(a)
        if tag in ("style", "title") and "svg" not in self.stack:
            self._in = tag
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        self._in = ""

    def handle_data(self, data):
        if self._in == "style":
            self.style += data
        elif self._in == "title":
            self.title += data
        else:
            self.text.append(data)

    @property
    def body_text(self) -> str:
        return norm(" ".join(self.text))


def parse_html(data: bytes) -> Page:
    text = data.decode("utf-8")
    page = Page()
    page.feed(text)
    page.close()
    assert page.errors == []
    assert page.stack == []
    for svg in re.findall(r"<svg\b.*?</svg>", text, flags=re.DOTALL):
        ET.fromstring(svg)  # well-formed XML
    return page


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def md_table_rows(md: str, first_cell: str) -> list[list[str]]:
    rows = []
    for line in md.splitlines():
        if line.startswith(f"| {first_cell} |"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


# -- API -----------------------------------------------------------------------


def test_api_formats_and_errors():
    assert REPORT_FORMATS == ("md", "html", "xlsx", "csv")
    session = SAMPLES["paper-example-en"]
    for fmt in REPORT_FORMATS:
        assert isinstance(render_report(fmt, [session]), bytes)
    with pytest.raises(ValueError, match="unknown report format"):
        render_report("pdf", [session])
    with pytest.raises(ValueError, match="nothing to report"):
        render_report("md", [])


def test_importing_reports_is_cheap_and_never_loads_textual():
    code = (
        "import sys, glob\n"
        "import secsc_tui.core.reports as r\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl at import'\n"
        "from secsc_tui.core.yaml_io import read_sessions_file\n"
        f"s = read_sessions_file({str(SAMPLE_FILES[0])!r})\n"
        "for fmt in ('md', 'html', 'csv'):\n"
        "    r.render_report(fmt, s)\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl for a text format'\n"
        "r.render_report('xlsx', s)\n"
        "assert 'openpyxl' in sys.modules\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, capture_output=True)


def test_suggested_filenames():
    en, ja = SAMPLES["paper-example-en"], SAMPLES["paper-example-ja"]
    assert suggested_filename("html", [en]) == "paper-example-en.html"
    assert suggested_filename("md", [ja]) == "paper-example-ja.md"
    assert suggested_filename("xlsx", [en, ja], the_workshop()) == "workshop-nagoya-2025-08-26.xlsx"
    assert suggested_filename("csv", [], the_workshop(date=None)) == "workshop-nagoya.csv"
    workshop = Workshop(id="workshop-2025-08-26", name="名古屋", date=dt.date(2025, 8, 26), created=T0, updated=T0)
    assert suggested_filename("html", [en], workshop) == "workshop-2025-08-26.html"
    assert suggested_filename("md", [en, ja]) == "paper-example-en-and-1-more.md"
    for name in (suggested_filename(f, list(SAMPLES.values()), the_workshop()) for f in REPORT_FORMATS):
        assert re.fullmatch(r"[a-z0-9._-]+", name)


# -- one session, every format ---------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_html_report_of_a_sample(name):
    session = SAMPLES[name]
    # Expected texts in the session's language, as its report is written.
    with language(session.language.value):
        data = render_report("html", [session])
        text = data.decode("utf-8")
        page = parse_html(data)

        assert text.startswith("<!DOCTYPE html>")
        assert ("meta", {"charset": "utf-8"}) in page.tags
        html_tag = next(a for t, a in page.tags if t == "html")
        assert html_tag["lang"] == session.language.value
        assert norm(page.title) == norm(session.title)
        # Self-contained: no scripts, no external resources of any kind.
        assert not {t for t, _a in page.tags} & {"script", "link", "img", "iframe", "object", "embed"}
        assert not re.search(r"https?://|@import|\bsrc=", text)
        assert all(u == "url(#" for u in re.findall(r"url\(.?", text))
        # Prints on A4: page size, rows kept whole, a Japanese-capable font stack.
        style = page.style.replace("\n", " ")
        assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:\s*15mm", style)
        assert "break-inside: avoid" in style
        assert '"Noto Sans CJK JP"' in style and '"Hiragino Sans"' in style and '"Yu Gothic"' in style

        body = page.body_text
        org = session.organisation
        for value in (session.title, org.name, session.strategic_goal.title, session.people.facilitator):
            assert norm(value) in body
        for participant in session.people.participants:
            assert norm(participant.name) in body
        for p in Perspective:
            gap = session.gap_analysis[p]
            assert norm(gap.business_view) in body and norm(gap.countermeasure) in body
        for goal in goals(session):
            assert norm(goal.text) in body
        for csf in items(session, Column.CSFS):
            assert norm(csf.text) in body
        for kpi in items(session, Column.KPIS):
            assert norm(kpi.text) in body
        for action in items(session, Column.ACTIONS):
            assert norm(action.text) in body
        for warning in review_warnings(session):
            assert norm(warning.message) in body
        usefulness, availability = averages(session)
        assert f"{_('Usefulness avg.')} {format_average(usefulness)}" in body
        assert f"{_('Availability avg.')} {format_average(availability)}" in body

        # The scorecard in the paper's shape: a header row and a row per perspective.
        start = text.index('<table class="scorecard">')
        table = text[start : text.index("</table>", start)]
        headers = [norm(unescape(re.sub(r"<[^>]+>", "", h))) for h in re.findall(r"<th[^>]*>(.*?)</th>", table)]
        assert headers == [
            _(h) for h in ("Perspective", "Strategy goals", "Critical success factors", "KPIs", "Action plans")
        ] + [_(name) for name in PERSPECTIVE_NAMES]
        assert table.count("<tr") == 5
        labels = item_labels(session.scorecard)
        first_csf = items(session, Column.CSFS)[0]
        assert f'<span class="links">→ {labels[first_csf.supports[0]]}' in table

        # The strategy map: one box per goal, one arrow per link, cause and effect as in the session.
        _summary_map, svg = page.svgs  # the executive summary's map, then the strategy map section's
        assert [g["data-goal"] for g in svg["goals"]] == [g.id for g in goals(session)]
        assert sorted((a["data-cause"], a["data-effect"]) for a in svg["links"]) == sorted(
            (link.cause, link.effect) for link in session.strategy_map
        )
        assert all(a["marker-end"].startswith("url(#") for a in svg["links"])


def test_html_report_in_japanese():
    session = SAMPLES["paper-example-ja"]
    data = render_report("html", [session])
    page = parse_html(data)
    assert '<html lang="ja">' in data.decode("utf-8")
    body = page.body_text
    for text in (
        "セキュリティスコアカード",
        "ブランドイメージの向上",
        "SOCからCSIRTへの報告時間 ≤ 60分",
        "東海ホームエレクトロニクス株式会社（架空）",
        "標的型メール訓練の実施",
    ):
        assert text in body
    # Japanese wraps per character inside the map's boxes: no box line is wider than its box allows.
    svg = re.search(r"<svg\b.*?</svg>", data.decode("utf-8"), flags=re.DOTALL).group(0)
    root = ET.fromstring(svg)
    box_texts = [
        "".join(span.text or "" for span in text.findall("tspan")[1:])
        for text in root.iter("text")
        if len(text.findall("tspan")) > 1
    ]
    long_goal = "システム・ソフトウェアの設計・開発の初期段階からセキュリティを組み込む（セキュリティ・バイ・デザイン）"
    assert long_goal in box_texts  # the text survives wrapping whole
    lines = [
        span.text for g in root.iter("g") if g.get("class") == "goal" for span in g.find("text").findall("tspan")[1:]
    ]
    assert len(lines) > len(goals(session))  # some goals took several lines
    assert not any(line.startswith(("、", "。", "）", "・")) for line in lines)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_markdown_report_of_a_sample(name):
    session = SAMPLES[name]
    # Expected texts in the session's language, as its report is written.
    with language(session.language.value):
        md = render_report("md", [session]).decode("utf-8")
        assert md.startswith(f"# {inline(session.title)}\n")
        headings = ("Perspective", "Strategy goals", "Critical success factors", "KPIs", "Action plans")
        assert "| " + " | ".join(map(_, headings)) + " |" in md
        labels = item_labels(session.scorecard)
        for perspective, title in zip(Perspective, map(_, PERSPECTIVE_NAMES), strict=True):
            rows = md_table_rows(md, f"**{title}**")
            scorecard_row = next(r for r in rows if len(r) == 5)
            card = session.scorecard[perspective]
            for column, cell in zip(Column, scorecard_row[1:], strict=True):
                entries = cell.split("<br>")
                assert len(entries) == len(card.column(column)) or (not card.column(column) and cell == "–")
                for entry, item in zip(entries, card.column(column), strict=False):  # an empty column shows "–"
                    assert entry.startswith(f"**{labels[item.id]}** ")
                    assert inline(item.text) in entry  # KPIs as "measure ≤ target unit"
        for action in items(session, Column.ACTIONS):
            assert inline(action.text) in md

        block = re.search(r"```mermaid\nflowchart BT\n(.*?)```", md, flags=re.DOTALL).group(1)
        assert block.count("subgraph ") == sum(1 for p in Perspective if session.scorecard[p].goals)
        assert len(re.findall(r"^  g\d+ --> g\d+$", block, flags=re.MULTILINE)) == len(session.strategy_map)
        assert len(re.findall(r'^    g\d+\["', block, flags=re.MULTILINE)) == len(goals(session))
        # The plain list of links, for viewers without Mermaid.
        link_line = r"^- \*\*(F|Cu|P|L)-G\d+\*\* .* → \*\*(F|Cu|P|L)-G\d+\*\*"
        assert len(re.findall(link_line, md, flags=re.MULTILINE)) == len(session.strategy_map)
        usefulness, availability = averages(session)
        assert f"| {format_average(usefulness)} | {format_average(availability)} |" in md
        if session.language is Language.JA:
            assert "ブランドイメージの向上" in md and "SOCからCSIRTへの報告時間 ≤ 60分" in md


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_xlsx_report_of_a_sample(name):
    session = SAMPLES[name]
    # Expected texts in the session's language, as its report is written.
    with language(session.language.value):
        wb = load_workbook(io.BytesIO(render_report("xlsx", [session])))
        assert wb.sheetnames == [tab_names([session])[0], _("Action plans"), _("KPIs")]
        ws = wb[wb.sheetnames[0]]
        assert ws["A1"].value == session.title
        assert [ws.cell(row=3, column=i).value for i in range(1, 6)] == [
            _(h) for h in ("Perspective", "Strategy goals", "Critical success factors", "KPIs", "Action plans")
        ]
        assert all(ws.cell(row=3, column=i).font.b for i in range(1, 6))
        assert ws.freeze_panes == "B4"
        labels = item_labels(session.scorecard)
        for r, (perspective, title) in enumerate(zip(Perspective, map(_, PERSPECTIVE_NAMES), strict=True), start=4):
            assert ws.cell(row=r, column=1).value == title
            card = session.scorecard[perspective]
            for col, column in enumerate(Column, start=2):
                cell = ws.cell(row=r, column=col)
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
                lines = (cell.value or "").split("\n") if card.column(column) else []
                assert len(lines) == len(card.column(column))
                for line, item in zip(lines, card.column(column), strict=True):
                    assert line.startswith(f"{labels[item.id]} {item.text}")
            assert ws.row_dimensions[r].height and ws.row_dimensions[r].height >= 15
        assert ws.column_dimensions["B"].width >= 30

        actions = wb[_("Action plans")]
        header = [c.value for c in actions[1]]
        assert header == [
            _(h)
            for h in (
                "Session",
                "Perspective",
                "Label",
                "Action",
                "Owner",
                "Due",
                "Status",
                "Budget",
                "Currency",
                "KPI",
                "METI directives",
                "NIST CSF",
            )
        ]
        labels = item_labels(session.scorecard)
        assert actions.freeze_panes == "A2"
        rows = list(actions.iter_rows(min_row=2, values_only=True))
        plans = items(session, Column.ACTIONS)
        assert len(rows) == len(plans)
        kpis = {k.id: k for k in items(session, Column.KPIS)}
        for row, plan in zip(rows, plans, strict=True):
            assert row[0] == session.title and row[2] == labels[plan.id] and row[3] == plan.text
            if plan.due is None:
                assert row[5] is None
            else:
                assert isinstance(row[5], dt.datetime) and row[5].date() == plan.due
            assert row[7] == plan.budget and (plan.budget is None or isinstance(row[7], (int, float)))
            assert row[8] == session.currency == "JPY"
            assert (row[9] or "") == "\n".join(f"{labels[k]} {kpis[k].text}" for k in plan.moves)
            assert actions.cell(row=rows.index(row) + 2, column=8).number_format == (
                "#,##0.0###" if isinstance(plan.budget, float) and not plan.budget.is_integer() else "#,##0"
            )
        dated = next(r for r in range(2, len(rows) + 2) if actions.cell(row=r, column=6).value is not None)
        assert actions.cell(row=dated, column=6).is_date
        date_format = 'yyyy"年"m"月"d"日"' if session.language is Language.JA else "yyyy-mm-dd"
        assert actions.cell(row=dated, column=6).number_format == date_format


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_csv_report_of_a_sample(name):
    session = SAMPLES[name]
    # Expected texts in the session's language, as its report is written.
    with language(session.language.value):
        rows = read_csv(render_report("csv", [session]))
        assert rows[0] == [
            _(h)
            for h in (
                "Session id",
                "Session title",
                "Perspective",
                "Label",
                "Action",
                "Owner",
                "Due",
                "Status",
                "Budget",
                "Currency",
                "KPI labels",
                "KPI",
                "METI directives",
                "NIST CSF",
            )
        ]
        plans = items(session, Column.ACTIONS)
        assert len(rows) - 1 == len(plans)
        kpis = {k.id: k for k in items(session, Column.KPIS)}
        labels = item_labels(session.scorecard)
        for row, plan in zip(rows[1:], plans, strict=True):
            assert row[0] == session.id and row[1] == session.title and row[3] == labels[plan.id]
            assert row[4] == plan.text and row[5] == plan.owner
            assert row[6] == (plan.due.isoformat() if plan.due else "")
            assert row[8] == ("" if plan.budget is None else str(plan.budget))
            assert row[9] == session.currency == "JPY"
            assert row[10] == "; ".join(labels[k] for k in plan.moves)
            assert row[11] == "\n".join(kpis[k].text for k in plan.moves)
        kpi_rows = read_csv(render_report("csv", [session], what="kpis"))
        assert kpi_rows[0][3:9] == [_(h) for h in ("Label", "KPI", "Direction", "Target", "Baseline", "Current")]
        assert [(r[3], r[4]) for r in kpi_rows[1:]] == [(labels[k.id], k.measure) for k in kpis.values()]
        for row, kpi in zip(kpi_rows[1:], kpis.values(), strict=True):
            assert row[6] == ("" if kpi.target is None else str(kpi.target)) and row[9] == kpi.unit
        if session.language is Language.JA:
            assert rows[1][1] == "セキュリティスコアカード — 論文の事例（ブランドイメージの向上）"
            assert "SOCからCSIRTへの報告時間 ≤ 60分" in rows[1][11]


# -- the workshop report -----------------------------------------------------------


def test_workshop_html_report():
    sessions = list(SAMPLES.values())
    workshop = the_workshop()
    results = workshop_results(workshop, sessions)
    data = render_report("html", sessions, workshop=workshop)
    text = data.decode("utf-8")
    page = parse_html(data)
    assert '<html lang="en">' in text  # mixed languages: each team section says its own
    teams = [s for s in page.sections if "team" in s.get("class", "").split()]
    assert [s["lang"] for s in teams] == [s.language.value for s in sessions]
    assert re.search(r"\.workshop section\.team\s*{[^}]*break-before: page", page.style)
    assert len(page.svgs) == len(sessions)
    for svg, session in zip(page.svgs, sessions, strict=True):
        assert len(svg["goals"]) == len(goals(session))
        assert len(svg["links"]) == len(session.strategy_map)
    assert len(set(re.findall(r'<marker id="([^"]+)"', text))) == len(sessions)  # ids unique on the page

    body = page.body_text
    assert "名古屋ワークショップ 2025" in body and "名古屋市 & <Hall>" in body and "森田 優子" in body
    start = text.index('<table class="results num">')
    table1 = text[start : text.index("</table>", start)]
    cells = [norm(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table1)]
    assert cells == [
        "Date",
        "Participants",
        "Ratings",
        "Usefulness avg.",
        "Availability avg.",
        "2025-08-26",
        str(results.participants),
        str(results.ratings),
        format_average(results.usefulness_avg),
        format_average(results.availability_avg),
    ]
    start = text.index('<table class="distribution num">')
    dist = text[start : text.index("</table>", start)]
    for value in RATING_VALUES:
        row = re.search(rf"<tr><th scope=\"row\">{value}</th>(.*?)</tr>", dist).group(1)
        counts = [int(n) for n in re.findall(r"</span> (\d+)</td>|<td>(\d+)</td>", row) for n in n if n]
        assert counts == [results.usefulness[value], results.availability[value]]
    for comment in results.comments:
        assert norm(comment.text) in body
    for session in sessions:
        assert norm(session.title) in body
        for action in items(session, Column.ACTIONS):
            assert norm(action.text) in body


def test_workshop_markdown_report():
    sessions = list(SAMPLES.values())
    workshop = the_workshop()
    results = workshop_results(workshop, sessions)
    md = render_report("md", sessions, workshop=workshop).decode("utf-8")
    assert md.startswith("# 名古屋ワークショップ 2025\n")
    assert "| Date | Participants | Ratings | Usefulness avg. | Availability avg. |" in md
    assert (
        f"| 2025-08-26 | {results.participants} | {results.ratings} | "
        f"{format_average(results.usefulness_avg)} | {format_average(results.availability_avg)} |"
    ) in md
    for value in RATING_VALUES:
        assert re.search(rf"^  {value} [█·]+ {results.usefulness[value]}$", md, flags=re.MULTILINE)
    assert md.count("```mermaid") == len(sessions)
    for session in sessions:
        assert f"\n## {inline(session.title)}\n" in md
    for comment in results.comments:
        assert inline(comment.text) in md


def test_workshop_xlsx_report():
    sessions = list(SAMPLES.values())
    workshop = the_workshop()
    results = workshop_results(workshop, sessions)
    wb = load_workbook(io.BytesIO(render_report("xlsx", sessions, workshop=workshop)))
    assert wb.sheetnames == ["Results", *tab_names(sessions), "Action plans", "KPIs"]
    ws = wb["Results"]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 8)}
    assert values["Venue"] == "名古屋市 & <Hall>" and values["Trainer"] == "森田 優子"
    header_row = next(
        r
        for r in range(1, 20)
        if ws.cell(row=r, column=1).value == "Date" and ws.cell(row=r, column=2).value == "Participants"
    )
    figures = [ws.cell(row=header_row + 1, column=i).value for i in range(1, 6)]
    assert figures[0].date() == results.date
    assert figures[1:3] == [results.participants, results.ratings]
    assert figures[3] == round_half_up(results.usefulness_avg)  # the value every format shows
    assert figures[4] == round_half_up(results.availability_avg)
    assert ws.cell(row=header_row + 1, column=4).number_format == "0.0"
    rating_row = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "Rating")
    for r in range(rating_row + 1, rating_row + 6):
        value = ws.cell(row=r, column=1).value
        assert ws.cell(row=r, column=2).value == results.usefulness[value]
        assert ws.cell(row=r, column=3).value == results.availability[value]
    comment_row = next(r for r in range(1, 60) if ws.cell(row=r, column=3).value == "Comment")
    comments = [ws.cell(row=r, column=3).value for r in range(comment_row + 1, ws.max_row + 1)]
    assert comments == [c.text for c in results.comments]
    actions = list(wb["Action plans"].iter_rows(min_row=2, values_only=True))
    assert len(actions) == sum(len(items(s, Column.ACTIONS)) for s in sessions)


def test_workshop_csv_report():
    sessions = list(SAMPLES.values())
    rows = read_csv(render_report("csv", sessions, workshop=the_workshop()))
    assert len(rows) - 1 == sum(len(items(s, Column.ACTIONS)) for s in sessions)
    assert {r[0] for r in rows[1:]} == {s.id for s in sessions}


def test_sessions_without_a_workshop_have_no_results_table():
    sessions = [SAMPLES["paper-example-en"], SAMPLES["paper-example-ja"]]
    html = render_report("html", sessions).decode("utf-8")
    page = parse_html(html.encode())
    assert "results num" not in html and len(page.svgs) == 2
    assert [s["lang"] for s in page.sections if "team" in s["class"].split()] == ["en", "ja"]
    md = render_report("md", sessions).decode("utf-8")
    assert "Usefulness avg. | Availability avg. |\n|---|---:|---:|---:|---:|\n| 2025-08-26 | 31" in md
    assert "## Results" not in md and md.count("```mermaid") == 2
    wb = load_workbook(io.BytesIO(render_report("xlsx", sessions)))
    assert wb.sheetnames == [*tab_names(sessions), "Action plans", "KPIs"]


def test_workshop_with_no_sessions_yet():
    workshop = the_workshop(participants=12)
    for fmt in REPORT_FORMATS:
        assert render_report(fmt, [], workshop=workshop)
    page = parse_html(render_report("html", [], workshop=workshop))
    assert "12" in page.body_text and page.svgs == []
    assert load_workbook(io.BytesIO(render_report("xlsx", [], workshop=workshop))).sheetnames == [
        "Results",
        "Action plans",
        "KPIs",
    ]


# -- awkward sessions ----------------------------------------------------------------


def test_typed_text_is_escaped_everywhere():
    session = hostile_session()
    html = render_report("html", [session]).decode("utf-8")
    page = parse_html(html.encode())
    assert "<script" not in html and "<b>bold" not in html and "</td></tr></table>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [/b] &amp; &quot;q&quot;" in html
    assert norm(page.title) == HOSTILE
    assert page.body_text.count(HOSTILE) >= 5
    assert "</td></tr></table>" in page.body_text and "<b>bold</b> ≥ 5%" in page.body_text
    assert "]]> <!-- --> &amp; &#60;" in page.body_text
    assert [g["data-goal"] for g in page.svgs[0]["goals"]] == ["g1", "g2", "g3"]

    md = render_report("md", [session]).decode("utf-8")
    assert not re.search(r"(?<!\\)<(script|/script|b>)", md)
    assert '\\<script\\>alert(1)\\</script\\> \\[/b\\] & "q"' in md
    assert "a\\|b \\*c\\* \\_d\\_ \\`e\\`<br>second line" in md  # one cell, pipe escaped
    assert "\\&amp; \\&#60;" in md  # entities stay literal
    notes = md.split("## Organisation and people", 1)[1]
    assert "\\# not a heading" in notes and "- item \\| with pipe" in notes and "1\\. not a list" in notes
    assert "\\=1+1" in notes
    assert md.startswith("# \\<script")
    two_lines = render_report("md", [minimal_session("t", "first\nsecond | third")]).decode()
    assert two_lines.startswith("# first second \\| third\n")
    mermaid = re.search(r"```mermaid\n(.*?)```", md, flags=re.DOTALL).group(1)
    assert "<script" not in mermaid and '"q"' not in mermaid and "#lt;script#gt;" in mermaid

    wb = load_workbook(io.BytesIO(render_report("xlsx", [session])))
    ws = wb[tab_names([session])[0]]
    assert ws["A1"].value == HOSTILE
    actions = wb["Action plans"]
    assert actions["D2"].value == '=HYPERLINK("http://evil","x")' and actions["D2"].data_type == "s"
    assert actions["E2"].value == "@SUM(A1)" and actions["E2"].data_type == "s"

    rows = read_csv(render_report("csv", [session]))
    assert rows[1][1] == HOSTILE and rows[2][5] == HOSTILE
    assert rows[1][4] == '\'=HYPERLINK("http://evil","x")' and rows[1][5] == "'@SUM(A1)"
    assert rows[2][4] == 'line one\nline two, "quoted"'  # a newline inside a field survives
    kpis = read_csv(render_report("csv", [session], what="kpis"))  # through the same writer
    assert kpis[1][4] == "<b>bold</b>" and kpis[1][11] == "'=1+1" and kpis[1][6] == "5"


def test_a_cycle_is_still_drawn_and_marked():
    session = cyclic_session()
    page = parse_html(render_report("html", [session]))
    _summary_map, svg = page.svgs  # the executive summary's map, then the strategy map section's
    assert len(svg["links"]) == 4
    dashed = {(a["data-cause"], a["data-effect"]) for a in svg["links"] if "cycle" in a["class"].split()}
    assert dashed == {("l", "c"), ("c", "f"), ("f", "l")}
    assert all("stroke-dasharray" in a for a in svg["links"] if "cycle" in a["class"].split())
    assert "Dashed arrows are part of a cycle." in page.body_text
    assert "the strategy map has a cycle: Cu-G1 → F-G1 → L-G1 → Cu-G1" in page.body_text  # goals' labels
    md = render_report("md", [session]).decode("utf-8")
    assert md.count(" -.-> ") == 3 and md.count(" --> ") == 1
    assert md.count("(part of a cycle)") == 3


def test_rich_and_empty_sessions_render_in_every_format():
    rich, empty = rich_session(), minimal_session()
    for session in (rich, empty):
        for fmt in REPORT_FORMATS:
            assert render_report(fmt, [session])
    page = parse_html(render_report("html", [rich]))
    assert '<html lang="ja">' in render_report("html", [rich]).decode()
    with language("ja"):  # the session's language, that of its report
        for warning in review_warnings(rich):
            assert norm(warning.message) in page.body_text
    _summary_map, svg = page.svgs  # the executive summary's map, then the strategy map section's
    assert len(svg["links"]) == 2  # the dangling link to a goal that does not exist is left out
    assert "→ ?" in page.body_text  # a KPI measuring a CSF that is gone says so
    assert "Ålesund 🔐" in page.body_text and "Plus-security people 👩‍💻" in page.body_text
    md = render_report("md", [rich]).decode()
    assert "Keep \\[b\\]costs\\[/b\\] down" in md and "CISO \\[bold\\]" in md

    empty_page = parse_html(render_report("html", [empty]))
    assert empty_page.svgs == [] and "No strategy goals yet." in empty_page.body_text
    assert "No action plans yet." in empty_page.body_text
    rich_in_english = rich.model_copy(update={"language": empty.language})
    assert read_csv(render_report("csv", [empty])) == [read_csv(render_report("csv", [rich_in_english]))[0]]
    budgets = [
        r[7]
        for r in load_workbook(io.BytesIO(render_report("xlsx", [rich])))["アクションプラン"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert budgets == [2.5, 0, 1_000_000]


def tab_names(sessions) -> list[str]:
    """The sheet tabs of the teams: their titles, made valid and unique."""
    from secsc_tui.core.reports.xlsx import sheet_name

    taken = {"action plans", "kpis", "results"}
    return [sheet_name(s.title, taken) for s in sessions]


# -- building blocks ---------------------------------------------------------------


def test_sheet_names_are_valid_and_unique():
    taken = {"action plans", "results"}
    assert sheet_name("paper-example-en", taken) == "paper-example-en"
    assert sheet_name("Paper-Example-EN", taken) == "Paper-Example-EN (2)"
    long = sheet_name("x" * 64, taken)
    assert len(long) == 31
    assert len(sheet_name("x" * 64, taken)) == 31 and sheet_name("x" * 64, taken).endswith("(3)")
    assert sheet_name("a[b]:c*d?e/f\\g", taken) == "a_b__c_d_e_f_g"
    assert sheet_name("History", taken) == "History_"
    assert sheet_name("Results", taken) == "Results (2)"
    assert sheet_name("", taken) == "Sheet"


def test_content_labels_and_markers():
    session = SAMPLES["paper-example-en"]
    rows = content.scorecard_rows(session)
    financial = rows[0]
    assert [i.line() for i in financial.cells[Column.CSFS]] == [
        "F-C1 Early detection by the SOC → F-G1, F-G2",
        "F-C2 Early launch of the incident response team (CSIRT) → F-G1",
    ]
    assert financial.cells[Column.KPIS][0].line() == "F-K1 SOC→CSIRT reporting time ≤ 60 min → F-C1"
    # The same labels as the app's grid and map: a customer goal is never "C1" like a CSF.
    customer_goals = [i.label for i in rows[1].cells[Column.GOALS]]
    assert customer_goals == ["Cu-G1", "Cu-G2", "Cu-G3"]
    smap = content.strategy_map(session)
    assert [g.label for g in smap.goals[Perspective.CUSTOMER]] == customer_goals


def test_reports_give_budgets_their_currency_and_kpis_their_kind_and_dates():
    japanese = rich_session()  # JPY; KPI k-time is lagging, baseline 4.5 on 2025-04-01, current 0 on 2025-08-31
    md = render_report("md", [japanese]).decode()
    assert "遅行指標 · 基準値 4.5 (2025年4月1日) · 現状値 0 (2025年8月31日)" in md  # dates as Japanese writes them
    assert "| 通貨 | JPY |" in md

    rich = japanese.model_copy(update={"language": Language.EN})
    facts = "lagging · baseline 4.5 (2025-04-01) · current 0 (2025-08-31)"
    md = render_report("md", [rich]).decode()
    assert facts in md
    assert "| Currency | JPY |" in md and "| 1,000,000 JPY |" in md
    page = parse_html(render_report("html", [rich]))
    assert facts in page.body_text and "1,000,000 JPY" in page.body_text
    assert "Total budget: 1000002.5 JPY" in page.body_text
    sheet = load_workbook(io.BytesIO(render_report("xlsx", [rich])))[tab_names([rich])[0]]
    assert any(facts in (cell.value or "") for row in sheet.iter_rows() for cell in row)

    no_currency = rich.model_copy(update={"currency": ""})
    assert "| 1,000,000 |" in render_report("md", [no_currency]).decode()


# -- the executive summary, labels, currency ---------------------------------------


def test_the_html_report_starts_with_an_executive_summary_then_contents():
    session = SAMPLES["paper-example-en"]
    html = render_report("html", [session]).decode("utf-8")
    summary = html.index('<section class="summary first"')
    contents = html.index('<nav class="contents">')
    details = html.index(f'id="{session.id}-people"')
    assert summary < contents < details
    page = html[summary:contents]
    assert "Executive summary" in page and "Enhance brand image" in page and "(i) Align security" in page
    assert "<svg" in page  # the map
    assert "SOC→CSIRT reporting time" in page and "≤ 60 min" in page  # a KPI with its target
    first_action = min(content.action_rows(session), key=lambda a: a.due)
    assert first_action.owner in page and first_action.due.isoformat() in page
    assert "Open warnings" in page
    # Statuses never break inside a word: their cells do not wrap.
    assert '<td class="status">in progress</td>' in html
    assert "td.status, th.status" in html and "white-space: nowrap" in html
    # The contents link to the sections.
    assert f'href="#{session.id}-scorecard"' in html and f'id="{session.id}-scorecard"' in html


def test_a_workshop_report_opens_with_a_summary_of_every_team_and_its_contents():
    sessions = list(SAMPLES.values())
    html = render_report("html", sessions, workshop=the_workshop()).decode("utf-8")
    summary, contents = html.index('id="summary"'), html.index('<nav class="contents">')
    assert summary < contents < html.index('<section class="team"')
    for s in sessions:
        assert f'<a href="#session-{s.id}">' in html[summary:contents]
        assert f'href="#session-{s.id}"' in html[contents:]


def test_flat_lists_use_the_apps_labels():
    session = SAMPLES["paper-example-en"]
    labels = item_labels(session.scorecard)
    assert len(set(labels.values())) == len(labels)  # unique across perspectives: "F-A1", "L-A1"
    html = render_report("html", [session]).decode("utf-8")
    assert '<td class="label">F-A1</td>' in html and '<td class="label">L-A1</td>' in html


def test_budgets_carry_the_session_currency_when_there_is_one():
    assert content.format_budget(1_500_000, "JPY") == "1,500,000 JPY" and content.format_budget(2.5) == "2.5"
    assert content.format_budget(None, "JPY") == "–"


def test_xlsx_kpi_sheet_and_rating_chart():
    sessions = list(SAMPLES.values())
    wb = load_workbook(io.BytesIO(render_report("xlsx", sessions, workshop=the_workshop())))
    kpis = wb["KPIs"]
    header = [cell.value for cell in kpis[1]]
    assert header[:9] == [
        "Session",
        "Perspective",
        "Label",
        "KPI",
        "Direction",
        "Target",
        "Baseline",
        "Current",
        "Unit",
    ]
    rows = list(kpis.iter_rows(min_row=2, values_only=True))
    assert len(rows) == sum(len(content.kpi_rows(s)) for s in sessions)
    soc = next(r for r in rows if r[3] == "SOC→CSIRT reporting time")
    assert (soc[4], soc[5], soc[8]) == ("≤", 60, "min")  # the target a number, the unit apart
    results = wb["Results"]
    assert len(results._charts) == 1  # the distribution of ratings, drawn
    assert [ws.title for ws in wb][1 : 1 + len(sessions)] == tab_names(sessions)


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_a_report_speaks_its_session_s_language_whatever_the_interface_speaks(fmt):
    japanese, english = SAMPLES["paper-example-ja"], SAMPLES["paper-example-en"]

    def text(session) -> str:
        data = render_report(fmt, [session])
        if fmt != "xlsx":
            return data.decode("utf-8-sig")
        book = load_workbook(io.BytesIO(data))
        return " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c)

    heading = {"md": "アクションプラン", "html": "アクションプラン", "xlsx": "アクションプラン", "csv": "責任者"}[fmt]
    assert heading in text(japanese)  # the interface speaks English (the tests' default)
    set_language("ja")
    try:
        assert heading not in text(english)
        assert current_language() == "ja"  # the report's language held only while it was written
    finally:
        set_language("en")


def test_a_workshop_report_speaks_the_language_of_its_teams():
    japanese = SAMPLES["paper-example-ja"]
    other = japanese.model_copy(update={"id": "ja-2", "title": "チームB"})
    md = render_report("md", [japanese, other], workshop=the_workshop()).decode()
    assert "アクションプラン" in md and "Action plans" not in md
    assert content.report_language([japanese, SAMPLES["paper-example-en"]]) == "en"  # a tie: the interface's
