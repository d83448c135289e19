"""The app processes' driver: Textual's web driver, with the Escape key never merged into the next key.

A browser tab sends every key as its own stdin message (textual.js), and the
server relays each as its own packet, so a packet holding just ESC is the
Escape key. Textual's parser cannot know that: after an ESC it waits for what
follows, and when the app lags (thirty tabs on two cores) the next key is
already there, so Escape then ``5`` became Alt+5 and Escape then ``→`` an
unknown sequence: the field kept the focus and took the keys meant for the
next step (seen under load: a CSF's text typed into the goal). Here a lone
ESC packet is the Escape key at once.

Loaded only in the app processes (``TEXTUAL_DRIVER``), never by the server.
"""

from __future__ import annotations

from codecs import getincrementaldecoder
from collections.abc import Iterable

from textual import log
from textual._xterm_parser import XTermParser
from textual.drivers._byte_stream import ByteStream
from textual.drivers.web_driver import WebDriver, _ExitInput
from textual.message import Message

ESC = "\x1b"


def parse_packet(parser: XTermParser, text: str) -> Iterable[Message]:
    """The events of one stdin packet; a packet that is just ESC is the Escape key, not a prefix."""
    yield from parser.feed(text)
    if text == ESC:
        # What the parser does when no other key follows in time. (Textual is
        # pinned exactly, pyproject.toml: the deadline is where it keeps the wait.)
        parser._timeout_time = 0.0
        yield from parser.tick()


class ServedWebDriver(WebDriver):
    def run_input_thread(self) -> None:
        """Textual's loop (WebDriver.run_input_thread, 8.2.8), each stdin packet parsed on its own."""
        input_reader = self._input_reader
        parser = XTermParser(debug=self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        byte_stream = ByteStream()
        try:
            for data in input_reader:
                if data:
                    for packet_type, payload in byte_stream.feed(data):
                        if packet_type == "D":
                            for event in parse_packet(parser, decode(payload)):
                                self.process_message(event)
                        else:
                            self._on_meta(packet_type, payload)
                for event in parser.tick():
                    self.process_message(event)
        except _ExitInput:
            pass
        except Exception:  # noqa: BLE001 - as Textual's loop: logged, and the input ends
            from traceback import format_exc

            log(format_exc())
        finally:
            input_reader.close()
