"""Every value of the model has a name for people."""

import pytest

from secsc_tui.core import labels
from secsc_tui.core.model import (
    ActionStatus,
    Approach,
    Column,
    Direction,
    Frequency,
    Layer,
    OrgSize,
    Perspective,
    Sector,
    Step,
)


@pytest.mark.parametrize(
    ("enum", "name"),
    [
        (Perspective, labels.perspective_name),
        (Column, labels.column_name),
        (Column, labels.item_name),
        (Approach, labels.approach_name),
        (Sector, labels.sector_name),
        (OrgSize, labels.size_name),
        (Layer, labels.layer_name),
        (ActionStatus, labels.status_name),
        (Frequency, labels.frequency_name),
        (Direction, labels.direction_name),
        (Step, labels.step_name),
        (Step, lambda step: labels.step_name(step, short=True)),
    ],
)
def test_every_value_is_named(enum, name):
    names = [name(value) for value in enum]
    assert all(names) and len(set(names)) == len(names)


def test_short_forms():
    assert labels.perspective_name(Perspective.INTERNAL_PROCESSES, short=True) == "Processes"
    assert (labels.step_name(Step.EVALUATION), labels.step_name(Step.EVALUATION, short=True)) == (
        "Evaluation",
        "Ratings",
    )
    assert labels.column_name(Column.CSFS, short=True) == "CSFs"
    assert set(labels.STATUS_MARKS) == set(ActionStatus)
