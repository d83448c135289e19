"""The quick reading of a clean file (core/yaml_quick.py) gives what the careful one gives, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import minimal_session, rich_session
from helpers import read_carefully

from secsc_tui.core.yaml_io import dump_session
from secsc_tui.core.yaml_quick import quick_sessions
from secsc_tui.core.yaml_read import load_sessions

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_sessions").glob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_is_read_quickly_and_the_same(path: Path):
    text = path.read_text(encoding="utf-8")
    quick = quick_sessions(text)
    assert quick is not None
    assert quick == read_carefully(text)[0]


def test_several_sessions_in_one_file():
    text = "---\n".join(path.read_text(encoding="utf-8") for path in SAMPLES)
    quick = quick_sessions(text)
    assert quick is not None and len(quick) == len(SAMPLES)
    assert quick == read_carefully(text)[0]


def test_a_session_the_rules_refuse_is_left_to_the_careful_reading():
    text = dump_session(rich_session())  # links to items that are not there, on purpose
    assert quick_sessions(text) is None
    assert read_carefully(text)[0] is None


OUT_OF_THE_ORDINARY = {
    "an anchor": lambda text: text.replace("title: ", "title: &t ", 1),
    "a tag": lambda text: text.replace("title: ", "title: !!str ", 1),
    "a key twice": lambda text: text + "title: again\n",
    "a newer schema_version": lambda text: text.replace("schema_version: 2", "schema_version: 3", 1),
    "a value the model refuses": lambda text: text.replace("revision: 0", "revision: none yet", 1),
    "a trailing separator": lambda text: text + "---\n",
    "one session twice": lambda text: text + "---\n" + text,
    "a YAML error": lambda text: text + "  : [\n",
    "nothing at all": lambda text: "",
}


@pytest.mark.parametrize("change", OUT_OF_THE_ORDINARY.values(), ids=OUT_OF_THE_ORDINARY.keys())
def test_anything_out_of_the_ordinary_is_left_to_the_careful_reading(change):
    text = dump_session(minimal_session("s-1"))
    assert quick_sessions(text) is not None
    assert quick_sessions(change(text)) is None


def test_a_rule_s_warning_is_left_to_the_careful_reading_which_words_it():
    from secsc_tui.core.model import MapLink

    [session] = read_carefully(SAMPLES[0].read_text(encoding="utf-8"))[0]
    first, second = session.strategy_map[0].cause, session.strategy_map[0].effect
    session.strategy_map.append(MapLink(cause=second, effect=first))  # a cycle: a warning, not an error
    text = dump_session(session)
    assert quick_sessions(text) is None
    warnings: list = []
    assert load_sessions(text, warnings=warnings) == [session]
    assert warnings and warnings[0].line  # a cycle, shown at its line
