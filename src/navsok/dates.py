"""Publication dates in Norwegian text: 2026-11-24, 24.11.2026, 24. november 2026, kl. 10.15."""

from __future__ import annotations

import re
from datetime import datetime

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4,
    "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "desember": 12, "des": 12,
}  # fmt: skip

_DATE_LINE = re.compile(
    r"^(?:Publisert|Publisert dato|Dato|Date|Published)\s*:?\s*(?P<date>.+?)\s*$", re.I | re.M
)
_TIME = r"(?:[T ]|\s+(?:kl\.?\s*)?)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:{_TIME})?"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?:{_TIME})?"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\.?\s+(?P<month>[a-zæøå]+)\.?\s+(?P<year>\d{{4}})(?:,?{_TIME})?",
        re.I,
    ),
)


def parse_date(text: str) -> datetime | None:
    """The first date in ``text``: ISO (2026-11-24), 24.11.2026 or 24. november 2026.

    A time of day (``10:15``, ``kl. 10.15``) right after the date is kept.
    """
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _date_from_match(match)
            if value is not None:
                found.append((match.start(), value))
                break
    return min(found, key=lambda item: item[0])[1] if found else None


def _date_from_match(match: re.Match) -> datetime | None:
    month = match["month"]
    month = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    try:
        return datetime(
            int(match["year"]),
            month or 0,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
        )
    except ValueError:
        return None


def find_date(text: str) -> datetime | None:
    """The publication date from a ``Publisert: …`` (or ``Dato:``) line."""
    for match in _DATE_LINE.finditer(text):
        value = parse_date(match["date"])
        if value is not None:
            return value
    return None
