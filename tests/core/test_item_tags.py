"""Scorecard items tagged with METI directives and NIST CSF 2.0 ids: checked, written, stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import minimal_session

from secsc_tui.core.model import ActionPlan, CriticalSuccessFactor, Goal, Kpi
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.schema import json_schema
from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import dump_session, load_sessions

HEAD = """\
schema_version: 1
id: s-tags
title: Tags
created: 2025-01-01T00:00:00Z
updated: 2025-01-01T00:00:00Z
scorecard:
  financial:
    goals:
      - id: g1
        text: Recover fast
"""


def problems_of(tags: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_sessions(HEAD + tags, filename="t.yaml")
    return [str(p) for p in caught.value.problems]


def tagged_session():
    s = minimal_session("s-tags")
    card = s.scorecard.financial
    card.goals = [Goal(id="g1", text="Recover fast", meti=[8], nist_csf=["RC.RP"])]
    card.csfs = [CriticalSuccessFactor(id="c1", text="Tested backups", supports=["g1"], nist_csf=["PR.DS-11"])]
    card.kpis = [Kpi(id="k1", measure="Restore time", target=4, unit="h", measures=["c1"], meti=[8, 7])]
    card.actions = [ActionPlan(id="a1", text="Test restores", moves=["k1"], meti=[8], nist_csf=["RC.RP", "GV.SC"])]
    return s


def test_tags_are_written_after_the_other_fields_and_read_back():
    session = tagged_session()
    text = dump_session(session)
    assert (
        "      - id: g1\n        number: 1\n        text: Recover fast\n"
        "        meti:\n          - 8\n        nist_csf:\n          - RC.RP\n"
    ) in text
    assert load_sessions(text) == [session]


def test_untagged_items_are_written_as_before():
    session = minimal_session("s-plain")
    session.scorecard.customer.goals = [Goal(id="g1", text="Trust")]
    assert "meti" not in dump_session(session) and "nist_csf" not in dump_session(session)


def test_a_file_without_tags_still_imports():
    (session,) = load_sessions(HEAD)
    assert session.scorecard.financial.goals[0].meti == [] == session.scorecard.financial.goals[0].nist_csf


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (
            "        meti: [11]\n",
            "t.yaml:11: scorecard.financial.goals[0].meti[0]: expected a whole number from 1 to 10, found 11",
        ),
        ("        meti: [3, 3]\n", "t.yaml:11: scorecard.financial.goals[0].meti: 3 is listed twice"),
        (
            "        nist_csf: [rs.ma]\n",
            "t.yaml:11: scorecard.financial.goals[0].nist_csf[0]: write NIST CSF ids in capitals: 'RS.MA'",
        ),
        (
            "        nist_csf: [GV.XX]\n",
            "t.yaml:11: scorecard.financial.goals[0].nist_csf[0]: 'GV.XX': NIST CSF 2.0 has "
            "no category GV.XX (under GV: GV.OC, GV.RM, GV.RR, GV.PO, GV.OV, GV.SC)",
        ),
        (
            "        nist_csf: [XX.AM]\n",
            "t.yaml:11: scorecard.financial.goals[0].nist_csf[0]: 'XX.AM': NIST CSF 2.0 has "
            "no function XX (it has GV, ID, PR, DE, RS, RC)",
        ),
        (
            "        nist_csf:\n          - Respond\n",
            "t.yaml:12: scorecard.financial.goals[0].nist_csf[0]: 'Respond' is "
            "not a NIST CSF 2.0 id: write a category such as GV.SC or a "
            "subcategory such as GV.SC-07",
        ),
    ],
)
def test_wrong_tags_are_reported_with_line_and_field(tags: str, expected: str):
    assert problems_of(tags) == [expected]


def test_subcategory_ids_are_accepted_as_written():
    (session,) = load_sessions(HEAD + "        nist_csf: [GV.OC-01, RS.MA]\n")
    assert session.scorecard.financial.goals[0].nist_csf == ["GV.OC-01", "RS.MA"]


def test_the_schema_describes_the_tags():
    goal = json_schema()["$defs"]["Goal"]["properties"]
    assert goal["meti"]["items"] == {"maximum": 10, "minimum": 1, "type": "integer"}
    assert goal["nist_csf"]["items"]["pattern"] == "^[A-Z]{2}\\.[A-Z]{2}(-[0-9]{2})?$"


def test_tags_survive_the_database(tmp_path: Path):
    session = tagged_session()
    with Store.open(tmp_path / "tags.sqlite3") as store:
        store.create(session)
        assert store.get(session.id) == session
        session.scorecard.financial.actions[0].nist_csf = ["GV.SC"]  # one tag removed, order kept
        session.scorecard.financial.goals[0].meti = []
        store.save(session)
        back = store.get(session.id)
    assert back.scorecard.financial.actions[0].nist_csf == ["GV.SC"]
    assert back.scorecard.financial.goals[0].meti == []
    assert back.scorecard.financial.kpis[0].meti == [8, 7]


def test_two_tagged_items_of_different_kinds_with_one_id_keep_their_own_tags(tmp_path: Path):
    # Ids are unique per session (the rules refuse a file that repeats one), but the store keeps
    # each item's tags on its own row, so it holds even such a session exactly as it was.
    session = tagged_session()
    session.scorecard.customer.goals = [Goal(id="k1", text="Same id as a KPI", meti=[10])]
    with Store.open(tmp_path / "dup.sqlite3") as store:
        store.create(session)
        assert store.get(session.id) == session
