"""The frameworks' names in both languages, and tags as people type them into a form."""

from __future__ import annotations

import pytest

from secsc_tui.core.frameworks import (
    CSF_CATEGORIES,
    CSF_CATEGORIES_JA,
    CSF_FUNCTIONS,
    CSF_FUNCTIONS_JA,
    csf_categories_of,
    csf_name,
    format_tags,
    meti_name,
    parse_csf_tags,
    parse_meti_tags,
)
from secsc_tui.core.parsing import ParseError
from secsc_tui.i18n import language


def test_every_function_and_category_has_a_japanese_name():
    assert list(CSF_FUNCTIONS_JA) == list(CSF_FUNCTIONS)
    assert list(CSF_CATEGORIES_JA) == list(CSF_CATEGORIES)
    assert all(name.strip() for name in [*CSF_FUNCTIONS_JA.values(), *CSF_CATEGORIES_JA.values()])


def test_names_follow_the_language_in_use():
    assert (meti_name(7), csf_name("RS"), csf_name("GV.SC")) == (
        "Prepare an emergency response structure for incidents",
        "Respond",
        "Cybersecurity Supply Chain Risk Management",
    )
    with language("ja"):
        assert (meti_name(7), csf_name("RS"), csf_name("RS.MA")) == (
            "インシデント発生時の緊急対応体制の整備",
            "対応",
            "インシデント管理",
        )


def test_categories_of_a_function_in_the_framework_s_order():
    assert csf_categories_of("RC") == ["RC.RP", "RC.CO"]
    assert sum(len(csf_categories_of(f)) for f in CSF_FUNCTIONS) == len(CSF_CATEGORIES) == 22


def test_directives_as_typed():
    assert parse_meti_tags("") == [] and parse_meti_tags("  ") == []
    assert parse_meti_tags("1, 7") == [1, 7]
    assert parse_meti_tags("7 1;10") == [7, 1, 10]  # the order typed
    assert parse_meti_tags("１、７，7") == [1, 7]  # full-width, Japanese commas; a repeat counts once


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "there is no directive 11: METI's guidelines have directives 1 to 10"),
        ("1, 0", "there is no directive 0: METI's guidelines have directives 1 to 10"),
        ("1, seven", "“seven” is not a directive number: write numbers from 1 to 10, e.g. 1, 7"),
        ("-3", "“-3” is not a directive number: write numbers from 1 to 10, e.g. 1, 7"),
    ],
)
def test_a_directive_out_of_range_or_not_a_number_is_named(typed, message):
    with pytest.raises(ParseError) as caught:
        parse_meti_tags(typed)
    assert str(caught.value) == message


def test_nist_ids_as_typed_are_put_in_capitals():
    assert parse_csf_tags("") == []
    assert parse_csf_tags("gv.sc, RS.MA-01") == ["GV.SC", "RS.MA-01"]
    assert parse_csf_tags("ＧＶ．ＯＣ、rc.rp rc.rp") == ["GV.OC", "RC.RP"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "GV.SC, GV.XX",
            "'GV.XX': NIST CSF 2.0 has no category GV.XX (under GV: GV.OC, GV.RM, GV.RR, GV.PO, GV.OV, GV.SC)",
        ),
        ("rc.xx-01", "'rc.xx-01': NIST CSF 2.0 has no category RC.XX (under RC: RC.RP, RC.CO)"),
        ("XY.AB", "'XY.AB': NIST CSF 2.0 has no function XY (it has GV, ID, PR, DE, RS, RC)"),
        (
            "supply chain",
            "'supply' is not a NIST CSF 2.0 id: write a category such as GV.SC or a subcategory such as GV.SC-07",
        ),
        (
            "GV.SC-1",
            "'GV.SC-1' is not a NIST CSF 2.0 id: write a category such as GV.SC or a subcategory such as GV.SC-07",
        ),
    ],
)
def test_an_unknown_nist_id_is_named(typed, message):
    with pytest.raises(ParseError) as caught:
        parse_csf_tags(typed)
    assert str(caught.value) == message


def test_tags_are_shown_as_they_are_typed():
    assert format_tags([1, 7]) == "1, 7" and format_tags(["GV.SC", "RS.MA-01"]) == "GV.SC, RS.MA-01"
    assert format_tags([]) == ""
    assert parse_meti_tags(format_tags([8, 9])) == [8, 9]
