"""A database server that does not answer, or a network that drops: given up on in seconds, in words."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store, database
from secsc_tui.core.store.database import CONNECT_TIMEOUT_SECONDS, KEEPALIVES, server_connect_args


def test_a_server_connection_has_time_limits_unless_the_url_sets_its_own():
    assert server_connect_args("postgresql+psycopg://trainer@db.example/secsc") == {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        **KEEPALIVES,
    }
    given = server_connect_args("postgresql+psycopg://trainer@db.example/secsc?connect_timeout=3&keepalives_idle=5")
    assert "connect_timeout" not in given and "keepalives_idle" not in given  # the URL's own are used
    assert given["keepalives"] == 1
    assert server_connect_args("sqlite:///secsc.sqlite3") == {}


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a server hung, a proxy to nowhere)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_server_that_never_answers_is_given_up_on_with_a_message(silent_server: int, monkeypatch):
    pytest.importorskip("psycopg")
    monkeypatch.setattr(database, "CONNECT_TIMEOUT_SECONDS", 1)
    outcome: list[BaseException | Store] = []

    def open_it() -> None:
        try:
            outcome.append(Store.open(f"postgresql+psycopg://trainer@127.0.0.1:{silent_server}/secsc"))
        except BaseException as exc:  # noqa: BLE001 - looked at below
            outcome.append(exc)

    started = time.monotonic()
    opening = threading.Thread(target=open_it, daemon=True)  # libpq's own default is to wait for ever
    opening.start()
    opening.join(timeout=15)
    assert outcome, "still waiting for the server after 15 s"
    assert time.monotonic() - started < 8
    [refused] = outcome
    assert isinstance(refused, DatabaseError)
    assert "127.0.0.1" in str(refused) and "Traceback" not in str(refused)


def test_the_command_line_gives_up_on_a_silent_server_in_words(silent_server: int):
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://trainer@127.0.0.1:{silent_server}/secsc?connect_timeout=1"
    run = subprocess.run(
        [sys.executable, "-m", "secsc_tui", "--db", url, "list"], capture_output=True, text=True, timeout=30
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr and "127.0.0.1" in run.stderr
