"""Atomic writes: never through a planted link, never more open than the file they replace."""

from __future__ import annotations

import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from secsc_tui.core.files import current_umask, write_bytes_atomically, write_text_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_link_planted_at_the_old_temporary_name_is_not_followed(tmp_path: Path):
    # The temporary name used to be .NAME.tmp-PID, opened with open("w"): a symlink
    # planted there had its target overwritten.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "out.yaml"
    planted = tmp_path / f".{target.name}.tmp-{os.getpid()}"
    planted.symlink_to(victim)
    write_text_atomically(target, "exported\n")
    assert victim.read_text() == "precious\n"
    assert target.read_text() == "exported\n" and not target.is_symlink()
    assert planted.is_symlink()  # not ours: left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([victim.name, target.name, planted.name])


def test_nothing_is_left_behind_when_writing_fails(tmp_path: Path):
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")

    class Boom(Exception):
        pass

    from secsc_tui.core.files import atomic_file

    with pytest.raises(Boom), atomic_file(target, "wb") as handle:
        handle.write(b"half")
        raise Boom
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_ctrl_c_just_after_the_temporary_file_is_created_leaves_nothing_behind(tmp_path: Path, monkeypatch):
    # The worst moment: the file exists, and the code that removes it has not started yet.
    import tempfile

    from secsc_tui.core.files import atomic_file

    if threading.current_thread() is not threading.main_thread():
        pytest.skip("Ctrl+C only reaches the main thread")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal
    created = tempfile.mkstemp

    def mkstemp_then_ctrl_c(*args, **kwargs):
        made = created(*args, **kwargs)
        # At the main thread, as the kernel delivers a terminal's Ctrl+C to the command line
        # (one thread). The test runner may have other threads, which would take it instead.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_ctrl_c)
    target = tmp_path / "team.yaml"
    try:
        with pytest.raises(KeyboardInterrupt), atomic_file(target) as handle:
            handle.write("never written")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert list(tmp_path.iterdir()) == []


def test_the_mode_of_the_replaced_file_is_kept(tmp_path: Path):
    target = tmp_path / "private.yaml"
    target.write_text("old")
    target.chmod(0o600)
    write_text_atomically(target, "new")
    assert mode(target) == 0o600
    target.chmod(0o640)
    write_bytes_atomically(target, b"newer")
    assert mode(target) == 0o640


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o027])
def test_a_new_file_follows_the_umask(tmp_path: Path, umask: int):
    old = os.umask(umask)
    try:
        assert current_umask() == umask
        target = tmp_path / "new.md"
        write_text_atomically(target, "x")
    finally:
        os.umask(old)
    assert mode(target) == 0o666 & ~umask


# -- several files flushed together (write_files_atomically) ---------------------------


def written_together(tmp_path: Path, count: int, **patches) -> tuple[list[Path], list[Path], BaseException | None]:
    """Write ``count`` files together: (their paths, those told as written, what was raised)."""
    from secsc_tui.core.files import write_files_atomically

    paths = [tmp_path / f"team-{n}.yaml" for n in range(count)]
    told: list[Path] = []
    try:
        write_files_atomically(((p, f"id: team-{n}\nタイトル: 第{n}班\n") for n, p in enumerate(paths)), told.append)
    except BaseException as exc:  # noqa: BLE001 - returned for the test to look at
        return paths, told, exc
    return paths, told, None


def test_files_written_together_are_whole_in_order_and_follow_the_modes(tmp_path: Path):
    private = tmp_path / "team-1.yaml"
    private.write_text("old\n")
    private.chmod(0o600)
    paths, told, raised = written_together(tmp_path, 12)
    assert raised is None and told == paths
    assert [p.read_bytes() for p in paths] == [f"id: team-{n}\nタイトル: 第{n}班\n".encode() for n in range(12)]
    assert mode(private) == 0o600 and mode(paths[0]) == 0o666 & ~current_umask()
    assert sorted(tmp_path.iterdir()) == sorted(paths)  # no temporary file left


def test_a_full_disk_completes_the_files_before_it_and_leaves_no_other(tmp_path: Path, monkeypatch):
    from secsc_tui.core import files

    real_write = files._write_fully

    def write(fd: int, data: bytes) -> None:
        if data.startswith(b"id: team-3\n"):
            raise OSError(28, "No space left on device")
        real_write(fd, data)

    monkeypatch.setattr(files, "_write_fully", write)
    paths, told, raised = written_together(tmp_path, 6)
    assert isinstance(raised, OSError) and raised.errno == 28
    assert told == paths[:3]
    assert sorted(tmp_path.iterdir()) == sorted(paths[:3])


def test_a_file_that_cannot_be_flushed_stops_there(tmp_path: Path, monkeypatch):
    from secsc_tui.core import files

    real_flush = files._flush_together

    def flush(fds: list[int]) -> list[OSError | None]:
        results = real_flush(fds)
        results[2] = OSError(5, "Input/output error")
        return results

    monkeypatch.setattr(files, "_flush_together", flush)
    paths, told, raised = written_together(tmp_path, 5)
    assert isinstance(raised, OSError) and raised.errno == 5
    assert told == paths[:2] and sorted(tmp_path.iterdir()) == sorted(paths[:2])


def test_ctrl_c_while_files_are_told_keeps_those_told_and_no_other(tmp_path: Path):
    from secsc_tui.core.files import write_files_atomically

    paths = [tmp_path / f"team-{n}.yaml" for n in range(4)]
    told: list[Path] = []

    def tell(path: Path) -> None:
        told.append(path)
        if len(told) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_files_atomically(((p, "id: x\n") for p in paths), tell)
    assert told == paths[:2] and sorted(tmp_path.iterdir()) == sorted(paths[:2])
