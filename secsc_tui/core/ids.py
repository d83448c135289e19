"""Short, readable, random ids for sessions and their items."""

from __future__ import annotations

import secrets

# Crockford-style base32 without look-alikes (no i, l, o, u): easy to read aloud.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

PREFIXES = {
    "session": "s",
    "workshop": "w",
    "participant": "p",
    "goal": "g",
    "csf": "c",
    "kpi": "k",
    "action": "a",
    "response": "r",
}


def new_id(kind: str, length: int = 8) -> str:
    """A new id such as "k-3f9a2cxm"; ``kind`` is one of PREFIXES."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(length))
    return f"{PREFIXES[kind]}-{token}"
