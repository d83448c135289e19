"""Reading YAML: every refusal has its own message, with file, line and field path."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from secsc_tui.core import yaml_quick, yaml_read
from secsc_tui.core.model import SCHEMA_VERSION, Regulation, Step
from secsc_tui.core.problems import InvalidInput, Problem
from secsc_tui.core.yaml_io import dump_session, load_sessions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "yaml"

VALID = """\
schema_version: 1
id: s1
title: Test
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
      - id: k2
        measure: Rate
        direction: at_least
        target: 100
        measures:
          - c1
    actions:
      - id: a1
        text: Act
        due: 2026-03-31
        moves: [k2]
evaluation:
  responses:
    - id: r1
      usefulness: 4
"""


def line_no(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the nth line containing ``fragment``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth - 1]


def problems(text: str, filename: str = "f.yaml") -> list[Problem]:
    with pytest.raises(InvalidInput) as info:
        load_sessions(text, filename=filename)
    found = info.value.problems
    assert found, "InvalidInput without problems"
    assert all(p.file == filename for p in found)
    return found


def one_problem(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_valid_text_loads():
    (session,) = load_sessions(VALID)
    assert session.id == "s1"
    assert session.scorecard.financial.kpis[1].measures == ["c1"]


# -- not a session file --------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n---\n...\n"])
def test_empty_file(text):
    p = one_problem(text)
    assert p.message == "the file is empty: it holds no session"


def test_a_list_instead_of_a_session():
    p = one_problem("- id: s1\n- title: x\n")
    assert p.message == "expected a session (a mapping with keys such as id, title), found a list"
    assert p.line == 1


def test_a_scalar_instead_of_a_session():
    p = one_problem("# comment\nhello world\n")
    assert p.message == "expected a session (a mapping with keys such as id, title), found text 'hello world'"
    assert p.line == 2


def test_trailing_empty_document_is_skipped():
    assert [s.id for s in load_sessions(VALID + "---\n")] == ["s1"]
    assert [s.id for s in load_sessions("---\n" + VALID + "---\n# the end\n")] == ["s1"]


# -- YAML syntax ---------------------------------------------------------------------------


def test_syntax_error_gives_line_and_column():
    text = edit("title: Test\n", 'title: "unterminated\n')
    p = one_problem(text)
    assert "the YAML is not well formed" in p.message
    assert "found unexpected end of stream" in p.message
    assert "quoted scalar that starts at line 3" in p.message


def test_bad_indentation():
    text = edit("        text: CSF\n", "        text: CSF\n       supports: [g1]\n")
    p = one_problem(text)
    assert p.line == line_no(text, "       supports") or p.line == line_no(text, "       supports") + 1
    assert p.message.startswith("column ")
    assert "the YAML is not well formed:" in p.message


def test_tab_indentation_says_so():
    p = one_problem(edit("  financial:\n", "\tfinancial:\n"))
    assert p.line == 7
    assert "tabs cannot indent YAML, use spaces" in p.message


def test_control_character():
    p = one_problem(edit("title: Test", "title: Te\x00st"))
    assert p.line == 3
    assert p.message.startswith("column 10: the character U+0000 (a control character) is not allowed")


def test_unpaired_surrogate_in_text():
    p = one_problem(edit("title: Test", "title: Te\udc80st"))
    assert p.line == 3
    assert "U+DC80 (an unpaired surrogate)" in p.message


def test_byte_order_mark_at_start_is_accepted():
    assert load_sessions("\ufeff" + VALID)[0].id == "s1"


# -- anchors and aliases ---------------------------------------------------------------------


def test_anchor_and_alias_are_refused():
    text = edit("title: Test\n", "title: &t Test\n") + "people:\n  facilitator: *t\n"
    p = one_problem(text)
    assert p.message == "anchors and aliases are not supported (found &t); write each value out in full"
    assert p.line == 3
    assert p.path == "title"


def test_an_unused_anchor_is_refused_too():
    p = one_problem(edit("title: Test\n", "title: &t Test\n"))
    assert "anchors and aliases are not supported" in p.message


def test_alias_alone_is_refused():
    p = one_problem(edit("  financial:\n", "  financial: *nowhere\n  customer:\n"))
    assert p.message == "anchors and aliases are not supported (found *nowhere); write each value out in full"
    assert p.path == "scorecard.financial"
    assert p.line == 7


def test_billion_laughs_is_refused_without_expansion():
    text = (FIXTURES / "billion-laughs.yaml").read_text(encoding="utf-8")
    started = time.process_time()  # CPU time: other work on a loaded machine does not count
    p = one_problem(text)
    elapsed = time.process_time() - started
    assert "anchors and aliases are not supported (found &a)" in p.message
    assert p.line == 5
    assert elapsed < 0.5  # expanding it would take minutes and gigabytes


def test_alias_bomb_of_many_levels_is_refused_quickly():
    lines = ["schema_version: 1", 'a0: &a0 ["lol", "lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 200)]  # 2**200 once expanded
    started = time.process_time()
    p = one_problem("\n".join(lines) + "\n")
    assert time.process_time() - started < 0.5
    assert "anchors and aliases" in p.message


# -- mapping keys ----------------------------------------------------------------------------


def test_duplicate_key_gives_both_lines():
    text = edit("title: Test\n", "title: Test\nrevision: 3\ntitle: Again\n")
    p = one_problem(text)
    assert p.message == "the key 'title' appears twice in this mapping (lines 3 and 5); keep only one"
    assert p.line == 5
    assert p.path == "title"


def test_duplicate_key_inside_a_list_item():
    text = edit("        measure: Rate\n", "        measure: Rate\n        measure: Rate again\n")
    p = one_problem(text)
    assert p.path == "scorecard.financial.kpis[1].measure"
    assert p.line == line_no(text, "measure: Rate again")
    assert f"(lines {line_no(text, 'measure: Rate')} and {p.line})" in p.message


def test_a_key_that_is_a_list():
    p = one_problem(edit("title: Test\n", "title: Test\n[a, b]: c\n"))
    assert p.message == "a key must be a plain name, not a list or a mapping"
    assert p.line == 4


# -- schema_version ------------------------------------------------------------------------


def test_missing_schema_version():
    p = one_problem(edit("schema_version: 1\n", "# no version\n"))
    assert p.message == f"schema_version is missing; a session starts with 'schema_version: {SCHEMA_VERSION}'"
    assert p.path == "schema_version"
    assert p.line == 2  # the session's first key


def test_newer_schema_version():
    newer = SCHEMA_VERSION + 1
    p = one_problem(edit("schema_version: 1\n", f"schema_version: {newer}\n") + "a_field_from_the_future: 1\n")
    assert p.message == (
        f"this file was written by a newer secsc (schema_version {newer}); "
        f"this version reads schema_version {SCHEMA_VERSION} — upgrade secsc"
    )
    assert p.line == 1


def test_older_schema_version():
    p = one_problem(edit("schema_version: 1\n", "schema_version: 0\n"))
    assert p.message == "schema_version 0 does not exist; session files start at schema_version 1"


@pytest.mark.parametrize(
    ("written", "found"),
    [("'1'", "text '1'"), ("1.0", "a number (1.0)"), ("true", "true"), ("", "nothing"), ("[1]", "a list")],
)
def test_schema_version_that_is_not_a_whole_number(written, found):
    p = one_problem(edit("schema_version: 1\n", f"schema_version: {written}\n"))
    assert p.message == f"schema_version must be a whole number such as {SCHEMA_VERSION}, found {found}"


# -- model errors, reworded ----------------------------------------------------------------


def test_unknown_key_suggests_the_close_one_and_lists_the_allowed():
    text = edit("        target: 100\n", "        targt: 100\n")
    p = one_problem(text)
    assert p.path == "scorecard.financial.kpis[1].targt"
    assert p.line == line_no(text, "targt")
    assert p.message == (
        "unknown key 'targt'; did you mean 'target'? the keys allowed here are: id, number, measure, indicator, "
        "direction, target, unit, frequency, owner, baseline, baseline_on, current, current_on, measures, "
        "meti, nist_csf"
    )


def test_unknown_key_without_a_close_match():
    p = one_problem(edit("title: Test\n", "title: Test\nzzz: 1\n"))
    assert p.message.startswith("unknown key 'zzz'; the keys allowed here are: schema_version, id, title,")
    assert p.line == 4


def test_unknown_key_is_matched_ignoring_case():
    p = one_problem(edit("title: Test\n", "title: Test\nRevision: 1\n"))
    assert "did you mean 'revision'?" in p.message


def test_missing_required_key_points_at_its_parent():
    text = edit("        measure: Rate\n", "")
    p = one_problem(text)
    assert p.message == "the required key 'measure' is missing"
    assert p.path == "scorecard.financial.kpis[1].measure"
    assert p.line == line_no(text, "- id: k2")


def test_missing_required_top_level_key():
    p = one_problem(edit("title: Test\n", ""))
    assert p.message == "the required key 'title' is missing"
    assert p.path == "title"
    assert p.line == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024", "expected text, found a number (2024) — put it in quotes"),
        ("4.5", "expected text, found a number (4.5) — put it in quotes"),
        ("yes", "expected text, found yes (read as true) — put it in quotes"),
        ("false", "expected text, found false — put it in quotes"),
        ("2024-01-01", "expected text, found a date (2024-01-01) — put it in quotes"),
        ("", 'expected text, found nothing; write the text, or "" for none'),
        ("null", 'expected text, found nothing; write the text, or "" for none'),
        ("[a, b]", "expected text, found a list"),
    ],
)
def test_text_field_with_another_type(value, message):
    p = one_problem(edit("title: Test\n", f"title: {value}\n"))
    assert p.message == message
    assert p.path == "title"
    assert p.line == 3


def test_text_too_long():
    p = one_problem(edit("title: Test\n", f"title: {'x' * 501}\n"))
    assert p.message == "the text is too long (501 characters); at most 500"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7", "expected a whole number from 1 to 5, found 7"),
        ("0", "expected a whole number from 1 to 5, found 0"),
        ("4.5", "expected a whole number from 1 to 5, found a number (4.5)"),
        ("'5'", "expected a whole number from 1 to 5, found text '5' — remove the quotes"),
        ("five", "expected a whole number from 1 to 5, found text 'five'"),
        ("true", "expected a whole number from 1 to 5, found true"),
    ],
)
def test_rating_out_of_range_or_of_the_wrong_type(value, message):
    text = edit("      usefulness: 4\n", f"      usefulness: {value}\n")
    p = one_problem(text)
    assert p.message == message
    assert p.path == "evaluation.responses[0].usefulness"
    assert p.line == line_no(text, "usefulness")


def test_count_below_zero():
    p = one_problem(VALID + "  participants: -3\n")
    assert p.message == "expected a whole number from 0 to 9,007,199,254,740,991, found -3"
    assert p.path == "evaluation.participants"


def test_enum_value_not_allowed():
    text = edit("        direction: at_least\n", "        direction: below\n")
    p = one_problem(text)
    assert p.message == "expected one of: at_most, at_least, exactly; found 'below'"
    assert p.path == "scorecard.financial.kpis[1].direction"
    assert p.line == line_no(text, "direction")


def test_enum_in_a_list():
    p = one_problem(VALID + "progress:\n  done: [context, nope]\n")
    assert p.path == "progress.done[1]"
    assert p.message.startswith("expected one of: context, gap_analysis, strategic_goal,")
    assert p.message.endswith("; found 'nope'")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-3-31", "expected a date like 2026-03-31, found text '2026-3-31'"),
        ("31/03/2026", "expected a date like 2026-03-31, found text '31/03/2026'"),
        (
            "2026-03-31T10:00:00Z",
            "expected a date like 2026-03-31, found a date and time (2026-03-31T10:00:00Z); leave out the time",
        ),
        ("2026-02-30", "'2026-02-30' is not a valid date or time (day is out of range for month)"),
    ],
)
def test_bad_dates(value, message):
    text = edit("        due: 2026-03-31\n", f"        due: {value}\n")
    p = one_problem(text)
    assert p.message == message
    assert p.path == "scorecard.financial.actions[0].due"
    assert p.line == line_no(text, "due:")


def test_timestamp_without_time():
    p = one_problem(edit("created: 2025-08-26T09:00:00Z\n", "created: 2025-08-26\n"))
    assert p.message == ("expected a date and time like 2025-08-26T09:00:00Z, found a date (2025-08-26); add the time")
    assert p.line == 4


def test_invalid_id():
    text = edit("      - id: k1\n", "      - id: k 1\n")
    p = one_problem(text)
    assert p.message == (
        "'k 1' is not a valid id: use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"
    )
    assert p.path == "scorecard.financial.kpis[0].id"
    assert p.line == line_no(text, "id: k 1")


def test_number_in_quotes():
    p = one_problem(edit("        target: 60\n", "        target: '60'\n"))
    assert p.message == "expected a number, found text '60' — remove the quotes"
    assert p.path == "scorecard.financial.kpis[0].target"


def test_number_that_is_not_finite():
    p = one_problem(edit("        target: 60\n", "        target: .inf\n"))
    assert p.message == "expected a finite number, found .inf"


def test_single_link_instead_of_a_list():
    p = one_problem(edit("        supports: [g1]\n", "        supports: g1\n"))
    assert p.message == "expected a list (one '- item' per line, or [a, b]), found text 'g1'"
    assert p.path == "scorecard.financial.csfs[0].supports"


def test_section_that_is_not_a_mapping():
    p = one_problem(VALID + "organisation: ACME\n")
    assert p.message == "expected a mapping (keys with values) here, found text 'ACME'"
    assert p.path == "organisation"


def test_boolean_field():
    p = one_problem(VALID + "organisation:\n  regulated: maybe\n")
    assert p.message == "expected true or false, found text 'maybe'"
    assert p.path == "organisation.regulated"


# -- files of format 1 ------------------------------------------------------------


def test_a_version_1_file_is_read_in_the_current_format():
    """ "regulated" said yes or no: yes is "some" regulation (the paper keeps iii for heavy regulation);
    a Japanese session's budgets are in yen; review was done only if the team was on it."""
    text = edit("title: Test\n", "title: Test\nlanguage: ja\n") + (
        "organisation:\n  regulated: true\nprogress:\n  current_step: evaluation\n  done: [context, review]\n"
    )
    (session,) = load_sessions(text)
    assert session.schema_version == SCHEMA_VERSION
    assert session.organisation.regulation is Regulation.SOME
    assert session.currency == "JPY"
    assert not session.progress.reviewed and session.progress.done == [Step.CONTEXT]

    (english,) = load_sessions(VALID + "organisation:\n  regulated: false\nprogress:\n  current_step: review\n")
    assert english.organisation.regulation is Regulation.NONE and english.currency == ""
    assert english.progress.reviewed


