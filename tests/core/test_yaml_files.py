"""Reading session files: size limit, encoding, several sessions, and no traceback ever."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.yaml_io import MAX_FILE_BYTES, dump_session, load_sessions, read_sessions_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "yaml"

VALID = """\
schema_version: 1
id: s1
title: Café ☕
created: 2025-08-26T09:00:00Z
updated: 2025-08-26T09:00:00Z
scorecard:
  financial:
    goals:
      - id: g1
        text: |-
          Quick response
          when attacked
    csfs:
      - id: c1
        text: Early detection
        supports: [g1]
evaluation:
  responses:
    - id: r1
      usefulness: 4
"""


def refused(path: Path) -> list:
    with pytest.raises(InvalidInput) as info:
        read_sessions_file(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return info.value.problems


def test_reads_a_file(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(VALID, encoding="utf-8")
    (session,) = read_sessions_file(path)
    assert session.title == "Café ☕"
    assert read_sessions_file(str(path)) == [session]


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * int(7.3 * 2**20) + b"\n")
    (p,) = refused(path)
    assert p.message == "file is 7.3 MB; secsc reads session files up to 5 MB"


def test_file_just_over_the_limit_says_by_how_much(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (p,) = refused(path)
    assert p.message == f"file is 5.0 MB ({MAX_FILE_BYTES + 1:,} bytes); secsc reads session files up to 5 MB"


def test_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "limit.yaml"
    data = VALID.encode("utf-8")
    path.write_bytes(data + b"#" * (MAX_FILE_BYTES - len(data)))
    assert path.stat().st_size == MAX_FILE_BYTES
    assert read_sessions_file(path)[0].id == "s1"


def test_text_over_the_size_limit():
    with pytest.raises(InvalidInput) as info:
        load_sessions("#" + "é" * (MAX_FILE_BYTES // 2), filename="pasted")
    assert info.value.problems[0].message == (
        f"file is 5.0 MB ({MAX_FILE_BYTES + 1:,} bytes); secsc reads session files up to 5 MB"
    )


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    data = VALID.encode("latin-1", errors="replace")  # "Café" -> b"Caf\xe9", "☕" -> b"?"
    path.write_bytes(data)
    (p,) = refused(path)
    offset = data.index(b"\xe9")
    assert p.message == (
        f"the file is not UTF-8 text: byte 0xe9 at offset {offset} (line 3) cannot be read; save the file as UTF-8"
    )
    assert p.line == 3


def test_utf16_is_recognised(tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes(VALID.encode("utf-16"))
    (p,) = refused(path)
    assert "(it looks like UTF-16)" in p.message
    assert p.message.endswith("save the file as UTF-8")


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert read_sessions_file(path)[0].title == "Café ☕"


def test_offset_counts_the_byte_order_mark(tmp_path):
    path = tmp_path / "bom-bad.yaml"
    data = b"\xef\xbb\xbf" + b"schema_version: 1\nid: \xff\n"
    path.write_bytes(data)
    (p,) = refused(path)
    offset = data.index(b"\xff")
    assert f"byte 0xff at offset {offset} (line 2)" in p.message


def test_windows_line_endings(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes(VALID.replace("\n", "\r\n").replace("usefulness: 4", "usefulness: 8").encode("utf-8"))
    (p,) = refused(path)
    assert p.line == VALID.splitlines().index("      usefulness: 4") + 1
    path.write_bytes(VALID.replace("\n", "\r\n").encode("utf-8"))
    (session,) = read_sessions_file(path)
    assert session.scorecard.financial.goals[0].text == "Quick response\nwhen attacked"


def test_missing_file(tmp_path):
    (p,) = refused(tmp_path / "nope.yaml")
    assert p.message == "cannot read the file: No such file or directory"


def test_folder_instead_of_a_file(tmp_path):
    (p,) = refused(tmp_path)
    assert p.message.startswith("cannot read the file: ")


def test_hand_edited_multi_document_file():
    first, second = read_sessions_file(FIXTURES / "hand-edited.yaml")
    assert first.id == "hand-1" and second.id == "hand-2"
    assert first.created == dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)
    assert first.updated == dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)  # 18:00+09:00
    assert first.organisation.name == "Example Co."
    assert first.people.participants[1].team == ""
    kpi = first.scorecard.financial.kpis[0]
    assert kpi.target == 60 and type(kpi.target) is int
    assert first.scorecard.financial.csfs[0].text == "Early detection by the SOC"
    assert first.scorecard.financial.actions[0].budget == 1_500_000
    assert second.title == "Second session: minimal"


def test_billion_laughs_file_is_refused(tmp_path):
    problems = refused(FIXTURES / "billion-laughs.yaml")
    assert len(problems) == 1
    assert problems[0].message.startswith("anchors and aliases are not supported")


# -- no traceback, whatever the bytes -------------------------------------------------------


def _outcome(path: Path) -> str:
    try:
        read_sessions_file(path)
    except InvalidInput as exc:
        assert exc.problems and all(isinstance(p.message, str) and p.message for p in exc.problems)
        return "refused"
    return "read"


def _mutate(data: bytes, rng: random.Random) -> bytes:
    specials = [
        b":",
        b"-",
        b" ",
        b"\n",
        b"\t",
        b"'",
        b'"',
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a",
        b"*a",
        b"!!",
        b"#",
        b"|",
        b">",
        b"%",
        b"@",
        b"---",
        b"...",
        b"? ",
        b"\x00",
        b"\xff",
        b"\xe3\x81",
        b"\r",
        b"\\",
        b"9",
        b"1e9",
        b".inf",
        b"~",
        b"yes",
        b"<<: ",
        b"!!binary ",
        b"\xef\xbb\xbf",
    ]
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(data) + 1)
        kind = rng.random()
        if kind < 0.3 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif kind < 0.6:
            data[pos:pos] = rng.choice(specials)
        elif kind < 0.8:
            del data[pos : pos + rng.randint(1, 20)]
        else:
            del data[pos:]
    return bytes(data)


def test_random_mutations_never_raise_anything_else(tmp_path):
    rng = random.Random(7)
    base = [VALID.encode("utf-8"), (FIXTURES / "hand-edited.yaml").read_bytes()]
    path = tmp_path / "fuzz.yaml"
    outcomes = {"read": 0, "refused": 0}
    for _ in range(1500):
        path.write_bytes(_mutate(rng.choice(base), rng))
        outcomes[_outcome(path)] += 1
    assert outcomes["refused"] > 500  # the mutations do break things...
    assert outcomes["read"] > 20  # ...and some harmless ones still read


def test_every_truncation_is_read_or_refused(tmp_path):
    data = (FIXTURES / "full-session.yaml").read_bytes()[:6000]
    path = tmp_path / "cut.yaml"
    for end in range(0, len(data), 7):
        path.write_bytes(data[:end])
        _outcome(path)


def test_dumped_text_survives_being_read_back_from_disk(tmp_path):
    (session,) = load_sessions(VALID)
    path = tmp_path / "out.yaml"
    path.write_bytes(dump_session(session).encode("utf-8"))
    assert read_sessions_file(path) == [session]


# The reader resolves plain scalars itself (for speed) and keeps the tags it found; every
# value must still be what PyYAML's resolver and safe constructors make of it (as the reader
# did before), the first time and the next.
PLAIN_SCALARS = [
    "0",
    "7",
    "-3",
    "2026",
    "123456789012345678901234567890",
    "-0",
    "+5",
    "012",
    "0o17",
    "0x1F",
    "1_000",
    "1:30",
    "1.5",
    "-.5",
    "1e3",
    "1.0e+3",
    ".inf",
    "-.Inf",
    ".nan",
    "2026-03-31",
    "2025-08-26T09:00:00Z",
    "2026-3-31",
    "true",
    "False",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "null",
    "~",
    "Null",
    "<<",
    "=",
    "t",
    "nope",
    "team-0001",
    "Team 42",
    "financial",
    "7 days",
    "1 2",
    "1.2.3",
    "2026-13-45",
    "ー",
]


@pytest.mark.parametrize("text", PLAIN_SCALARS)
def test_a_plain_scalar_reads_as_pyyamls_resolver_and_constructors_read_it(text: str):
    import math

    import yaml

    from secsc_tui.core.yaml_read import _SCALAR_TAGS, _STR_TAG, _Loader, parse_documents

    loader = _Loader("")
    tag = loader.resolve(yaml.ScalarNode, text, (True, False))
    refused = False
    if tag not in _SCALAR_TAGS or tag == _STR_TAG:
        expected = text
    else:
        try:
            expected = _Loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, text))
        except ValueError:
            refused = True
    loader.dispose()
    for _time in range(2):
        [doc] = parse_documents(f"key: {text}\nlist: [{text}]\n", "f")
        if refused:
            assert [p.path for p in doc.problems] == ["key", "list[0]"]
            continue
        assert not doc.problems
        for found in (doc.value["key"], doc.value["list"][0]):
            assert type(found) is type(expected)
            assert found == expected or (math.isnan(found) and math.isnan(expected))
        assert doc.raw.get(("key",)) == (None if isinstance(expected, str) else text)
