"""Export -> import -> export gives the same bytes, whatever the session holds."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from factories import bulk_session, minimal_session, rich_session

from secsc_tui.core import yaml_read
from secsc_tui.core.model import (
    SCHEMA_VERSION,
    ActionPlan,
    ActionStatus,
    Approach,
    Column,
    CriticalSuccessFactor,
    Direction,
    Evaluation,
    Frequency,
    Gap,
    Goal,
    Indicator,
    Kpi,
    Language,
    Layer,
    MapLink,
    Organisation,
    OrgSize,
    Participant,
    People,
    Progress,
    Regulation,
    Response,
    Sector,
    Session,
    Step,
    StrategicGoal,
)
from secsc_tui.core.rules import check_session
from secsc_tui.core.yaml_io import dump_session, dump_sessions, load_sessions, read_sessions_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "yaml"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_sessions"

EDGE_STRINGS = [
    "",
    " ",
    "plain",
    "セキュリティ・スコアカード",
    "emoji 🛡️👩‍💻 and ZWJ",
    "[/b] not markup [bold]x[/bold]",
    "key: value",
    "- looks like a list",
    "# looks like a comment",
    "  leading spaces",
    "trailing spaces  ",
    "line one\nline two",
    "ends with newline\n",
    "two trailing newlines\n\n",
    "\nstarts with a newline",
    "  indented first line\nsecond",
    "windows\r\nline endings\r\n",
    "tab\tinside",
    "tab\n\tindented line",
    "quotes ' and \" and \\ backslash",
    "yes",
    "123",
    "2024-01-01",
    "null",
    "~",
    "x" * 5000,
    "a very long line " * 300 + "\nand another",
    "LS\u2028 PS\u2029",
    "BOM inside \ufeff here",
    "delete \x7f char",
    "---\n...\n",
    "%YAML 1.1",
]


def edge_session(session_id: str = "s-edge", texts: list[str] | None = None) -> Session:
    """A session that passes the rules, with every field set and awkward text everywhere."""
    texts = list(texts or EDGE_STRINGS)

    def text(i: int) -> str:
        return texts[i % len(texts)]

    def short(i: int) -> str:
        return text(i)[:500]

    s = Session(
        id=session_id,
        title="Edge cases — 端のケース 🧪",
        language=Language.JA,
        currency="JPY",
        created=dt.datetime(2025, 8, 26, 9, 0, 5, tzinfo=dt.UTC),
        updated=dt.datetime(2025, 9, 1, 17, 30, 59, tzinfo=dt.UTC),
        revision=2**40,
        progress=Progress(current_step=Step.STRATEGY_MAP, done=[Step.GAP_ANALYSIS, Step.CONTEXT]),
        organisation=Organisation(
            name=short(1),
            sector=Sector.FINANCE,
            size=OrgSize.LARGE,
            regulation=Regulation.SOME,
            partners_request_security=False,
            notes=text(11),
        ),
        people=People(
            facilitator=short(3),
            participants=[
                Participant(
                    id=f"p{i}", name=short(i) or "x", layer=list(Layer)[i % 3], team=short(i + 1), role=short(i + 2)
                )
                for i in range(len(texts))
            ],
        ),
        strategic_goal=StrategicGoal(title=short(4), description=text(12)),
        approach={"choice": Approach.EQUAL, "rationale": text(13)},
        evaluation=Evaluation(
            date=dt.date(2025, 8, 26),
            participants=31,
            note=text(14),
            responses=[
                Response(
                    id=f"r{i}",
                    respondent=short(i),
                    usefulness=(i % 5) + 1,
                    availability=None if i % 2 else 3,
                    comment=text(i),
                )
                for i in range(len(texts))
            ],
        ),
    )
    for n, name in enumerate(("financial", "customer", "internal_processes", "learning_growth")):
        setattr(
            s.gap_analysis,
            name,
            Gap(
                business_view=text(n),
                security_view=text(n + 5),
                cause=text(n + 10),
                countermeasure=text(n + 15),
                severity=None if n == 3 else n + 2,
            ),
        )
        card = s.scorecard[name]
        card.goals = [Goal(id=f"g{n}", text=text(n + 7)), Goal(id=f"g{n}.b", text=text(n + 8))]
        card.csfs = [CriticalSuccessFactor(id=f"c{n}", text=text(n + 9), supports=[f"g{n}", f"g{n}.b"])]
        card.kpis = [
            Kpi(
                id=f"k{n}",
                measure=text(n + 10),
                direction=list(Direction)[n % 3],
                target=[60, 4.5, 0.1, 10**30][n],
                unit=short(n + 11),
                frequency=list(Frequency)[n],
                owner=short(n + 12),
                baseline=-0.25,
                baseline_on=dt.date(2025, 4, n + 1),
                current=0,
                current_on=None if n == 2 else dt.date(2026, 1, 31),
                indicator=list(Indicator)[n % 2],
                measures=[f"c{n}"],
            ),
            Kpi(id=f"k{n}_bare", measure=text(n + 13)),
        ]
        card.actions = [
            ActionPlan(
                id=f"a{n}",
                text=text(n + 14),
                owner=short(n + 15),
                due=dt.date(2026, 3, 31),
                status=list(ActionStatus)[n % 3],
                budget=[1_500_000, 2.5, 0, 10**20][n],
                moves=[f"k{n}"],
            ),
        ]
    # Numbers as a team leaves them: the first action was deleted, and later ones added, one deleted again.
    s.scorecard.learning_growth.actions[0].number = 2
    s.scorecard.learning_growth.last_numbers = {Column.ACTIONS: 4, Column.KPIS: 5}
    s.strategy_map = [
        MapLink(cause="g3", effect="g2"),
        MapLink(cause="g2", effect="g1"),
        MapLink(cause="g1", effect="g0"),
    ]
    # Digests that YAML would read as numbers unless quoted.
    s.history = ["0123456789abcdef", "1234567890123456", "00000000000e1234"]
    return s


def roundtrip(session: Session) -> str:
    text = dump_session(session)
    (loaded,) = load_sessions(text)
    assert loaded == session
    assert dump_session(loaded) == text
    return text


def test_edge_session_is_valid_for_the_rules():
    assert check_session(edge_session()) == []


def test_edge_session_round_trips_byte_for_byte():
    roundtrip(edge_session())


@pytest.mark.parametrize("value", EDGE_STRINGS, ids=range(len(EDGE_STRINGS)))
def test_each_edge_string_round_trips_in_every_text_field(value):
    roundtrip(edge_session(texts=[value, "x"]))


def test_random_texts_round_trip():
    rng = random.Random(31)
    alphabet = [
        "a",
        "Z",
        "日",
        "🛡️",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        ":",
        ": ",
        " #",
        "#",
        "-",
        "- ",
        "'",
        '"',
        "\\",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&",
        "*",
        "!",
        "|",
        ">",
        "%",
        "@",
        "`",
        "?",
        "~",
        "0",
        "1.5",
        "\u2028",
        "\ufeff",
        "\x7f",
        "\U0010fffd",
        "---",
        "...",
    ]  # control characters: refused
    for _ in range(200):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(6)]
        roundtrip(edge_session(texts=texts))


def test_numbers_round_trip():
    s = minimal_session(revision=2**53 - 1)
    values = [4.5, 0.1, -0.1, 1e-7, 1.5e300, 2**64 + 1, -(2**70), 0, 1, 123456789.123, 0.30000000000000004]
    s.scorecard.financial.kpis = [
        Kpi(id=f"k{i}", measure="m", target=v, baseline=v, current=-v) for i, v in enumerate(values)
    ]
    text = roundtrip(s)
    (loaded,) = load_sessions(text)
    assert [k.target for k in loaded.scorecard.financial.kpis] == values
    # The model keeps whole floats as ints (60.0 -> 60, 1.5e300 -> an int); the file keeps that type.
    assert [type(k.target) for k in loaded.scorecard.financial.kpis] == [
        type(k.target) for k in s.scorecard.financial.kpis
    ]
    assert "        target: 4.5\n" in text and "        target: 1.0e-07\n" in text


def test_factory_sessions_round_trip(monkeypatch):
    # rich_session has dangling links on purpose: switch the rules off to check the format alone.
    monkeypatch.setattr(yaml_read, "check_session", lambda session: [])
    roundtrip(rich_session())
    roundtrip(bulk_session(7))
    roundtrip(minimal_session())


def test_several_sessions_round_trip():
    sessions = [edge_session("s-1"), minimal_session("s-2"), bulk_session(3)]
    text = dump_sessions(sessions)
    assert load_sessions(text) == sessions
    assert dump_sessions(load_sessions(text)) == text


def test_files_round_trip_byte_for_byte(tmp_path):
    path = tmp_path / "edge.yaml"
    text = dump_sessions([edge_session("s-1"), edge_session("s-2")])
    path.write_bytes(text.encode("utf-8"))
    sessions = read_sessions_file(path)
    assert dump_sessions(sessions).encode("utf-8") == path.read_bytes()


def test_golden_file_is_what_the_writer_writes():
    # The format, pinned: if this fails, the file format changed. If that was intended, regenerate
    # tests/fixtures/yaml/full-session.yaml with dump_session(edge_session("s-full")) and review the diff.
    golden = (FIXTURES / "full-session.yaml").read_bytes()
    assert dump_session(edge_session("s-full")).encode("utf-8") == golden
    sessions = read_sessions_file(FIXTURES / "full-session.yaml")
    assert sessions == [edge_session("s-full")]
    assert dump_sessions(sessions).encode("utf-8") == golden


def test_a_file_of_format_1_imports_as_it_meant_and_exports_in_the_current_format():
    """full-session-v1.yaml is the golden file as format 1 wrote it (frozen, never regenerate it)."""
    expected = edge_session("s-full")
    for name in ("financial", "customer", "internal_processes", "learning_growth"):
        for kpi in expected.scorecard[name].kpis:  # format 1 had none of these
            kpi.indicator = kpi.baseline_on = kpi.current_on = None
    expected.history = []  # nor a history of versions
    for name in ("financial", "customer", "internal_processes", "learning_growth"):
        card = expected.scorecard[name]  # nor item numbers: they are given in list order
        card.last_numbers = {}
        for items in (card.goals, card.csfs, card.kpis, card.actions):
            for number, item in enumerate(items, start=1):
                item.number = number
    # Format 1 said "regulated: true"; "currency" and "reviewed" follow from the language and the step.
    assert (expected.organisation.regulation, expected.currency, expected.progress.reviewed) == (
        Regulation.SOME,
        "JPY",
        False,
    )
    old = FIXTURES / "full-session-v1.yaml"
    assert old.read_text("utf-8").startswith("schema_version: 1\n")
    assert read_sessions_file(old) == [expected]
    text = dump_sessions(read_sessions_file(old))
    assert text.startswith(f"schema_version: {SCHEMA_VERSION}\n") and "regulated" not in text
    assert dump_sessions(load_sessions(text)) == text


def test_hand_edited_file_reads_and_settles_after_one_export():
    sessions = read_sessions_file(FIXTURES / "hand-edited.yaml")
    assert [s.id for s in sessions] == ["hand-1", "hand-2"]
    first = dump_sessions(sessions)
    assert dump_sessions(load_sessions(first)) == first


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_sample_sessions_settle_after_one_export(path):
    sessions = read_sessions_file(path)
    assert sessions
    text = dump_sessions(sessions)
    assert load_sessions(text) == sessions
    assert dump_sessions(load_sessions(text)) == text