def test_regulated_is_not_a_key_of_the_current_format():
    text = edit("schema_version: 1\n", f"schema_version: {SCHEMA_VERSION}\n") + "organisation:\n  regulated: true\n"
    p = one_problem(text)
    assert p.path == "organisation.regulated" and p.line == line_no(text, "regulated")
    assert p.message.startswith("unknown key 'regulated'; did you mean 'regulation'?")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("YEN", "'YEN' is not an ISO 4217 currency code such as JPY, USD or EUR; or \"\" for none"),
        ("jpy", "'jpy' is not an ISO 4217 currency code such as JPY, USD or EUR; or \"\" for none"),
    ],
)
def test_currency_must_be_an_iso_code(written, message):
    text = edit("title: Test\n", f"title: Test\ncurrency: {written}\n")
    p = one_problem(text)
    assert (p.path, p.line, p.message) == ("currency", line_no(text, "currency"), message)


def test_invalid_number_literal_is_reported_where_it_is():
    p = one_problem(edit("created: 2025-08-26T09:00:00Z\n", "created: 2025-13-26T09:00:00Z\n"))
    assert p.message.startswith("'2025-13-26T09:00:00Z' is not a valid date or time (month must be in 1..12)")
    assert p.line == 4


# -- tags -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object:os.system x", "!!python/object:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!custom x", "!custom"),
        ("!!set {a}", "!!set"),
    ],
)
def test_tags_are_refused(value, shown):
    p = one_problem(edit("title: Test\n", f"title: {value}\n"))
    assert p.message == f"the tag '{shown}' is not supported here; remove it"
    assert p.line == 3


