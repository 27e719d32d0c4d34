"""The span of dates memsvc accepts and reasons about.

Python's calendar ends at years 1 and 9999, and time arithmetic ("the week after", a day window
around a date, epoch seconds) steps past those ends. Keeping every accepted timestamp and every
date read from text inside years 1000-8999 leaves centuries of headroom for that arithmetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(8999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
RANGE_TEXT = "between 1000-01-01 and 8999-12-31"


def supported(day: date) -> bool:
    """Whether a date lies inside the supported span."""
    return EARLIEST.date() <= day <= LATEST.date()
