"""SVG snapshots of what a served participant sees first: the join screen, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import empty_database
from test_screens import FIXED_NOW, SAMPLE_NAMES, SIZES, sample, settle, stable_environment  # noqa: F401

from secsc_tui.app.participant import ParticipantApp
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop


def participant_app() -> ParticipantApp:
    """The four samples as the teams of a served workshop; nobody has joined yet."""
    store = Store.open(empty_database("secsc.sqlite3"))
    try:
        store.create_workshop(Workshop(id="w-nagoya", name="Nagoya 2025-08-26", created=FIXED_NOW, updated=FIXED_NOW))
        for name in SAMPLE_NAMES:
            store.create(sample(name), workshop_id="w-nagoya")
    finally:
        store.close()
    return ParticipantApp(
        db="secsc.sqlite3", workshop_id="w-nagoya", config_dir=Path("config"), clock=lambda: FIXED_NOW
    )


async def typed_a_name(pilot) -> None:
    await settle(pilot)
    for _ in range(100):
        if pilot.app.screen._loaded:
            break
        await pilot.pause(0.05)
    await pilot.press(*"Ana", "enter")  # the name, then on to the teams
    await pilot.pause(0.3)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_join_screen(snap_compare, size):
    assert snap_compare(participant_app(), terminal_size=size, run_before=typed_a_name)