def test_standard_tags_work():
    (session,) = load_sessions(edit("title: Test\n", "title: !!str 2024\n"))
    assert session.title == "2024"
    (session,) = load_sessions(edit("title: Test\n", "title: ! 2024\n"))
    assert session.title == "2024"


# -- nesting ---------------------------------------------------------------------------------


def test_deep_nesting_is_refused():
    p = one_problem(VALID + "people: " + "[" * 100 + "]" * 100 + "\n")
    assert p.message == "the data is nested more than 32 levels deep"
    assert p.path.startswith("people[0][0]")


def test_very_deep_nesting_is_refused_without_recursion_error():
    p = one_problem(VALID + "people: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "nest" in p.message


# -- the same behaviour without libyaml ------------------------------------------------------


class PurePythonLoader(yaml.SafeLoader):
    pass


@pytest.fixture
def pure_python(monkeypatch):
    monkeypatch.setattr(yaml_read, "_Loader", PurePythonLoader)
    monkeypatch.setattr(yaml_quick, "_Loader", PurePythonLoader)


def test_pure_python_loader_reads_the_same(pure_python):
    assert yaml_quick.quick_sessions(VALID) == load_sessions(VALID)  # the quick reading too
    assert load_sessions(VALID + "---\n")[0].id == "s1"
    assert load_sessions(edit("title: Test\n", "title: ! 2024\n"))[0].title == "2024"
    assert one_problem("---\n").message == "the file is empty: it holds no session"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: Test\n", "title: &t Test\n", "anchors and aliases are not supported (found &t)"),
        ("title: Test\n", "title: Test\ntitle: x\n", "the key 'title' appears twice in this mapping (lines 3 and 4)"),
        ("title: Test\n", 'title: "open\n', "the YAML is not well formed"),
        ("title: Test\n", "title: " + "[" * 200 + "]" * 200 + "\n", "nested more than 32 levels deep"),
        ("      usefulness: 4\n", "      usefulness: 7\n", "expected a whole number from 1 to 5, found 7"),
    ],
    ids=["anchor", "duplicate-key", "syntax", "nesting", "rating"],
)
def test_pure_python_loader_refuses_the_same(pure_python, old, new, expected):
    # (PyYAML's pure-Python scanner is slow on very deep flow nesting, hence only 200 levels.)
    p = one_problem(edit(old, new))
    assert expected in p.message


