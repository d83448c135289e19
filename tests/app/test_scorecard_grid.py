"""The scorecard grid drawn by lines: wrapping wide text, alignment on screen, the cursor kept in view."""

from __future__ import annotations

from apphelpers import open_session, screen_text
from helpers import at_scorecard, sample
from rich.cells import cell_len

from secsc_tui.app.widgets.scorecard_grid import (
    BAR_BLANK,
    BAR_CURSOR,
    BAR_LINKED,
    Paragraph,
    ScorecardGrid,
    column_spans,
    wrap_paragraphs,
)
from secsc_tui.core.model import Goal, Perspective

BARS = {BAR_BLANK, BAR_LINKED, BAR_CURSOR}


def cut(line: str, x: int, width: int) -> str:
    """The ``width`` cells of ``line`` from cell ``x``; a wide character across either edge fails."""
    out, col = [], 0
    for char in line:
        w = cell_len(char)
        if x <= col and col + w <= x + width:
            out.append(char)
        else:
            assert col + w <= x or col >= x + width, f"a wide character across the edge of {x}–{x + width}: {line!r}"
        col += w
    return "".join(out)


def test_wide_text_wraps_to_the_cell_width_with_its_styles():
    goal = "F-G1 攻撃を受けた際の迅速な対応（株価への影響を最小化）"
    lines = wrap_paragraphs([Paragraph(goal, bold=4), Paragraph("発生ごと · CSIRTリーダー", style="italic")], 9)
    plain = [line.plain for line in lines]
    assert all(cell_len(line) <= 9 for line in plain), plain
    assert plain[0] == "F-G1 攻撃"  # the text starts beside its label, not on the next line
    assert "".join(plain).replace(" ", "") == (goal + "発生ごと · CSIRTリーダー").replace(" ", "")
    assert not [line for line in plain if line.startswith(("）", "・", "、"))], plain  # kinsoku
    assert [(span.start, span.end, str(span.style)) for span in lines[0].spans] == [(0, 4, "bold")]
    assert all(line.spans == [] for line in lines[1:5])
    details = [line for line in lines if "CSIRT" in line.plain or "発生" in line.plain]
    assert details and all(str(span.style) == "italic" for line in details for span in line.spans)


def test_runs_of_spaces_are_shown_as_typed_but_never_start_a_line():
    assert [line.plain for line in wrap_paragraphs([Paragraph("F-G1 a  b   c", bold=4)], 30)] == ["F-G1 a  b   c"]
    assert [line.plain for line in wrap_paragraphs([Paragraph("F-G1 aaa   bbb", bold=4)], 9)] == ["F-G1 aaa", "bbb"]
    # The private-use character that stands in for the kept spaces, typed: shown as it is.
    assert [line.plain for line in wrap_paragraphs([Paragraph("x\ue000  y")], 30)] == ["x\ue000 y"]


def test_the_columns_share_the_width_as_textual_does():
    assert column_spans(78) == [(0, 19), (19, 20), (39, 19), (58, 20)]
    assert column_spans(118) == [(0, 29), (29, 30), (59, 29), (88, 30)]


async def test_japanese_items_line_up_in_their_columns_on_screen(make_db, app_factory):
    session = at_scorecard(sample("paper-example-ja"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        rows = screen_text(app).splitlines()
        seen = 0
        for card in (session.scorecard[p] for p in Perspective):
            for item in card.goals + card.csfs + card.kpis + card.actions:
                region = grid.item_region(item.id)
                assert region is not None
                for k, line in enumerate(grid.item_lines(item.id)):
                    y = region.y + k
                    if not grid.region.y <= y < grid.region.bottom:
                        continue  # scrolled out of view
                    assert cut(rows[y], region.x, 1) in BARS, rows[y]
                    assert cut(rows[y], region.x + 1, region.width - 1).rstrip() == line, rows[y]
                    seen += 1
        assert seen >= 30  # most of what is on screen was checked


def crowded(goals_per_perspective: int = 50):
    """The paper example with 200 strategy goals more: each wraps to two lines or more at 80 columns."""
    session = at_scorecard(sample("paper-example-en"))
    for perspective in Perspective:
        card = session.scorecard[perspective]
        card.goals = [
            Goal(id=f"{perspective.value[:3]}-crowd-{i}", text=f"Goal {i} of {perspective.value} in a crowded card")
            for i in range(goals_per_perspective)
        ]
    return session


async def test_the_cursor_stays_in_view_through_a_200_item_session(make_db, app_factory):
    session = crowded()
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        assert grid.has_focus
        goals = [goal.id for p in Perspective for goal in session.scorecard[p].goals]
        assert len(goals) == 200
        inside = grid.scrollable_content_region
        for expected in goals[1:]:
            await pilot.press("down")
            assert grid.current_item is not None and grid.current_item.id == expected
            where = grid.cursor_region
            assert where is not None and inside.contains_region(where), (expected, where, inside)
        assert grid.scroll_y > 500
        rows = screen_text(app).splitlines()
        assert cut(rows[where.y], where.x, 1) == BAR_CURSOR  # drawn where the grid says it is
        await pilot.press("pageup", "pageup", "pageup")  # back to the first goal of the first perspective
        assert grid.current_item is not None and grid.current_item.id == goals[0]
        assert inside.contains_region(grid.cursor_region)


async def test_every_line_fills_the_width_even_in_a_very_narrow_grid(make_db, app_factory):
    session = at_scorecard(sample("paper-example-ja"))
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        grid = app.screen.query_one(ScorecardGrid)
        for width in (80, 33, 14, 9):  # 9: columns of two cells, a bar and half a wide character
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            lines = grid.text_lines()
            content = grid.scrollable_content_region.width
            assert lines and {cell_len(line) for line in lines} == {content}, (width, lines[:6])
            assert grid.virtual_size.height == len(lines)
