"""How long an SQLite writer waits for another before it gives up with "busy".

Fifteen seconds: eight processes saving to one file on a loaded two-core laptop (a
served workshop, the store benchmark's writers) have kept one waiting over five, SQLite's
waiting being first come, not first served. Waiting never holds up typing: saves run
off the UI thread, and WAL lets readers go on while a writer waits.
"""

from __future__ import annotations

BUSY_TIMEOUT_MS = 15_000