# -- all problems at once, in line order -----------------------------------------------------


def test_every_problem_is_reported_in_line_order():
    text = edit("title: Test\n", "title: 2024\n")
    text = edit("        direction: at_least\n", "        direction: below\n", text)
    text = edit("      usefulness: 4\n", "      usefulness: 9\n", text)
    text = edit("        measure: Time\n", "", text)
    found = problems(text)
    assert [p.path for p in found] == [
        "title",
        "scorecard.financial.kpis[0].measure",
        "scorecard.financial.kpis[1].direction",
        "evaluation.responses[0].usefulness",
    ]
    assert [p.line for p in found] == sorted(p.line for p in found)


def test_problem_count_is_capped():
    text = VALID + "".join(f"unknown_{i}: 1\n" for i in range(150))
    found = problems(text)
    assert len(found) == yaml_read.MAX_PROBLEMS + 1
    assert found[-1].message == "… and 50 more problems"


def test_problem_renders_with_file_line_and_path():
    p = one_problem(edit("      usefulness: 4\n", "      usefulness: 7\n"))
    assert str(p) == (
        f"f.yaml:{line_no(VALID, 'usefulness')}: evaluation.responses[0].usefulness: "
        "expected a whole number from 1 to 5, found 7"
    )


# -- several documents -------------------------------------------------------------------


