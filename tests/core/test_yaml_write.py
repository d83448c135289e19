"""Writing sessions as YAML: layout, key order, defaults, scalar styles."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import yaml
from factories import bulk_session, minimal_session, rich_session
from hypothesis import given, settings
from hypothesis import strategies as st

from secsc_tui.core import yaml_write
from secsc_tui.core.model import (
    SCHEMA_VERSION,
    ActionPlan,
    CriticalSuccessFactor,
    Direction,
    Goal,
    Kpi,
    MapLink,
    Participant,
    Session,
)
from secsc_tui.core.yaml_io import dump_session, dump_sessions
from secsc_tui.core.yaml_write import reference_dump


def top_level_keys(text: str) -> list[str]:
    return [line.split(":")[0] for line in text.splitlines() if line and not line[0].isspace()]


def test_keys_follow_the_model_with_schema_version_first():
    text = dump_session(minimal_session())
    assert text.startswith(
        f"schema_version: {SCHEMA_VERSION}\nid: s-minimal\ntitle: Minimal\nlanguage: en\ncurrency: ''\n"
    )
    assert top_level_keys(text) == list(Session.model_fields)


def test_text_ends_with_one_newline_and_has_no_document_marker():
    text = dump_session(minimal_session())
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "---" not in text and "..." not in text


def test_sections_show_every_field_even_at_default():
    text = dump_session(minimal_session())
    assert (
        "organisation:\n"
        "  name: ''\n"
        "  sector: other\n"
        "  size: sme\n"
        "  regulation: none\n"
        "  critical_infrastructure: false\n"
        "  partners_request_security: false\n"
        "  notes: ''\n"
    ) in text
    assert "people:\n  facilitator: ''\n  participants: []\n" in text
    assert (
        "  customer:\n"
        "    business_view: ''\n"
        "    security_view: ''\n"
        "    cause: ''\n"
        "    countermeasure: ''\n"
        "    severity: null\n"
    ) in text
    assert "approach:\n  choice: null\n  rationale: ''\n" in text
    assert "evaluation:\n  date: null\n  participants: null\n  note: ''\n  responses: []\n" in text
    assert "progress:\n  current_step: context\n  done: []\n  reviewed: false\n" in text
    assert "  learning_growth:\n    goals: []\n    csfs: []\n    kpis: []\n    actions: []\n" in text
    assert "strategy_map: []\n" in text


def test_list_items_leave_out_defaults_and_start_with_id():
    s = minimal_session()
    s.scorecard.financial.kpis = [
        Kpi(measure="Bare", id="k1"),
        Kpi(id="k2", measure="Full", direction=Direction.AT_MOST, target=0, unit="min", owner="SOC", current=0.5),
    ]
    s.scorecard.financial.actions = [ActionPlan(id="a1", text="Do")]
    s.people.participants = [Participant(id="p1", name="A", layer="security")]
    s.strategy_map = [MapLink(cause="g1", effect="g2")]
    text = dump_session(s)
    assert (
        "    kpis:\n"
        "      - id: k1\n"
        "        number: 1\n"
        "        measure: Bare\n"
        "      - id: k2\n"
        "        number: 2\n"
        "        measure: Full\n"
        "        direction: at_most\n"
        "        target: 0\n"
        "        unit: min\n"
        "        owner: SOC\n"
        "        current: 0.5\n"
        "    actions:\n"
        "      - id: a1\n"
        "        number: 1\n"
        "        text: Do\n"
        "    last_numbers: {}\n"
    ) in text
    assert "  participants:\n    - id: p1\n      name: A\n      layer: security\npeople" not in text
    assert "  participants:\n    - id: p1\n      name: A\n      layer: security\n" in text
    assert "strategy_map:\n  - cause: g1\n    effect: g2\n" in text


def test_a_value_that_differs_from_the_default_only_in_type_is_kept():
    # 0 is not the default None; "" is not written for a field whose default is "".
    s = minimal_session()
    s.scorecard.financial.actions = [ActionPlan(id="a1", text="t", budget=0, owner="")]
    text = dump_session(s)
    assert "      - id: a1\n        number: 1\n        text: t\n        budget: 0\n" in text
    assert "owner" not in text


def test_timestamps_are_utc_with_z_and_dates_are_plain():
    s = minimal_session(
        created=dt.datetime(2025, 8, 26, 18, 0, 0, 999_999, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        updated=dt.datetime(2025, 8, 26, 9, 0),  # naive: taken as UTC
    )
    s.scorecard.financial.actions = [ActionPlan(id="a1", text="t", due=dt.date(2026, 3, 31))]
    s.evaluation.date = dt.date(2025, 8, 26)
    text = dump_session(s)
    assert "\ncreated: 2025-08-26T09:00:00Z\n" in text
    assert "\nupdated: 2025-08-26T09:00:00Z\n" in text
    assert "        due: 2026-03-31\n" in text
    assert "  date: 2025-08-26\n" in text


def test_multi_line_text_is_a_literal_block():
    s = minimal_session()
    s.organisation.notes = "First line\nsecond: with colon\n\nafter a blank line"
    s.strategic_goal.description = "ends with a newline\n"
    s.approach.rationale = "keeps\ntrailing blank lines\n\n"
    text = dump_session(s)
    assert ("  notes: |-\n    First line\n    second: with colon\n\n    after a blank line\n") in text
    assert "  description: |\n    ends with a newline\n" in text
    assert "  rationale: |+\n    keeps\n    trailing blank lines\n\n" in text


def test_text_a_block_cannot_hold_exactly_is_double_quoted():
    s = minimal_session()
    s.organisation.notes = "trailing space \nsecond"
    s.strategic_goal.description = "windows\r\nline"
    text = dump_session(s)
    assert '  notes: "trailing space \\nsecond"\n' in text
    assert '  description: "windows\\r\\nline"\n' in text


def test_japanese_and_emoji_are_written_as_they_are():
    s = minimal_session(title="セキュリティ・スコアカード 🛡️")
    s.organisation.name = "'株式会社' 🔐"  # needs quotes: still not escaped
    text = dump_session(s)
    assert "title: セキュリティ・スコアカード 🛡️\n" in text
    assert "  name: '''株式会社'' 🔐'\n" in text
    assert "\\u" not in text and "\\U" not in text


def test_long_lines_are_never_folded():
    long_text = " ".join(["word"] * 2000)
    s = minimal_session()
    s.organisation.notes = long_text
    s.scorecard.financial.goals = [Goal(id="g1", text=long_text + ": and a colon")]
    text = dump_session(s)
    assert f"  notes: {long_text}\n" in text
    assert f"        text: '{long_text}: and a colon'\n" in text


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "true",
        "123",
        "-7",
        "4.5",
        "1e3",
        "0x1F",
        "0o17",
        "1_000",
        "1:30",
        ".inf",
        ".NaN",
        "2024-01-01",
        "2024-01-01 10:00:00",
        "null",
        "Null",
        "~",
        "",
        "<<",
        "=",
        "- item",
        "? key",
        "key: value",
        "# not a comment",
        "[/b]",
        "{a: 1}",
        "*star",
        "&amp",
        "!tag",
        "%percent",
        "@at",
        "`tick",
        "|",
        ">",
        "'",
        '"',
        "---",
        "...",
        " leading",
        "trailing ",
        "a #b",
    ],
)
def test_strings_that_look_like_something_else_are_quoted_and_reload_as_text(value):
    s = minimal_session()
    s.organisation.name = value
    text = dump_session(s)
    line = next(line for line in text.splitlines() if line.startswith("  name:"))
    written = line.removeprefix("  name: ")
    assert written[0] in "'\"", f"{value!r} was written unquoted: {written!r}"
    assert yaml.safe_load(text)["organisation"]["name"] == value


@pytest.mark.parametrize("value", ["plain text", "Keep [b]costs[/b] down", "SOC→CSIRT", "日本語", "a:b", "60 min"])
def test_ordinary_strings_stay_plain(value):
    s = minimal_session()
    s.organisation.name = value
    assert f"\n  name: {value}\n" in dump_session(s)


def test_numbers():
    s = minimal_session(revision=2**53 - 1)
    s.scorecard.financial.kpis = [
        Kpi(id="k1", measure="m", target=4.5, baseline=0.1, current=12345678901234567890123),
        Kpi(id="k2", measure="m", target=60.0, baseline=-0.25, current=1e-7),
    ]
    text = dump_session(s)
    assert f"\nrevision: {2**53 - 1}\n" in text
    assert "        target: 4.5\n        baseline: 0.1\n        current: 12345678901234567890123\n" in text
    assert "        target: 60\n        baseline: -0.25\n        current: 1.0e-07\n" in text


def test_no_anchors_or_aliases_even_for_shared_objects():
    s = minimal_session()
    shared = ["g1", "g2"]
    s.scorecard.financial.goals = [Goal(id="g1", text="a"), Goal(id="g2", text="b")]
    s.scorecard.financial.csfs = [
        CriticalSuccessFactor(id="c1", text="x", supports=shared),
        CriticalSuccessFactor(id="c2", text="x", supports=shared),
    ]
    text = dump_session(s)
    assert "&id" not in text and "*id" not in text
    assert text.count("          - g1\n          - g2\n") == 2


def test_dump_sessions_separates_documents():
    one, two = minimal_session("s1"), minimal_session("s2")
    assert dump_sessions([one]) == dump_session(one)
    assert dump_sessions([one, two]) == dump_session(one) + "---\n" + dump_session(two)
    assert dump_sessions([]) == ""


# -- the direct emitter agrees with PyYAML's --------------------------------------

TRICKY = [
    "",
    " ",
    "  ",
    "\n",
    "\n\n",
    "a\n",
    "a\n\n",
    "\na",
    " a\nb",
    "a \nb",
    "a\n b",
    "a\tb\nc",
    "a\rb",
    "a\u2028b",
    "a\ufeffb",
    "\x7f",
    "é",
    "日本語\n改行",
    "🛡️\n",
    "'",
    '"',
    "\\",
    "a: b\nc: d",
    "- x\n- y",
    "#x\n#y",
    "yes",
    "~",
    "null",
    "123",
    "...\n",
    "---\nx",
    "x\n...",
    "\t",
    "a\n\tb",
    "[/b]\n[b]",
    "x" * 300,
    "end ",
    " start",
    "mid  dle",
]


def random_text(rng: random.Random) -> str:
    pieces = [*TRICKY, "word", "日本", " ", "\n", ": ", " #", "-", "'", '"', "\\", "\t", "🙂", "1", "."]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))


def text_session(rng: random.Random) -> Session:
    s = minimal_session(title=random_text(rng)[:500])
    s.organisation.name = random_text(rng)[:500]
    s.organisation.notes = random_text(rng)
    s.strategic_goal.description = random_text(rng)
    s.scorecard.customer.goals = [Goal(id="g1", text=random_text(rng))]
    s.scorecard.customer.kpis = [Kpi(id="k1", measure=random_text(rng), unit=random_text(rng)[:500])]
    s.evaluation.note = random_text(rng)
    return s


def test_the_direct_emitter_writes_what_pyyaml_writes():
    for session in (minimal_session(), rich_session(), bulk_session(3)):
        assert dump_session(session) == reference_dump(session)
    rng = random.Random(20250826)
    for _ in range(400):
        session = text_session(rng)
        assert dump_session(session) == reference_dump(session)


@pytest.mark.parametrize("value", TRICKY)
def test_the_direct_emitter_agrees_on_each_tricky_string(value):
    s = minimal_session()
    s.evaluation.note = value  # last field: "|+" here makes PyYAML end the stream with "..."
    s.organisation.notes = value
    assert dump_session(s) == reference_dump(s)


_INDICATORS = "-?:,[]{}#&*!|>'\"%@` .\n\t\r\0\x85\u2028\u2029\ufeff\U0010ffff\ud800\x7f\xa0é日🙂"


def _pyyaml_styles(text: str) -> tuple[bool, bool, bool]:
    analysis = yaml.emitter.Emitter(None, allow_unicode=True).analyze_scalar(text)
    return analysis.allow_block_plain, analysis.allow_single_quoted, analysis.allow_block


@given(st.text(alphabet=st.sampled_from(_INDICATORS) | st.characters(), max_size=12))
@settings(max_examples=3000, deadline=None)
def test_the_style_analysis_is_pyyamls(text):
    # yaml_write._styles replaces PyYAML's per-character analysis: same answers for any text.
    assert yaml_write._styles(text) == _pyyaml_styles(text)


@pytest.mark.parametrize(
    "value", [*TRICKY, "---", "...", "-", "- ", "-x", "?", "? x", ":x", "a:", "a:b", "a #b", "a#b"]
)
def test_the_style_analysis_agrees_on_each_tricky_string(value):
    assert yaml_write._styles(value) == _pyyaml_styles(value)


def test_a_keep_block_at_the_very_end_closes_the_document():
    s = minimal_session()
    s.evaluation.responses = [{"id": "r1", "comment": "last\n\n"}]
    text = dump_session(s)
    assert "      comment: |+\n        last\n\nhistory: []\n" in text  # the history comes last
    assert text == reference_dump(s)
    # Were a keep block last, the stream would end with "...", as PyYAML ends it.
    data = {"note": "two trailing newlines\n\n"}
    assert yaml_write._emit(data) == "note: |+\n  two trailing newlines\n\n...\n"
    assert yaml_write._emit(data) == yaml.dump(
        data, Dumper=yaml_write._Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )


def test_the_format_modules_import_no_ui_or_database_library():
    import subprocess
    import sys

    code = (
        "import sys, secsc_tui.core.yaml_io, secsc_tui.core.schema\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'sqlmodel', 'sqlalchemy'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# -- the direct writer against PyYAML's emitter, on whole sessions ----------------------------
#
# dump_session walks the model itself and takes a short cut for text that is certainly plain or
# certainly a literal block; both must give, byte for byte, what PyYAML writes from session_data.

# Text that has been hard on YAML writers: indicators, quotes, breaks, look-alikes of other types.
NASTY = [
    "",
    " ",
    "a ",
    " a",
    "a: b",
    "a:",
    ":a",
    "a #b",
    "a#b",
    "#a",
    "- a",
    "-a",
    "? a",
    "'quoted'",
    '"quoted"',
    "it's",
    "a\nb",
    "a\n",
    "a\n\n",
    "\na",
    "a \nb",
    "a\n b",
    "a\tb",
    "\t",
    "a\rb",
    "a\x85b",
    "a\u2028b",
    "\ufeffa",
    "a\x1bb",
    "a\x00b",
    "a\x7fb",
    "日本語のテキスト",
    "絵文字 🛡️ です",
    "yes",
    "No",
    "y",
    "n",
    "on",
    "Off",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "1",
    "1.5",
    "-1",
    "+1",
    ".5",
    "1e3",
    "0o17",
    "0x1F",
    ".inf",
    "-.Inf",
    ".nan",
    "2024-01-02",
    "2024-01-02T03:04:05Z",
    "1:30",
    "=",
    "<<",
    "---",
    "...",
    "--- a",
    "[a]",
    "{a}",
    "&a",
    "*a",
    "!a",
    "|a",
    ">a",
    "%a",
    "@a",
    "`a",
    "word " * 40 + "end",  # a line PyYAML would fold at its default width
    "x" * 200,
]

nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.lists(st.sampled_from([*NASTY, "word", "日本", " ", "\n", ": ", " #", "🙂", "."]), max_size=5).map("".join),
    st.text(alphabet=st.sampled_from(_INDICATORS) | st.characters(), max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
numbers = st.one_of(st.none(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False))
dates = st.one_of(st.none(), st.dates())


@st.composite
def nasty_sessions(draw: st.DrawFn) -> Session:
    """A session whose text is anything at all; set after validation, as a writer may be handed it."""
    s = minimal_session()
    s.title = draw(nasty_text)
    s.currency = draw(nasty_text)
    s.organisation.name = draw(nasty_text)
    s.organisation.notes = draw(nasty_text)
    s.people.facilitator = draw(nasty_text)
    s.people.participants = [
        Participant.model_construct(id=draw(nasty_text), name=draw(nasty_text), layer="security", team=team, role="")
        for team in draw(st.lists(nasty_text, max_size=3))
    ]
    s.gap_analysis.customer.cause = draw(nasty_text)
    s.strategic_goal.title = draw(nasty_text)
    s.strategic_goal.description = draw(nasty_text)
    card = s.scorecard.financial
    card.__dict__["goals"] = [
        Goal.model_construct(id=f"g{i}", number=i, text=text, nist_csf=[draw(nasty_text)])
        for i, text in enumerate(draw(st.lists(nasty_text, max_size=3)))
    ]
    card.__dict__["kpis"] = [
        Kpi.model_construct(
            id="k1",
            number=1,
            measure=draw(nasty_text),
            unit=draw(nasty_text),
            direction=Direction.AT_MOST,
            target=draw(numbers),
            baseline=draw(numbers),
            baseline_on=draw(dates),
            owner=draw(nasty_text),
            measures=draw(st.lists(nasty_text, max_size=2)),
        )
    ]
    card.__dict__["actions"] = [
        ActionPlan.model_construct(id="a1", number=2, text=draw(nasty_text), budget=draw(numbers), due=draw(dates))
    ]
    s.strategy_map = [MapLink.model_construct(cause=draw(nasty_text), effect=draw(nasty_text))]
    s.evaluation.note = draw(nasty_text)  # near the end: a "|+" block here ends the stream with "..."
    s.evaluation.responses = [{"id": "r1", "comment": draw(nasty_text)}]
    return s


@given(nasty_sessions())
# ~4,000 drawn texts in every place a text can go; the text-level properties above and
# below draw 3,000 more each, faster. (1,500 sessions took 12 s of the suite's CPU.)
@settings(max_examples=400, deadline=None)
def test_the_direct_writer_writes_what_pyyaml_writes_for_any_text(session):
    text = dump_session(session)
    assert text == reference_dump(session)
    assert text == yaml_write._emit(yaml_write.session_data(session))  # the same walk over plain data


@pytest.mark.parametrize("value", NASTY)
def test_the_direct_writer_agrees_on_each_nasty_string(value):
    s = minimal_session()
    s.organisation.notes = value
    s.evaluation.note = value
    s.scorecard.customer.goals = [Goal(id="g1", text="x")]
    s.scorecard.customer.goals[0].__dict__["text"] = value
    assert dump_session(s) == reference_dump(s)


@given(nasty_text | st.text(alphabet=st.sampled_from(_INDICATORS + "aAyNoT日ア") | st.characters(), max_size=12))
@settings(max_examples=3000, deadline=None)
def test_the_short_cuts_are_taken_only_where_pyyaml_agrees(text):
    # The certainly-plain and certainly-literal checks, on their own: wherever they say so,
    # PyYAML writes the text plain (or as a literal block).
    if yaml_write._CERTAINLY_PLAIN.fullmatch(text) and text[0] not in yaml_write._MAY_START_A_TYPE:
        written = yaml.dump({"t": text}, Dumper=yaml_write._Dumper, allow_unicode=True, width=yaml_write._NO_FOLDING)
        assert written == f"t: {text}\n"
    if "\n" in text and " \n" not in text and yaml_write._CERTAINLY_LITERAL.fullmatch(text):
        assert _pyyaml_styles(text)[2] and not yaml_write._NEEDS_DOUBLE_QUOTES.search(text)


def test_the_sample_sessions_and_the_benchmark_sessions_are_written_as_pyyaml_writes_them():
    import sys
    from pathlib import Path

    from secsc_tui.core.yaml_io import read_sessions_file
    from secsc_tui.resources import sample_sessions_dir

    samples = [s for path in sorted(sample_sessions_dir().glob("*.yaml")) for s in read_sessions_file(path)]
    assert len(samples) >= 4
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    try:
        import _sessions
    finally:
        sys.path.pop(0)
    for session in [*samples, *_sessions.generate(40)]:
        assert dump_session(session) == reference_dump(session)


def _pyyaml_special(ch: str) -> bool:
    # Emitter.analyze_scalar's test, with allow_unicode.
    printable = ch == "\n" or "\x20" <= ch <= "\x7e"
    unicode = (
        ch == "\x85" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or "\U00010000" <= ch < "\U0010ffff"
    ) and ch != "\ufeff"
    return not (printable or unicode)


def test_the_character_classes_hold_every_code_point_they_should():
    # Checked one by one over all of Unicode: the classes are written as what they leave out.
    for code in range(0x110000):
        ch = chr(code)
        special = _pyyaml_special(ch)
        assert bool(yaml_write._SPECIAL.fullmatch(ch)) == special, hex(code)
        quiet = not special and ch not in ":#\n\x85\u2028\u2029"
        assert bool(yaml_write._CERTAINLY_LITERAL.fullmatch(f"x{ch}x")) == (quiet or ch in ":#\n"), hex(code)
        assert bool(yaml_write._CERTAINLY_PLAIN.fullmatch(f"a{ch}b")) == quiet, hex(code)
