"""Garbage collection by hand (core/gc_by_hand.py): paused inside, given back as it was found."""

import gc

import pytest

from secsc_tui.core.gc_by_hand import garbage_collected_by_hand


@pytest.fixture(autouse=True)
def _collection_as_found():
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    if not frozen:
        gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_inside_collection_is_paused_and_what_was_alive_is_set_aside():
    gc.unfreeze()
    gc.enable()
    alive_before = [object()]
    with garbage_collected_by_hand():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert not any(o is alive_before for o in gc.get_objects())  # frozen: no collection walks it
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_pause_or_a_freeze_that_was_there_stays():
    gc.disable()
    gc.freeze()
    frozen = gc.get_freeze_count()
    with garbage_collected_by_hand():
        pass
    assert not gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_given_back_when_the_block_raises():
    gc.unfreeze()
    gc.enable()
    with pytest.raises(KeyboardInterrupt), garbage_collected_by_hand():
        raise KeyboardInterrupt
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_inside_waits_for_a_collection_by_hand():
    gc.unfreeze()
    gc.enable()

    class Node:
        pass

    with garbage_collected_by_hand():
        gc.collect()  # what was pending before: out of the way
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        del cycle
        for _ in range(100_000):  # many times what would start an automatic collection
            [[]]  # noqa: B018
        assert any(type(o) is Node for o in gc.get_objects())
        assert gc.collect(1) >= 1
        assert not any(type(o) is Node for o in gc.get_objects())