def test_several_documents():
    second = edit("id: s1\n", "id: s2\n")
    sessions = load_sessions(VALID + "---\n" + second)
    assert [s.id for s in sessions] == ["s1", "s2"]


def test_one_bad_document_refuses_the_whole_file_with_file_lines():
    second = edit("      usefulness: 4\n", "      usefulness: 6\n", edit("id: s1\n", "id: s2\n"))
    text = VALID + "---\n" + second
    p = one_problem(text)
    assert p.line == len(VALID.splitlines()) + 1 + line_no(second, "usefulness")
    assert p.path == "evaluation.responses[0].usefulness"


def test_problems_of_every_document_are_reported():
    bad1 = edit("title: Test\n", "title: [x]\n")
    bad2 = edit("id: s1\n", "id: s2\n", edit("title: Test\n", "title: Test\nbogus: 1\n"))
    found = problems(bad1 + "---\n" + VALID.replace("id: s1\n", "id: s3\n") + "---\n" + bad2)
    assert [p.path for p in found] == ["title", "bogus"]


def test_duplicate_session_ids_across_documents():
    text = VALID + "---\n" + VALID
    p = one_problem(text)
    second_id_line = len(VALID.splitlines()) + 3
    assert p.message == (
        f"session id 's1' is used by two documents of this file (lines 2 and {second_id_line}); "
        "each session needs its own id"
    )
    assert p.line == second_id_line
    assert p.path == "id"


