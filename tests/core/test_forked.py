"""Work done by forked children, one batch at a time, in order (core/forked.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secsc_tui.core.forked import CRASHED, MAP_AT_LEAST, BatchFailed, ForkedBatches, MapInTwo, can_fork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: the work runs in the parent")


def note(log: Path, text: str, status: int = 0):
    """Work that appends "text pid" to ``log`` and returns ``status``."""

    def work() -> int:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{text} {os.getpid()}\n")
        return status

    return work


def lines(log: Path) -> list[list[str]]:
    return [line.split() for line in log.read_text(encoding="utf-8").splitlines()]


def test_each_batch_runs_in_its_own_child_in_order(tmp_path: Path):
    log = tmp_path / "log"
    with ForkedBatches(fork=True) as batches:
        for n in range(5):
            batches.submit(note(log, f"batch-{n}"))
    done = lines(log)
    assert [text for text, _pid in done] == [f"batch-{n}" for n in range(5)]
    pids = {int(pid) for _text, pid in done}
    assert len(pids) == 5 and os.getpid() not in pids


def test_a_failed_batch_stops_the_next_one(tmp_path: Path):
    log = tmp_path / "log"
    with pytest.raises(BatchFailed) as failed, ForkedBatches(fork=True) as batches:
        batches.submit(note(log, "first", status=1))
        batches.submit(note(log, "second"))  # waits for the first, which failed
    assert failed.value.status == 1
    assert [text for text, _pid in lines(log)] == ["first"]


def test_the_last_batch_failing_is_told_on_leaving(tmp_path: Path):
    log = tmp_path / "log"
    with pytest.raises(BatchFailed) as failed, ForkedBatches(fork=True) as batches:
        batches.submit(note(log, "only", status=3))
    assert failed.value.status == 3


def test_work_that_raises_ends_its_child_as_crashed(tmp_path: Path):
    def broken() -> int:
        raise ValueError("a bug")

    with pytest.raises(BatchFailed) as failed, ForkedBatches(fork=True) as batches:
        batches.submit(broken)
    assert failed.value.status == CRASHED


def test_a_child_killed_by_a_signal_is_reported_as_a_shell_would(tmp_path: Path):
    def killed() -> int:
        os.kill(os.getpid(), 9)
        return 0

    with pytest.raises(BatchFailed) as failed, ForkedBatches(fork=True) as batches:
        batches.submit(killed)
    assert failed.value.status == 128 + 9


def test_leaving_on_an_error_still_waits_for_the_child(tmp_path: Path):
    log = tmp_path / "log"
    with pytest.raises(RuntimeError), ForkedBatches(fork=True) as batches:
        batches.submit(note(log, "written"))
        raise RuntimeError("reading the next batch failed")
    assert [text for text, _pid in lines(log)] == ["written"]  # finished before the block was left


def test_without_fork_the_work_runs_here(tmp_path: Path):
    log = tmp_path / "log"
    with ForkedBatches(fork=False) as batches:
        batches.submit(note(log, "here"))
        with pytest.raises(BatchFailed):
            batches.submit(note(log, "failing", status=1))
    assert [(text, int(pid)) for text, pid in lines(log)] == [("here", os.getpid()), ("failing", os.getpid())]


def tagged(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def slowly_tagged(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough for the child to start and take its share
    return tagged(item)


def test_map_in_two_gives_the_results_in_order_the_first_from_here_the_last_from_a_child():
    items = list(range(200))
    results = MapInTwo(slowly_tagged, items, fork=True).results()
    assert [value for value, _pid in results] == [i * i for i in items]
    pids = [pid for _value, pid in results]
    here = pids.count(os.getpid())
    assert 0 < here < len(items)  # both took a share, wherever they met
    assert pids[:here] == [os.getpid()] * here
    assert len(set(pids[here:])) == 1


def test_map_in_two_the_faster_takes_more():
    parent = os.getpid()

    def slow_in_the_child(item: int) -> tuple[int, int]:
        time.sleep(0.001 if os.getpid() == parent else 0.004)
        return tagged(item)

    pids = [pid for _value, pid in MapInTwo(slow_in_the_child, list(range(200)), fork=True).results()]
    assert pids.count(parent) > 120  # ~160 of 200: four times as fast


def test_map_in_two_takes_in_results_far_bigger_than_a_pipe_holds():
    def big(item: int) -> str:
        return str(item) * 200_000  # ~1 MB each, several in the pipe at once

    assert MapInTwo(big, list(range(24)), fork=True).results() == [str(i) * 200_000 for i in range(24)]


def test_map_in_two_does_a_few_items_here():
    results = MapInTwo(tagged, list(range(MAP_AT_LEAST - 1)), fork=True).results()
    assert {pid for _value, pid in results} == {os.getpid()}


def test_map_in_two_does_the_childs_half_here_when_the_child_cannot_send_it():
    parent = os.getpid()

    def unpicklable(item: int):
        return (item, os.getpid(), (lambda: item) if os.getpid() != parent else None)

    results = MapInTwo(unpicklable, list(range(40)), fork=True).results()
    assert [item for item, _pid, _f in results] == list(range(40))
    assert {pid for _item, pid, _f in results} == {parent}  # the child's half was done again here


def test_map_in_two_does_the_childs_half_here_when_the_child_is_killed():
    parent = os.getpid()

    def dies_in_a_child(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return tagged(item)

    results = MapInTwo(dies_in_a_child, list(range(40)), fork=True).results()
    assert results == [(i * i, parent) for i in range(40)]


def test_nothing_is_forked_while_other_threads_run():
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        assert {pid for _value, pid in MapInTwo(tagged, list(range(100))).results()} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_when_no_process_can_be_forked_the_work_is_done_here(tmp_path: Path, monkeypatch):
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert MapInTwo(tagged, list(range(40)), fork=True).results() == [(i * i, os.getpid()) for i in range(40)]
    log = tmp_path / "log"
    with ForkedBatches(fork=True) as batches:
        batches.submit(note(log, "here"))
    assert lines(log) == [["here", str(os.getpid())]]


def test_leaving_before_the_results_ends_the_child_at_once():
    def slow(item: int) -> int:
        time.sleep(0.05)  # 200 items: ten seconds for the child alone
        return item

    started = time.monotonic()
    with pytest.raises(RuntimeError), MapInTwo(slow, list(range(200)), fork=True) as shared:
        child = shared._pid
        assert child is not None
        raise RuntimeError("the database could not be opened")
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):  # ended and reaped
        os.waitpid(child, os.WNOHANG)


def test_the_child_starts_before_the_results_are_asked_for():
    with MapInTwo(slowly_tagged, list(range(100)), fork=True) as shared:
        time.sleep(0.5)  # the parent busy elsewhere (opening a database): the child works on
        results = shared.results()
    here = [pid for _value, pid in results].count(os.getpid())
    assert here < 50


@given(
    count=st.integers(MAP_AT_LEAST, 120),
    here_us=st.integers(0, 800),
    there_us=st.integers(0, 800),
    head_start_ms=st.integers(0, 30),
)
@settings(max_examples=25, deadline=None)
def test_map_in_two_gives_every_result_once_in_order_however_fast_each_side_is(count, here_us, there_us, head_start_ms):
    parent = os.getpid()

    def paced(item: int) -> tuple[int, int]:
        time.sleep((here_us if os.getpid() == parent else there_us) / 1e6)
        return tagged(item)

    with MapInTwo(paced, list(range(count)), fork=True) as shared:
        time.sleep(head_start_ms / 1000)
        results = shared.results()
    assert [value for value, _pid in results] == [i * i for i in range(count)]
    pids = [pid for _value, pid in results]
    here = pids.count(parent)
    assert pids[:here] == [parent] * here  # the parent's from the front, the child's from the back


def test_results_are_told_in_order_once_each_those_done_here_as_they_come():
    told: list = []
    child_still_working: list[bool] = []

    def tell(result) -> None:
        if not told:
            child_still_working.append(shared._pid is not None)
        told.append(result)

    with MapInTwo(slowly_tagged, list(range(200)), fork=True) as shared:
        results = shared.results(in_order=tell)
    assert told == results
    assert [value for value, _pid in results] == [i * i for i in range(200)]
    assert child_still_working == [True]  # the first was told long before the end


def test_results_are_told_in_order_without_a_child_too():
    told: list = []
    assert MapInTwo(tagged, [1, 2, 3]).results() == MapInTwo(tagged, [1, 2, 3]).results(in_order=told.append) == told
