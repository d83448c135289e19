"""The served apps' driver: a browser's Escape key stays the Escape key when the next key is already there."""

from __future__ import annotations

from textual._xterm_parser import XTermParser

from secsc_tui.serve.web_driver import parse_packet


def keys_of(*packets: str) -> list[str]:
    parser = XTermParser()
    return [event.key for packet in packets for event in parse_packet(parser, packet) if hasattr(event, "key")]


def test_escape_then_a_key_in_the_same_read_are_two_keys():
    # A lagging app reads both packets at once: Textual alone made them one key (Alt+5, "∞").
    assert keys_of("\x1b", "5") == ["escape", "5"]
    assert keys_of("\x1b", "\x1b[C", "a") == ["escape", "right", "a"]


def test_sequences_sent_whole_are_parsed_as_before():
    assert keys_of("\x1b[B\x1b[B", "\x1bOQ", "x") == ["down", "down", "f2", "x"]
