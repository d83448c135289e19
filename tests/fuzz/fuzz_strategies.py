"""Hostile YAML for the session reader, as hypothesis strategies, and what must hold for every one.

Three kinds of input:

- ``mutated_samples``: the shipped sample sessions with a few random edits: a value
  replaced by a hostile scalar (huge or extreme numbers and dates, YAML 1.1
  booleans, tags, anchors and aliases, escapes for ESC/BEL/C1/bidi characters,
  unbalanced brackets, over-long text and ids), lines inserted, deleted,
  duplicated, re-indented, random characters spliced in, the text cut short;
- ``near_sessions``: a valid session with one field (at any depth) given a random
  value of another type, in YAML written by PyYAML: well-formed, semantically wrong;
- ``yaml_soup``: short texts of YAML tokens and random characters.

``check`` is the property: the reader returns sessions or raises InvalidInput,
nothing else, and every message it gives prints safely on a terminal; whatever it
accepts round-trips through the writer, is stored and read back by the store, and
renders as a report.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import yaml
from hypothesis import strategies as st

from secsc_tui.core.lineage import published_history, version_of
from secsc_tui.core.problems import InvalidInput, SecscError
from secsc_tui.core.yaml_io import dump_session, load_sessions
from secsc_tui.textwidth import escaped

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_sessions").glob("*.yaml"))]
MINIMAL = """schema_version: 1
id: s1
title: Minimal
created: 2025-08-26T09:00:00Z
updated: 2025-08-26T09:00:00Z
scorecard:
  financial:
    goals:
      - id: g1
        text: Goal
    csfs:
      - id: c1
        text: CSF
        supports: [g1]
    kpis:
      - id: k1
        measure: Time
        target: 60
        measures: [c1]
strategy_map:
  - cause: g1
    effect: g1
"""
BASES = [*SAMPLES, MINIMAL]

HOSTILE_SCALARS = [
    "",
    "~",
    "null",
    "-1",
    "0",
    "-0",
    "5",
    "6",
    "1.5",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9007199254740992",
    "1" + "0" * 30,
    "1e400",
    "-1e400",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "+12",
    "1:30",
    "12e3",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31",
    "0001-01-01",
    "2026-13-45",
    "2026-02-30",
    "2025-08-26 09:00:00 +14:00",
    "2025-08-26T09:00:00.999999999Z",
    "10000-01-01",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "true",
    "False",
    "'5'",
    '"60"',
    '"\\e[2J"',
    '"\\x9b2J"',
    '"\\a\\b"',
    '"\\u202eexe.pdf"',
    '"ad\\u200bmin"',
    '"\\0"',
    '"\\N"',
    '"\\L\\P"',
    '"\\ud800"',
    '"\\U0001F469\\u200d\\U0001F4BB"',
    '"line\\nbreak"',
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=",
    "!!set {a: null}",
    "!!str 5",
    "!!int '7'",
    "!!float x",
    "!!timestamp nope",
    "!custom x",
    "! 5",
    "&anchor x",
    "*anchor",
    "<<",
    "=",
    "[",
    "]",
    "{",
    "}",
    "[a, [b, [c]]]",
    "{a: 1, a: 2}",
    "? complex",
    "|",
    ">-",
    "- item",
    "---",
    "...",
    "%YAML 1.1",
    "'",
    '"',
    "#",
    "@at",
    "`tick",
    "x" * 501,
    "y" * 20_001,
    "g" + "0" * 70,
    "a b",
    "-lead",
    ".dot",
    "é",
    "日本語",
    "\u3000",
    "\t",
    "👩\u200d💻",
    "\ufeff",
]
KEYS = [
    "id",
    "title",
    "text",
    "supports",
    "measures",
    "moves",
    "target",
    "revision",
    "participants",
    "created",
    "updated",
    "due",
    "date",
    "usefulness",
    "severity",
    "current_step",
    "done",
    "choice",
    "language",
    "schema_version",
    "layer",
    "direction",
    "frequency",
    "status",
    "unknown",
    "Title",
    "<<",
]

scalars = st.sampled_from(HOSTILE_SCALARS)


@st.composite
def mutated_samples(draw) -> str:
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(["value", "value", "value", "insert", "delete", "duplicate", "indent", "splice", "cut"])
        )
        line = lines[i]
        if op == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[i] = f"{head}: {draw(scalars)}"
        elif op == "value" and line.lstrip().startswith("- "):
            lines[i] = line[: len(line) - len(line.lstrip())] + "- " + draw(scalars)
        elif op == "insert":
            indent = " " * draw(st.integers(0, 12))
            key = draw(st.sampled_from(KEYS))
            lines.insert(
                i,
                draw(
                    st.sampled_from(
                        [f"{indent}{key}: {draw(scalars)}", f"{indent}- {draw(scalars)}", f"{indent}{draw(scalars)}"]
                    )
                ),
            )
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines[i:i] = [line] * draw(st.integers(1, 3))
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 3)) + line if draw(st.booleans()) else line.lstrip(" ")
        elif op == "splice":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(min_size=1, max_size=4)) + line[at:]
        elif op == "cut":
            text = "\n".join(lines)
            return text[: draw(st.integers(0, len(text)))]
    return "\n".join(lines)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=2**62, max_value=2**80),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.dates(),
        st.datetimes(
            timezones=st.sampled_from(
                [dt.UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))]
            )
        ),
        st.sampled_from(["", " ", "g1", "c1", "k1", "context", "financial", "i", "ja", "\x1b[2J", "\u202e"]),
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=4),
    max_leaves=12,
)
_PARSED = [yaml.safe_load(text) for text in BASES]


_ID_KEYS = {"id", "cause", "effect"}
_LINK_KEYS = {"supports", "measures", "moves"}
_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True) | st.sampled_from(
    ["g1", "c1", "k1", "a1", "p1"]
)


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def _same_kind(value) -> st.SearchStrategy:
    """Another value of the same type: text of any characters, counts, dates of any year..."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-1, max_value=2**53)
    if isinstance(value, float):
        return st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(value, dt.datetime):
        return st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=9))]))
    if isinstance(value, dt.date):
        return st.dates()
    if isinstance(value, str):
        printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
        return (
            printable
            | printable
            | st.text(max_size=60)
            | st.sampled_from(["", " ", "\u202eevil", "a\u200db", "👩\u200d💻", "=1+1"])
        )
    return _VALUES