def test_a_document_that_is_not_a_session_among_sessions():
    p = one_problem(VALID + "---\n- just a list\n")
    assert p.message.endswith("found a list")
    assert p.line == len(VALID.splitlines()) + 2


# -- the rules ---------------------------------------------------------------------------------


def test_rule_errors_refuse_the_file_with_their_line():
    text = edit("        moves: [k2]\n", "        moves: [k2, k9]\n")
    p = one_problem(text)
    assert p.path == "scorecard.financial.actions[0].moves[1]"
    assert "'k9'" in p.message
    assert p.line == line_no(text, "moves: [k2, k9]")
    assert p.severity == "error"


def test_duplicate_item_ids_are_refused():
    text = edit("      - id: k2\n", "      - id: k1\n")
    text = edit("        moves: [k2]\n", "        moves: [k1]\n", text)
    p = one_problem(text)
    assert p.path == "scorecard.financial.kpis[1].id"
    assert p.line == line_no(text, "- id: k1", 2)


def test_rule_warnings_are_returned_not_raised():
    text = VALID + "strategy_map:\n  - {cause: g1, effect: g2}\n  - {cause: g2, effect: g1}\n"
    text = edit(
        "      - id: g1\n        text: Goal\n",
        "      - id: g1\n        text: Goal\n      - id: g2\n        text: Two\n",
        text,
    )
    warnings: list[Problem] = []
    sessions = load_sessions(text, filename="w.yaml", warnings=warnings)
    assert [s.id for s in sessions] == ["s1"]
    assert len(warnings) == 1
    (w,) = warnings
    assert w.severity == "warning"
    assert w.path == "strategy_map"
    assert w.file == "w.yaml"
    assert w.line == line_no(text, "strategy_map:")
    assert "cycle" in w.message
    assert load_sessions(text) == sessions  # no list given: warnings are dropped


def test_rule_problems_get_lines_from_the_path(monkeypatch):
    def fake_rules(session):
        return [
            Problem("about the kpi target", path="scorecard.financial.kpis[1].target"),
            Problem("about a field not in the file", path="scorecard.financial.kpis[0].unit", severity="warning"),
        ]

    monkeypatch.setattr(yaml_read, "check_session", fake_rules)
    monkeypatch.setattr(yaml_quick, "check_session", fake_rules)  # which then leaves the file to the careful reading
    p = one_problem(VALID)
    assert (p.message, p.line) == ("about the kpi target", line_no(VALID, "target: 100"))
    monkeypatch.setattr(yaml_read, "check_session", lambda s: fake_rules(s)[1:])
    monkeypatch.setattr(yaml_quick, "check_session", lambda s: fake_rules(s)[1:])
    warnings: list[Problem] = []
    load_sessions(VALID, warnings=warnings)
    assert warnings[0].line == line_no(VALID, "- id: k1")  # unit is absent: its item's line


