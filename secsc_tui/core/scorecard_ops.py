"""Changes to the scorecard grid that keep its links and its item numbers consistent.

Links point from a lower column to the one on its left: a CSF ``supports``
goals, a KPI ``measures`` CSFs, an action plan ``moves`` KPIs; the strategy map
links goals. Deleting an item removes every link to it, so a session never
holds a dangling link. A new item gets the next number of its column, an edited
one keeps its own, and a deleted one's is never given again (see PerspectiveCard).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from secsc_tui.core.model import Column, Perspective, Scorecard, ScorecardItem, Session

# The link field on items of a column, and the column its targets are in.
LINK_FIELD = {Column.CSFS: "supports", Column.KPIS: "measures", Column.ACTIONS: "moves"}
LINK_TARGET = {Column.CSFS: Column.GOALS, Column.KPIS: Column.CSFS, Column.ACTIONS: Column.KPIS}
LINK_SOURCE = {target: source for source, target in LINK_TARGET.items()}


@dataclass(frozen=True, slots=True)
class Place:
    """Where an item sits in the grid."""

    perspective: Perspective
    column: Column
    index: int


def iter_items(scorecard: Scorecard) -> Iterator[tuple[Place, ScorecardItem]]:
    for perspective in Perspective:
        card = scorecard[perspective]
        for column in Column:
            for index, item in enumerate(card.column(column)):
                yield Place(perspective, column, index), item


def find(scorecard: Scorecard, item_id: str) -> tuple[Place, ScorecardItem] | None:
    for place, item in iter_items(scorecard):
        if item.id == item_id:
            return place, item
    return None


def insert_item(session: Session, perspective: Perspective, column: Column, index: int, item: ScorecardItem) -> None:
    """Put a new item at ``index`` of its cell, with the next number of its column."""
    session.scorecard[perspective].insert(column, index, item)


def replace_item(session: Session, item: ScorecardItem) -> None:
    """Put ``item`` (edited) in place of the item with its id; it keeps that item's number."""
    found = find(session.scorecard, item.id)
    if found is None:
        raise KeyError(item.id)
    place, old = found
    item.number = old.number
    session.scorecard[place.perspective].column(place.column)[place.index] = item


def delete_item(session: Session, item_id: str) -> ScorecardItem | None:
    """Remove the item and every link to it; returns the removed item."""
    found = find(session.scorecard, item_id)
    if found is None:
        return None
    place, item = found
    session.scorecard[place.perspective].remove(place.column, place.index)
    for _place, other in iter_items(session.scorecard):
        for field in ("supports", "measures", "moves"):
            targets = getattr(other, field, None)
            if targets and item_id in targets:
                targets[:] = [t for t in targets if t != item_id]
    session.strategy_map[:] = [link for link in session.strategy_map if item_id not in (link.cause, link.effect)]
    return item


def move_item(session: Session, item_id: str, delta: int) -> bool:
    """Move an item up (-1) or down (+1) within its cell; False at either end."""
    found = find(session.scorecard, item_id)
    if found is None:
        return False
    place, _item = found
    items = session.scorecard[place.perspective].column(place.column)
    target = place.index + delta
    if not 0 <= target < len(items):
        return False
    items[place.index], items[target] = items[target], items[place.index]
    return True


def linked_up(session: Session, item: ScorecardItem, column: Column) -> list[str]:
    """Ids this item links to in the column on its left (empty for goals)."""
    field = LINK_FIELD.get(column)
    return list(getattr(item, field)) if field else []


def linked_down(session: Session, item_id: str, column: Column) -> list[str]:
    """Ids of items in the column on the right that link to this item."""
    source = LINK_SOURCE.get(column)
    if source is None:
        return []
    field = LINK_FIELD[source]
    return [
        other.id
        for place, other in iter_items(session.scorecard)
        if place.column is source and item_id in getattr(other, field)
    ]


def set_links_up(session: Session, item_id: str, targets: list[str]) -> None:
    found = find(session.scorecard, item_id)
    if found is None:
        raise KeyError(item_id)
    place, item = found
    setattr(item, LINK_FIELD[place.column], list(targets))


def set_links_down(session: Session, item_id: str, sources: list[str]) -> None:
    """Make exactly ``sources`` (items of the column on the right) link to this item."""
    found = find(session.scorecard, item_id)
    if found is None:
        raise KeyError(item_id)
    place, _item = found
    source_column = LINK_SOURCE[place.column]
    field = LINK_FIELD[source_column]
    wanted = set(sources)
    for other_place, other in iter_items(session.scorecard):
        if other_place.column is not source_column:
            continue
        targets = getattr(other, field)
        if other.id in wanted and item_id not in targets:
            targets.append(item_id)
        elif other.id not in wanted and item_id in targets:
            targets.remove(item_id)


def count_items(session: Session) -> int:
    return sum(1 for _ in iter_items(session.scorecard))
