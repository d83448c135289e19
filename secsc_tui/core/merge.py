"""Three-way merge of a session: what an editor last saw, what it holds now, what is stored now.

Several people edit one session at once (co-editing). When one saves a version
based on an older revision, the store does not refuse it: it merges, field by
field, the editor's changes (``mine``, against ``base``, the version it last
saw) with everything saved meanwhile (``theirs``):

- a field changed by one side only takes that side's value; changed by both to
  the same value, that value. Changed by both to different values it is a true
  **conflict**: the merge holds the ``prefer``-red side's value and lists both;
- list items (participants, goals, CSFs, KPIs, action plans, responses) are
  matched by their stable ``id``: items added by either side are kept, items
  deleted by one side and untouched by the other are gone, and an item deleted
  by one and edited by the other is **kept** (and listed in ``kept``);
- the order of a cell merges when only one side reordered it (items the other
  added are placed after the item they followed); both reordering it
  differently is a conflict on the order;
- links (a CSF's goals, a KPI's CSFs, an action's KPIs, the strategy map) and
  framework tags are sets: additions and removals from both sides apply;
  a link to an item that no longer exists is dropped;
- bookkeeping is not content: revision, ``updated`` and history are theirs,
  the current step is mine (where each person is is their own), and the steps
  done are recomputed from the merged content.

Everything here is pure: no store, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from secsc_tui.core.model import Column, Session

Side = Literal["mine", "theirs"]
ORDER = "(order)"  # the last step of a conflict's ``where`` when it is about a list's order

_THEIRS_ALWAYS = {"schema_version", "id", "created", "updated", "revision", "history"}
_LINK_FIELDS = ("supports", "measures", "moves")
_ITEM_TEXT_FIELDS = ("text", "measure", "name", "respondent", "comment")
_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class Conflict:
    """One field changed differently by both sides since ``base``."""

    where: tuple[str, ...]  # ("scorecard", "financial", "kpis", "[k-1]", "target"); ORDER last for an order
    base: Any
    mine: Any
    theirs: Any
    item: str = ""  # the text of the item the field belongs to, to recognise it
    by: str = ""  # who wrote ``theirs``, when the store knows (see ``Store.save_merging``)

    @property
    def path(self) -> str:
        """ "scorecard.financial.kpis[k-1].target" """
        text = ""
        for step in self.where:
            text += step if step.startswith("[") or not text else (" " + step if step == ORDER else "." + step)
        return text

    @property
    def item_id(self) -> str | None:
        for step in reversed(self.where):
            if step.startswith("["):
                return step[1:-1]
        return None


@dataclass(frozen=True, slots=True)
class Kept:
    """An item that one side deleted and the other edited: it is kept, with the edits."""

    where: tuple[str, ...]  # ("scorecard", "financial", "goals", "[g-1]")
    item: str
    deleted_by: Side


@dataclass(slots=True)
class MergeResult:
    session: Session
    conflicts: list[Conflict] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    dropped_links: int = 0  # links to an item that the other side deleted

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(base: Session, mine: Session, theirs: Session, *, prefer: Side = "theirs") -> MergeResult:
    """``mine`` and ``theirs`` (both descending from ``base``) merged; see the module docstring."""
    merger = _Merger(prefer)
    b, m, t = (_dump(s) for s in (base, mine, theirs))
    merged: dict[str, Any] = {}
    for key in t:
        if key in _THEIRS_ALWAYS:
            merged[key] = t[key]
        elif key == "progress":
            merged[key] = {
                "current_step": m[key]["current_step"],
                "done": t[key]["done"],  # recomputed below
                "reviewed": merger.value((key, "reviewed"), b[key]["reviewed"], m[key]["reviewed"], t[key]["reviewed"]),
            }
        else:
            merged[key] = merger.value((key,), b.get(key, _MISSING), m.get(key, _MISSING), t[key])
    for name, card in merged["scorecard"].items():
        for column in Column:
            _renumber_collisions(card[column.value], t["scorecard"][name][column.value])
    dropped = _drop_dangling_links(merged)
    session = Session.model_validate(merged)
    from secsc_tui.core.editing import steps_done

    session.progress.done = steps_done(session)
    return MergeResult(session, merger.conflicts, merger.kept, dropped)


def value_at(session: Session, conflict: Conflict) -> Any:
    """The conflicting field's value in ``session`` (an order: the list's ids), or None if its item is gone."""
    node = _parent(session, conflict)
    if node is None:
        return None
    last = conflict.where[-1]
    return [x.id for x in node] if last == ORDER else getattr(node, last)


def _parent(session: Session, conflict: Conflict) -> Any:
    node: Any = session
    for step in conflict.where[:-1]:
        if step.startswith("["):
            node = next((x for x in node if x.id == step[1:-1]), None)
            if node is None:
                return None
        else:
            node = getattr(node, step)
    return node


def choose(session: Session, conflict: Conflict, value: Any) -> None:
    """Give the conflicting field ``value`` (one side's) in ``session``, in place.

    Nothing happens if the field's item is no longer there. For an order, ``value``
    is a list of ids: the items it names are put in that order, the others after.
    """
    node = _parent(session, conflict)
    if node is None:
        return
    last = conflict.where[-1]
    if last == ORDER:
        rank = {item_id: i for i, item_id in enumerate(value)}
        node.sort(key=lambda x: rank.get(x.id, len(rank)))  # a stable sort: the others keep their order
    else:
        setattr(node, last, value)


# -- the merge itself ------------------------------------------------------------


def _dump(session: Session) -> dict[str, Any]:
    return session.model_dump()  # Python values: the strict model takes them back as they are


class _Merger:
    def __init__(self, prefer: Side):
        self.prefer = prefer
        self.conflicts: list[Conflict] = []
        self.kept: list[Kept] = []

    def value(self, where: tuple[str, ...], base: Any, mine: Any, theirs: Any, item: str = "") -> Any:
        if mine == theirs:
            return theirs
        if mine == base:
            return theirs
        if theirs == base:
            return mine
        if isinstance(theirs, dict) and isinstance(mine, dict):
            return self._dict(where, base if isinstance(base, dict) else {}, mine, theirs, item)
        if _is_list(mine, theirs):
            lists = [x for x in (base, mine, theirs) if isinstance(x, list)]
            if any(_is_item_list(x) for x in lists if x):
                return self._items(where, _as_list(base), mine, theirs)
            return _set_merge(_as_list(base), mine, theirs)
        return self._conflict(where, base, mine, theirs, item)

    def _conflict(self, where: tuple[str, ...], base: Any, mine: Any, theirs: Any, item: str) -> Any:
        self.conflicts.append(Conflict(where, None if base is _MISSING else base, mine, theirs, item))
        return mine if self.prefer == "mine" else theirs

    def _dict(
        self, where: tuple[str, ...], base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], item: str
    ) -> dict[str, Any]:
        text = _item_text(theirs) or _item_text(mine) or item
        merged = {}
        for key in dict.fromkeys([*theirs, *mine]):
            if key == "last_numbers":  # a card's: the highest number each side has given
                merged[key] = _max_numbers(mine.get(key, {}), theirs.get(key, {}))
            else:
                merged[key] = self.value(
                    (*where, key), base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING), text
                )
        return merged

    def _items(self, where: tuple[str, ...], base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
        b, m, t = ({x["id"]: x for x in items} for items in (base, mine, theirs))
        merged: dict[str, dict[str, Any]] = {}
        for item_id in dict.fromkeys([*t, *m]):
            at = (*where, f"[{item_id}]")
            in_m, in_t = item_id in m, item_id in t
            if in_m and in_t:
                merged[item_id] = self.value(at, b.get(item_id, {}), m[item_id], t[item_id])
            elif item_id not in b:
                merged[item_id] = m[item_id] if in_m else t[item_id]  # added by one side
            elif in_m and m[item_id] != b[item_id]:
                merged[item_id] = m[item_id]  # theirs deleted it, mine edited it
                self.kept.append(Kept(at, _item_text(m[item_id]) or item_id, "theirs"))
            elif in_t and t[item_id] != b[item_id]:
                merged[item_id] = t[item_id]  # mine deleted it, theirs edited it
                self.kept.append(Kept(at, _item_text(t[item_id]) or item_id, "mine"))
            # else: deleted by one side, untouched by the other
        order = self._order(where, [x["id"] for x in base], [x["id"] for x in mine], [x["id"] for x in theirs], merged)
        return [merged[item_id] for item_id in order]

    def _order(
        self, where: tuple[str, ...], base: list[str], mine: list[str], theirs: list[str], items: Iterable[str]
    ) -> list[str]:
        present = set(items)
        common = present.intersection(base, mine, theirs)
        b, m, t = ([i for i in ids if i in common] for ids in (base, mine, theirs))
        if m in (b, t):
            out = t
        elif t == b:
            out = m
        else:
            self.conflicts.append(Conflict((*where, ORDER), b, m, t))
            out = m if self.prefer == "mine" else t
        out = list(out)
        # Items only one side has (added, or kept after a delete): after the item they follow there.
        for side, ids in (("theirs", theirs), ("mine", mine)):
            other = set(mine if side == "theirs" else theirs)
            placed = set(out)
            previous: str | None = None
            for item_id in ids:
                if item_id not in present:
                    continue
                if item_id not in placed:
                    at = out.index(previous) + 1 if previous is not None else 0
                    # Several new items after the same one: the other side's go by id, for one order
                    # whichever side saves first.
                    while at < len(out) and _new_from(out[at], other, base, ids) and out[at] < item_id:
                        at += 1
                    out.insert(at, item_id)
                    placed.add(item_id)
                previous = item_id
        return out


def _new_from(item_id: str, other: set[str], base: list[str], ids: list[str]) -> bool:
    """Whether the other side added ``item_id`` (it is in neither the base nor this side)."""
    return item_id in other and item_id not in base and item_id not in ids


def _is_list(*values: Any) -> bool:
    return all(isinstance(v, list) for v in values)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_item_list(value: list[Any]) -> bool:
    return all(isinstance(x, dict) and "id" in x for x in value)


def _set_merge(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
    """Additions and removals of both sides (links, tags; strategy-map links compared whole)."""
    key = _hashable
    b, m = {key(x) for x in base}, {key(x) for x in mine}
    out = [x for x in theirs if key(x) in m or key(x) not in b]
    seen = {key(x) for x in out}
    out.extend(x for x in mine if key(x) not in b and key(x) not in seen)
    # Called only when both sides changed the set: one order (sorted) whichever saved first.
    return sorted(out, key=key)


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def _item_text(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for key in _ITEM_TEXT_FIELDS:
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def _max_numbers(mine: dict[str, int], theirs: dict[str, int]) -> dict[str, int]:
    return {key: max(mine.get(key, 0), theirs.get(key, 0)) for key in dict.fromkeys([*theirs, *mine])}


def _renumber_collisions(items: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    """Two items added at once in one column got the same number: the stored one keeps it, the other gets the next."""
    stored = {x["id"] for x in theirs}
    taken: set[int] = {x["number"] for x in items if x["id"] in stored and x.get("number") is not None}
    for item in items:
        if item["id"] in stored:
            continue
        if item.get("number") in taken:
            item["number"] = None  # numbered after every other when the card is validated
        elif item.get("number") is not None:
            taken.add(item["number"])


def _drop_dangling_links(session: dict[str, Any]) -> int:
    """Links to items that are gone (deleted by one side while the other linked to them)."""
    ids = {item["id"] for card in session["scorecard"].values() for column in Column for item in card[column.value]}
    dropped = 0
    for card in session["scorecard"].values():
        for column in Column:
            for item in card[column.value]:
                for name in _LINK_FIELDS:
                    if name in item:
                        kept = [target for target in item[name] if target in ids]
                        dropped += len(item[name]) - len(kept)
                        item[name] = kept
    links = session["strategy_map"]
    session["strategy_map"] = [link for link in links if link["cause"] in ids and link["effect"] in ids]
    return dropped + len(links) - len(session["strategy_map"])