def test_control_characters_are_refused_with_their_place():
    """An ESC in a title would be sent to the terminal as it is: the file is refused, saying where."""
    from secsc_tui.core.problems import InvalidInput
    from secsc_tui.core.yaml_io import load_sessions

    text = (
        'schema_version: 1\nid: s1\ntitle: "Team \\e[31mA"\n'
        "created: 2025-08-26T09:00:00Z\nupdated: 2025-08-26T09:00:00Z\n"
    )
    with pytest.raises(InvalidInput) as caught:
        load_sessions(text, filename="team.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.path) == ("team.yaml", 3, "title")
    assert "control character (U+001B)" in problem.message


# -- item numbers ------------------------------------------------------------------------


def test_a_file_without_item_numbers_gets_them_in_list_order_and_keeps_them():
    [session] = load_sessions(
        "schema_version: 1\nid: s-old\ntitle: Before numbers\ncreated: 2025-08-26T09:00:00Z\n"
        "updated: 2025-08-26T09:00:00Z\nscorecard:\n  financial:\n    goals:\n"
        "      - id: g-a\n        text: first\n      - id: g-b\n        number: 7\n        text: numbered\n"
        "      - id: g-c\n        text: typed in by hand\n"
    )
    goals = session.scorecard.financial.goals
    assert [g.number for g in goals] == [8, 7, 9]  # the missing ones after every number given
    text = dump_session(session)
    assert "      - id: g-a\n        number: 8\n        text: first\n" in text
    assert dump_session(load_sessions(text)[0]) == text


def test_a_number_used_twice_refuses_the_file_at_its_line():
    text = edit("      - id: k1\n", "      - id: k1\n        number: 1\n")
    text = edit("      - id: k2\n", "      - id: k2\n        number: 1\n", text)
    p = one_problem(text)
    assert p.path == "scorecard.financial.kpis[1].number"
    assert p.line == line_no(text, "number: 1", nth=2)
    assert "number 1 is used twice" in p.message and "scorecard.financial.kpis[0]" in p.message


def test_an_item_number_must_fit_the_database_as_counts_do():
    p = one_problem(edit("      - id: k1\n", "      - id: k1\n        number: 9007199254740992\n"))
    assert p.path == "scorecard.financial.kpis[0].number"
    assert p.message == "expected a whole number from 1 to 9,007,199,254,740,991, found 9007199254740992"


# -- ranges: what the file may say is what the store and every time zone can hold ----------


@pytest.mark.parametrize(
    "written",
    ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T00:00:00Z", "0001-01-01T12:00:00Z"],
)
def test_timestamps_that_no_time_zone_can_show_are_refused(written: str):
    p = one_problem(edit("created: 2025-08-26T09:00:00Z\n", f"created: {written}\n"))
    assert p.path == "created"
    assert p.message == (
        "the date and time is out of range: it must lie between 0001-01-02T00:00:00Z and 9999-12-30T23:59:59Z"
    )


@pytest.mark.parametrize("written", ["0001-01-02T00:00:00Z", "9999-12-30T23:59:59Z"])
def test_the_extreme_timestamps_accepted_show_in_any_time_zone(written: str):
    import datetime as dt

    [session] = load_sessions(edit("updated: 2025-08-26T09:00:00Z\n", f"updated: {written}\n"))
    for hours in (-12, 14):
        session.updated.astimezone(dt.timezone(dt.timedelta(hours=hours))).strftime("%Y-%m-%d %H:%M")


def test_counts_fit_the_database():
    p = one_problem(edit("title: Test\n", "title: Test\nrevision: 9223372036854775808\n"))
    assert p.message == "expected a whole number from 0 to 9,007,199,254,740,991, found 9223372036854775808"
    [session] = load_sessions(edit("title: Test\n", "title: Test\nrevision: 9007199254740991\n"))
    assert session.revision == 2**53 - 1


@pytest.mark.parametrize("title", ['""', '"   "', "' \t '"])
def test_an_empty_title_is_refused_as_the_app_refuses_it(title: str):
    text = edit("title: Test\n", f"title: {title}\n")
    p = one_problem(text)
    assert (p.path, p.line, p.message) == (
        "title",
        line_no(text, "title:"),
        "the title is empty: give the session a title",
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!timestamp nope", "'nope' is not a valid date or time"),  # PyYAML raised AttributeError
        ("!!bool maybe", "'maybe' is not a valid true or false value"),  # and KeyError
    ],
)
def test_explicit_tags_with_values_they_cannot_hold(written: str, message: str):
    text = edit("title: Test\n", f"title: Test\nrevision: {written}\n")
    p = one_problem(text)
    assert (p.path, p.message) == ("revision", message)


def test_a_key_of_a_hundred_thousand_characters_is_quoted_short():
    text = edit("title: Test\n", "title: Test\n? " + "k" * 100_000 + "\n: 1\n")
    p = one_problem(text)
    assert p.path == "k" * 39 + "…"
    assert len(str(p)) < 400
