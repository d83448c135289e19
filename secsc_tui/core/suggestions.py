"""Picking from the catalogue: filter as you type, suggestions for a cell, and an editable copy.

For a cell of the scorecard (a perspective and a column) every catalogue entry of
that column is ranked for the session: entries of the cell's perspective first,
then those that suit the team's approach, echo the strategic goal or the gap
analysis of their perspective (more for a severe gap), or serve a framework need
that no item serves yet. Each suggestion says why, so the picker can show it.
Entries already on the scorecard sink to the end.

``to_item`` turns an entry into a new item of the session, in the session's
language, with a fresh id and the entry's framework tags; the team edits it from there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from secsc_tui.core.catalogue import ActionEntry, Catalogue, CsfEntry, Entry, KpiEntry
from secsc_tui.core.coverage import coverage, missing_needs
from secsc_tui.core.ids import new_id
from secsc_tui.core.labels import approach_name, perspective_name
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    CriticalSuccessFactor,
    Goal,
    Kpi,
    Perspective,
    ScorecardItem,
    Session,
)
from secsc_tui.core.rules import item_index, recommend_approach
from secsc_tui.core.scorecard_ops import iter_items
from secsc_tui.i18n import _

# -- filtering -------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text as a filter compares it: width, case and katakana/hiragana folded.

    "ＣＳＩＲＴ" = "csirt", "ログ" = "ろぐ".
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


@dataclass(frozen=True, slots=True)
class _Derived:
    """What filtering and ranking need of an entry, worked out once: typing re-ranks at every key."""

    entry: Entry
    haystack: str  # every searchable text, normalised
    words: _Words  # its significant words
    texts: frozenset[str]  # its texts, normalised, to spot it on the scorecard


_derived_cache: dict[int, _Derived] = {}


def _derived(entry: Entry) -> _Derived:
    found = _derived_cache.get(id(entry))
    if found is not None and found.entry is entry:
        return found
    parts = [entry.id, *entry.texts(), *map(str, entry.meti), *entry.nist_csf]
    if isinstance(entry, KpiEntry):
        parts += [entry.computation.en, entry.computation.ja, entry.owner.en, entry.owner.ja]
    if len(_derived_cache) > 10_000:  # catalogues reloaded many times: start again
        _derived_cache.clear()
    found = _derived_cache[id(entry)] = _Derived(
        entry,
        normalise(" ".join(parts)),
        _words("\n".join(entry.texts())),
        frozenset(normalise(text) for text in entry.texts()),
    )
    return found


def matches(entry: Entry, query: str) -> bool:
    """Whether every word of ``query`` is found in the entry (either language, its id or its tags)."""
    haystack = _derived(entry).haystack
    return all(term in haystack for term in normalise(query).split())


# -- ranking -----------------------------------------------------------------------------

_LATIN_WORD = re.compile(r"[a-z][a-z0-9]+")
_JAPANESE_WORD = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,}")  # a run of katakana or kanji

# Words every entry has, or that say nothing about the subject (as text: a word list reads best so).
_ENGLISH_STOP = frozenset(
    "the and for with from that this into our their its are all each every per than more less when what which "  # noqa: SIM905
    "who how not but can has have was were will also been being such them they other only most must make "
    "through within without while after before about over under between across keep stay raise able use used need "
    "security secure cyber cybersecurity company business".split()
)
_JAPANESE_STOP = frozenset(
    "セキュリティ サイバー サイバーセキュリティ 向上 強化 推進 確保 実施 整備 構築 維持 改善 対策 全社 自社 当社 目標 "  # noqa: SIM905
    "必要 状態 実現".split()
)


def _stem(word: str) -> str:
    # Crude, but enough to match "incidents" with "incident" and "supplier" with "suppliers".
    return word[:5] if len(word) > 5 else word


@dataclass(frozen=True, slots=True)
class _Words:
    """The significant words of a text."""

    terms: dict[str, str]  # a key to compare (a stem, or a Japanese word) -> the word as written
    japanese: tuple[str, ...]  # the Japanese words (runs of katakana or kanji)
    japanese_text: str  # the same, in one string to search


def _words(text: str) -> _Words:
    text = unicodedata.normalize("NFKC", text)
    terms: dict[str, str] = {}
    for word in _LATIN_WORD.findall(text.lower()):
        if word not in _ENGLISH_STOP and len(word) >= 3:
            terms.setdefault(_stem(word), word)
    japanese = tuple(dict.fromkeys(w for w in _JAPANESE_WORD.findall(text) if w not in _JAPANESE_STOP))
    terms.update((word, word) for word in japanese)
    return _Words(terms, japanese, "\n".join(japanese))


def _shared(source: _Words, entry: _Words) -> list[str]:
    """The words of ``source`` that the entry also uses, as written in the source where they match whole."""
    # Japanese has no spaces: a word of one may sit inside a longer word of the other, so
    # "ブランド" in an entry echoes "ブランドイメージ" in the goal (and the other way round).
    found = [
        word
        for key, word in source.terms.items()
        if key in entry.terms or (key[0] >= "\u3000" and key in entry.japanese_text)
    ]
    found += [word for word in entry.japanese if word not in found and word in source.japanese_text]
    return found


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry: Entry
    score: float
    reasons: tuple[str, ...]  # why it ranks where it does, for the picker's preview
    in_perspective: bool  # of the cell's own perspective
    on_scorecard: bool  # the session already has an item with its text


# Weights: the cell's perspective dominates; the others order entries within it.
PERSPECTIVE_WEIGHT = 8.0
APPROACH_WEIGHT = 3.0
GOAL_WORD_WEIGHT = 1.5
GAP_WORD_WEIGHT = 1.0
SEVERE_GAP_WEIGHT = 0.5  # per point of severity from 4 up
NEED_WEIGHT = 3.0
ON_SCORECARD_PENALTY = 20.0
MAX_WORDS = 3  # a long goal text should not outweigh everything else


def _scorecard_texts(session: Session) -> set[str]:
    # A KPI's own words are its measure (its ``text`` adds the target).
    return {
        normalise(item.measure if isinstance(item, Kpi) else item.text)
        for _place, item in iter_items(session.scorecard)
    }


def suggest(
    catalogue: Catalogue,
    session: Session,
    perspective: Perspective | str,
    column: Column | str,
    *,
    query: str = "",
) -> list[Suggestion]:
    """The entries of ``column`` that match ``query``, best first for this cell of this session."""
    perspective, column = Perspective(perspective), Column(column)
    approach = session.approach.choice
    recommended = approach is None
    if recommended:
        approach = recommend_approach(session.organisation).approach
    goal_words = _words(f"{session.strategic_goal.title}\n{session.strategic_goal.description}")
    gap_words = {}
    for p in Perspective:
        gap = session.gap_analysis[p]
        gap_words[p] = _words("\n".join((gap.business_view, gap.security_view, gap.cause, gap.countermeasure)))
    # Until the team tags something, what its items serve is unknown: no need to fill yet.
    covered = coverage(session)
    needs = missing_needs(session, covered) if covered.tagged else []
    on_scorecard = _scorecard_texts(session)

    ranked: list[tuple[float, int, Suggestion]] = []
    for position, entry in enumerate(catalogue.entries(column)):
        if query and not matches(entry, query):
            continue
        score, reasons = 0.0, []
        own = entry.perspective is perspective
        if own:
            score += PERSPECTIVE_WEIGHT
        if approach in entry.approaches:
            score += APPROACH_WEIGHT
            reasons.append(
                _("suits approach {n} (recommended for this organisation)", n=approach.value)
                if recommended
                else _("suits the chosen approach: {name}", name=approach_name(approach))
            )
        entry_words = _derived(entry).words
        words = _shared(goal_words, entry_words)[:MAX_WORDS]
        if words:
            score += GOAL_WORD_WEIGHT * len(words)
            reasons.append(_("echoes the strategic goal: {words}", words=", ".join(words)))
        gap = session.gap_analysis[entry.perspective]
        words = _shared(gap_words[entry.perspective], entry_words)[:MAX_WORDS]
        if words:
            score += GAP_WORD_WEIGHT * len(words)
            reasons.append(
                _(
                    "echoes the {perspective} gap: {words}",
                    perspective=perspective_name(entry.perspective).lower(),
                    words=", ".join(words),
                )
            )
        if gap.severity is not None and gap.severity >= 4:
            score += SEVERE_GAP_WEIGHT * (gap.severity - 3)
            reasons.append(
                _(
                    "the {perspective} gap is severe ({n}/5)",
                    perspective=perspective_name(entry.perspective).lower(),
                    n=gap.severity,
                )
            )
        for _who, need in needs:
            if _serves(entry, need.functions, need.meti):
                score += NEED_WEIGHT
                reasons.append(_("serves {need}, which no item serves yet", need=need.label()))
        used = not on_scorecard.isdisjoint(_derived(entry).texts)
        if used:
            score -= ON_SCORECARD_PENALTY
            reasons.append(_("already on the scorecard"))
        ranked.append((score, position, Suggestion(entry, score, tuple(reasons), own, used)))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return [suggestion for _score, _position, suggestion in ranked]


def _serves(entry: Entry, functions: Iterable[str], meti: Iterable[int]) -> bool:
    wanted = set(functions)
    # "RS" is served by RS.MA-01; "GV.SC" by GV.SC-07.
    if any(ref[:2] in wanted or ref.split("-")[0] in wanted for ref in entry.nist_csf):
        return True
    return bool(set(entry.meti) & set(meti))


# -- copying an entry into the session ----------------------------------------------------

_ID_KINDS = {Column.GOALS: "goal", Column.CSFS: "csf", Column.KPIS: "kpi", Column.ACTIONS: "action"}


def to_item(entry: Entry, session: Session) -> ScorecardItem:
    """A new item for ``session`` from ``entry``: its text in the session's language, its tags, a fresh id.

    The item is not inserted; insert it through the session editor (so it can be undone).
    """
    taken = item_index(session)
    item_id = new_id(_ID_KINDS[entry.column])
    while item_id in taken:
        item_id = new_id(_ID_KINDS[entry.column])
    language = session.language
    text = entry.text.in_language(language)
    meti, nist_csf = list(entry.meti), list(entry.nist_csf)
    if isinstance(entry, KpiEntry):
        return Kpi(
            id=item_id,
            measure=text,
            direction=entry.direction,
            target=entry.target,
            unit=entry.unit.in_language(language),
            frequency=entry.frequency,
            owner=entry.owner.in_language(language),
            indicator=entry.indicator,
            meti=meti,
            nist_csf=nist_csf,
        )
    if isinstance(entry, ActionEntry):
        return ActionPlan(id=item_id, text=text, owner=entry.owner.in_language(language), meti=meti, nist_csf=nist_csf)
    if isinstance(entry, CsfEntry):
        return CriticalSuccessFactor(id=item_id, text=text, meti=meti, nist_csf=nist_csf)
    return Goal(id=item_id, text=text, meti=meti, nist_csf=nist_csf)