@st.composite
def near_sessions(draw) -> str:
    data = copy.deepcopy(draw(st.sampled_from(_PARSED)))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["same kind", "same kind", "same kind", "any value", "delete"]))
        paths = list(_paths(data))[1:]
        if how == "same kind":  # a text, number or date in place of another, anywhere but the version
            paths = [p for p in paths if p != ("schema_version",) and not isinstance(_at(data, p), (dict, list))]
        path = draw(st.sampled_from(paths))
        parent = _at(data, path[:-1])
        if how == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif how == "same kind" and (path[-1] in _ID_KEYS or (len(path) > 1 and path[-2] in _LINK_KEYS)):
            parent[path[-1]] = draw(_ids)
        elif how == "same kind":
            parent[path[-1]] = draw(_same_kind(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(_VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


TOKENS = [
    "schema_version: 1\n",
    "id: s\n",
    "title: t\n",
    "created: 2025-08-26T09:00:00Z\n",
    "---\n",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    "  ",
    "\n",
    "#",
    "'",
    '"',
    "\t",
]
yaml_soup = st.lists(st.one_of(st.sampled_from(TOKENS), scalars, st.text(max_size=5)), max_size=40).map("".join)

inputs = st.one_of(mutated_samples(), near_sessions(), yaml_soup)

RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\ufeff]")


class Outcome:
    """What one input did, for a long run's summary."""

    def __init__(self, accepted: int = 0, problems: tuple[str, ...] = ()):
        self.accepted = accepted
        self.problems = problems


def check(text: str, store=None, report_format: str | None = None) -> Outcome:
    """The property every input must satisfy (assertions), and what it did."""
    try:
        sessions = load_sessions(text, filename="fuzz.yaml")
    except InvalidInput as exc:
        assert exc.problems, "refused without a reason"
        for problem in exc.problems:
            assert problem.message, problem
            assert problem.line is None or problem.line >= 1, problem
            shown = escaped(str(problem))
            assert not RAW_CONTROL.search(shown), shown
        return Outcome(problems=tuple(_kind(p.message) for p in exc.problems))

    for session in sessions:
        again = load_sessions(dump_session(session))
        assert [s.model_dump() for s in again] == [session.model_dump()], "the writer and the reader disagree"
        if store is not None:
            try:
                [outcome] = store.import_sessions([session], force=True)
            except SecscError:
                continue  # refused by the store with a message (two items of one kind sharing an id)
            assert outcome.status == "added", outcome
            try:
                # The store adds only the lineage of what it imported: the session's digest, then its history.
                published = session.model_copy(update={"history": published_history(version_of(session))})
                assert store.get(session.id).model_dump() == published.model_dump(), "the store changed the session"
            finally:
                store.delete(session.id)
    if report_format is not None:
        from secsc_tui.core.reports import render_report

        assert render_report(report_format, sessions)
    return Outcome(accepted=len(sessions))


def _kind(message: str) -> str:
    """A problem message without the values it quotes: what kind of problem it is."""
    return re.sub(r"'[^']*'|\d[\d,]*|\([^)]*\)", "…", message)[:60]
