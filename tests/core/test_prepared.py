"""Sessions prepared for import (core/store/prepared.py): what crosses from a forked child is the same session."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from factories import minimal_session, rich_session
from hypothesis import given, settings
from hypothesis import strategies as st

from secsc_tui.core.lineage import version_of
from secsc_tui.core.model import Session
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.store.convert import _json_numbers, _json_texts, child_rows, session_row
from secsc_tui.core.store.prepared import PreparedSession, prepare
from secsc_tui.core.store.tables import json_text
from secsc_tui.core.yaml_io import read_sessions_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_sessions").glob("*.yaml"))


def sent_across(prepared: PreparedSession) -> PreparedSession:
    return pickle.loads(pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))


def assert_the_same_session(session: Session) -> None:
    [prepared] = prepare([session])
    received = sent_across(prepared)
    assert received._session is None  # the model stayed behind: rebuilt only when asked for
    assert (received.id, received.title) == (session.id, session.title)
    assert received.row == session_row(session)
    assert received.children == child_rows(session)
    assert received.version == version_of(session)
    assert received.content == session.model_dump_json()
    assert received.session == session
    assert version_of(received.session) == received.version  # the same content, to the digest


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_crosses_unchanged(path: Path):
    for session in read_sessions_file(path):
        assert_the_same_session(session)


def test_the_richest_session_crosses_unchanged():
    assert_the_same_session(rich_session())


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30)
number = st.one_of(st.none(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False, width=64))


@given(title=text, notes=text, target=number, baseline=number, on=st.none() | st.dates(dt.date(1, 1, 2)))
@settings(max_examples=200, deadline=None)
def test_any_text_number_and_date_cross_unchanged(title, notes, target, baseline, on):
    data = rich_session().model_dump()
    data["title"] = title
    data["organisation"]["notes"] = notes
    kpi = next(k for card in data["scorecard"].values() for k in card["kpis"])
    kpi.update(target=target, baseline=baseline, baseline_on=on)
    assert_the_same_session(Session.model_validate(data))


@given(texts=st.lists(st.text()), numbers=st.lists(st.integers()))
def test_an_items_lists_are_spelled_as_the_store_spells_json(texts: list[str], numbers: list[int]):
    """The rows join an item's links and tags themselves (json's encoder is slower): the same text."""
    assert _json_texts(texts) == json_text(texts)
    assert _json_numbers(numbers) == json_text(numbers)


def test_a_file_naming_a_session_twice_is_refused_with_every_problem():
    twice = minimal_session("t1")
    clash = rich_session("t2")
    card = clash.scorecard.financial
    card.goals[1].id = card.goals[0].id
    with pytest.raises(InvalidInput) as refused:
        prepare([twice, clash, twice])
    messages = [p.message for p in refused.value.problems]
    assert any("'t1' appears twice (sessions 1 and 3)" in m for m in messages)
    assert any(f"id '{card.goals[0].id}' is used twice" in m for m in messages)
