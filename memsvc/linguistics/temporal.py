"""Time expressions in chat turns → absolute inclusive date ranges with a granularity.

A turn's timestamp is the reference: "yesterday", written on 8 May 2023, is 7 May 2023. A
regex grammar (``temporal_rules``) finds and resolves expressions; ``dateparser`` is only a
fallback for short caller-given spans (e.g. spaCy DATE entities) that name a month or weekday.
Weeks run Monday-Sunday; seasons are meteorological, northern hemisphere. Vague phrases
("recently", "the other day"), durations ("for two weeks"), frequencies ("every Friday"),
bounds ("over a year ago") and narrative-relative ones ("the next day") give nothing: a wrong
date is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateparser.conf import Settings
from dateparser.date import DateDataParser

from memsvc import dates
from memsvc.linguistics import temporal_rules as tr
from memsvc.linguistics.temporal_rules import (
    DAY,
    MONTH,
    MONTH_LOOSE,
    NUM,
    SEASON,
    UNIT,
    WEEKDAY,
    YEAR,
    Granularity,
    Resolved,
    Rule,
    compile_rule,
)

__all__ = ["Granularity", "TimeSpan", "find_time_spans", "resolve_phrase"]

EPOCH = date(1970, 1, 1)

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_DASH = "\u2013"  # en dash, as in "1\u20137 May 2023"
_SEASON_NAMES = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


@dataclass(frozen=True)
class TimeSpan:
    """A resolved time expression: inclusive dates, granularity, where it sits in the text."""

    phrase: str
    start: date
    end: date
    granularity: Granularity
    char_start: int
    char_end: int

    def label(self) -> str:
        """Human form by granularity: "7 May 2023", "week of 1 May 2023", "summer 2022"…"""
        start, end = self.start, self.end
        if self.granularity == "day":
            return day_label(start)
        if self.granularity == "week":
            return f"week of {day_label(start)}"
        if self.granularity == "weekend":
            return f"weekend of {_range_label(start, end)}"
        if self.granularity == "month":
            return f"{_MONTH_NAMES[start.month - 1]} {start.year}"
        if self.granularity == "season":
            years = (
                f"{start.year}{_DASH}{str(end.year)[2:]}" if end.year != start.year else start.year
            )
            return f"{_SEASON_NAMES[start.month]} {years}"
        if self.granularity == "year":
            return str(start.year)
        return _range_label(start, end)


def epoch_day(value: date) -> int:
    """Days since 1970-01-01: the integer form dates take in index payloads and windows."""
    return (value - EPOCH).days


def day_label(d: date) -> str:
    """7 May 2023 (no locale: month names are fixed English)."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _range_label(start: date, end: date) -> str:
    """Same month "1-7 May 2023", same year "29 May - 4 June 2023", else both dates in full."""
    if start == end:
        return day_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{_DASH}{day_label(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTH_NAMES[start.month - 1]} {_DASH} {day_label(end)}"
    return f"{day_label(start)} {_DASH} {day_label(end)}"


# --- grammar ------------------------------------------------------------------------------------

_DAY_WORDS = (
    r"(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tonight"
    r"|tomorrow|tmrw|(?:earlier|later)\s+today|this\s+(?:morning|afternoon|evening)"
    r"|last\s+night)\b"
)
_WD = rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"
_DMY = (
    rf"{_WD}(?:the\s+)?(?P<d>{DAY})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m>{MONTH_LOOSE})"
    rf"(?:,?\s+(?P<y>{YEAR})\b)?"
)
_MDY = (
    rf"{_WD}(?P<m>{MONTH_LOOSE})\s+(?:the\s+)?(?P<d>{DAY})(?:st|nd|rd|th)?\b(?!\s*(?::|am\b|pm\b|%))"
    rf"(?:,?\s+(?P<y>{YEAR})\b)?"
)
_ISO = rf"(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>{DAY})\b"
_MOD = r"(?:(?P<mod>early|mid|late)[\s-]+)?"
_MONTH_YEAR = rf"{_MOD}(?P<m>{MONTH_LOOSE}),?\s+(?:of\s+)?(?P<y>{YEAR})\b{tr._NOT_COUNT}"
_Q = r"(?P<q>last|this\s+past|this\s+coming|this|next)"
_WEEKDAY_Q = (
    rf"(?<!the\s)(?:(?:{_Q}|(?P<o>on|past))\s+)?(?P<w>{WEEKDAY})"
    r"(?:\s+(?P<pod>night|morning|afternoon|evening)\b)?"
)
_QUAL_UNIT = rf"(?<!the\s){_Q}\s+(?P<u>week|weekend|month|year)\b"
_YEAR_CTX = (
    r"(?:(?P<p>in|since|during|throughout|back\s+in|around|circa|from|in\s+the\s+year)\s+)?"
    rf"{_MOD}(?P<y>{YEAR})\b{tr._NOT_COUNT}"
)
# Anchors for "the week before <date>": the day/week/month/year expressions, groups unnamed.
_ANCHOR = tr.strip_names(
    "|".join((_ISO, _DMY, _MDY, _MONTH_YEAR, _DAY_WORDS, _WEEKDAY_Q, _QUAL_UNIT, _YEAR_CTX))
)


def _on_relative_to(m: re.Match[str], ref: datetime) -> Resolved | None:
    """the week before 9 June 2023 → the Monday-Sunday week before the one holding 9 June."""
    inner = _resolve(m.group("a"), ref)
    n = 1 if m.group("n").lower() == "the" else tr.number(m.group("n"))
    if inner is None or not n or n == tr.FEW:
        return None
    unit, before = m.group("u").lower(), m.group("dir").lower() != "after"
    pivot = inner[0] if before else inner[1]
    sign = -1 if before else 1
    if unit == "day":
        return None if inner[2] != "day" else tr.offset("day", sign * n, _noon(pivot))
    if unit == "week":
        return tr.week_of(pivot + timedelta(weeks=sign * n))
    if unit == "weekend":
        step = pivot + timedelta(days=sign)
        # Walk to the nearest Sunday before (or Saturday after) the pivot.
        saturday = (
            step - timedelta(days=(step.weekday() + 1) % 7 + 1)
            if before
            else (step + timedelta(days=(5 - step.weekday()) % 7))
        )
        return None if n != 1 else (saturday, saturday + timedelta(days=1), "weekend")
    return tr.offset(unit, sign * n, _noon(pivot))


def _on_weekday_in_week(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last week on Tuesday, two weeks ago on Saturday, Friday of next week: that week's day."""
    week = _resolve(m.group("a") or m.group("a2"), ref)
    if week is None or week[2] != "week":
        return None
    weekday = tr.WEEKDAYS[(m.group("w") or m.group("w2")).rstrip(".").lower()]
    day = week[0] + timedelta(days=weekday)
    return day, day, "day"


_WEEK_ANCHOR = rf"(?:last|this|next)\s+week|{NUM}\s+weeks?\s+ago"
_SEASON_Q = r"(?P<q>last|this\s+past|this\s+coming|this|next|past)"
_WEEKDAY_STEMS = ("day", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DIGITS, _MONTHS, _SEASONS = tr.DIGITS, tr.MONTH_STEMS, tr.SEASON_WORDS
TEXT_RULES: tuple[Rule, ...] = (
    compile_rule(
        _DAY_WORDS,
        tr.on_day_words,
        ("yesterday", "today", "tonight", "tomorrow", "tmrw", "morning", "afternoon", "evening"),
    ),
    compile_rule(
        rf"(?P<n>{NUM})\s+(?P<u>{UNIT})\s+(?P<dir>ago|from\s+now"
        r"|back(?!\s+(?:home|to|into|up|down|and|then)\b))\b",
        tr.on_ago,
        ("ago", "back", "from now"),
    ),
    compile_rule(_QUAL_UNIT, tr.on_qualified_unit, ("week", "month", "year")),
    compile_rule(
        r"(?:over|on|at|during)\s+the\s+weekend\b", tr.on_over_the_weekend, ("the weekend",)
    ),
    compile_rule(
        r"(?:(?P<p>in|over|during|for|within)\s+)?the\s+(?P<q>past|last|previous|next|coming)"
        rf"\s+(?:(?P<n>{NUM})\s+)?(?P<u>(?:day|week|month|year)s?)\b(?!\s+(?:of|before|after)\b)",
        tr.on_past_n,
        ("past", "last", "previous", "next", "coming"),
    ),
    compile_rule(
        r"(?P<w>earlier|later)\s+this\s+(?P<u>week|month|year)\b", tr.on_earlier_this, ("this",)
    ),
    compile_rule(
        rf"(?P<n>the|{NUM})\s+(?P<u>day|week|weekend|month|year)s?\s+"
        rf"(?P<dir>before|after|prior\s+to)\s+(?P<a>{_ANCHOR})",
        _on_relative_to,
        ("before", "after", "prior"),
    ),
    compile_rule(
        rf"(?P<a>{_WEEK_ANCHOR}),?\s+(?:on\s+)?(?P<w>{WEEKDAY})"
        rf"|(?:on\s+)?(?P<w2>{WEEKDAY})\s+(?:of\s+)?(?P<a2>(?:last|this|next)\s+week)\b",
        _on_weekday_in_week,
        ("week",),
    ),
    compile_rule(_WEEKDAY_Q, tr.on_weekday, _WEEKDAY_STEMS),
    compile_rule(_ISO, tr.on_date, ("-",)),
    compile_rule(
        rf"(?P<wd>{WEEKDAY}),?\s+the\s+(?P<d>{DAY})(?:st|nd|rd|th)\b", tr.on_weekday_nth, _DIGITS
    ),
    compile_rule(_DMY, tr.on_date, _DIGITS),
    compile_rule(_MDY, tr.on_date, _DIGITS),
    compile_rule(
        r"on\s+the\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b(?=\s*(?:[.,;:!?)]|$)"
        r"|\s+(?:and|but|at|when|so|because|we|i|she|he|they|you|it)\b)",
        tr.on_nth,
        ("on the",),
    ),
    compile_rule(_MONTH_YEAR, tr.on_month_year, _DIGITS),
    compile_rule(rf"(?<!the\s){_Q}\s+(?P<m>{MONTH})(?!\s*\d)", tr.on_month, _MONTHS),
    compile_rule(
        r"(?:(?P<p>in|during|since|throughout|back\s+in)\s+)?"
        rf"{_MOD}(?P<m>{MONTH})(?!['\u2019]s)(?!\s*,?\s*\d)",
        tr.on_month,
        _MONTHS,
    ),
    compile_rule(_YEAR_CTX, tr.on_year, _DIGITS),
    compile_rule(rf"(?<!the\s){_SEASON_Q}\s+(?P<s>{SEASON})\b", tr.on_season, _SEASONS),
    compile_rule(
        rf"(?:the\s+)?(?P<s>{SEASON})(?:\s+of)?,?\s+(?P<y>{YEAR})\b", tr.on_season, _SEASONS
    ),
    compile_rule(
        rf"(?:in|during|over|through|throughout|since)\s+(?:the\s+)?(?P<s>{SEASON})\b(?!\s+of\b)",
        tr.on_season,
        _SEASONS,
    ),
)
# A caller-given span is known to be temporal, so bare years, months, weekdays count there.
PHRASE_RULES: tuple[Rule, ...] = (
    *TEXT_RULES,
    compile_rule(rf"(?P<bare>){_MOD}(?P<y>{YEAR})", tr.on_year),
    compile_rule(rf"(?P<bare>){_MOD}(?P<m>{MONTH})", tr.on_month),
    compile_rule(rf"(?P<w>{WEEKDAY})", tr.on_bare_weekday),
    compile_rule(rf"(?:the\s+)?(?P<s>{SEASON})", tr.on_season),
    compile_rule(r"(?:the\s+)?weekend", tr.on_over_the_weekend),
)


def _never(m: re.Match[str], ref: datetime) -> Resolved | None:
    """Blockers resolve to nothing: their spans only shadow what they overlap."""
    return None


_BLOCKERS: tuple[Rule, ...] = (
    compile_rule(
        r"(?:the\s+other\s+(?:day|week)|one\s+day|some\s*day|recently|lately|soon|these\s+days"
        r"|nowadays|a\s+while\s+(?:ago|back))\b",
        _never,
    ),
    compile_rule(
        rf"(?:(?:more|less|fewer)\s+than|over|under|at\s+least|at\s+most|up\s+to)\s+{NUM}\s+"
        rf"{UNIT}\s+ago\b",
        _never,
        ("ago",),
    ),
    compile_rule(
        rf"(?:every|each|per)\s+(?:other\s+)?(?:{NUM}\s+)?(?:{UNIT}|weekend|{WEEKDAY}|{SEASON}"
        rf"|{MONTH})",
        _never,
        ("every", "each", "per"),
    ),
    compile_rule(rf"{NUM}[\s-]+(?:year|month|week|day)s?[\s-]+old\b", _never, ("old",)),
    compile_rule(
        r"the\s+(?:next|following|previous|last|first|final|second|third)\s+"
        rf"(?:(?:day|week|weekend|month|year)s?\b|{WEEKDAY}|{SEASON}\b)",
        _never,
        ("next", "following", "previous", "last", "first", "final", "second", "third"),
    ),
)
_COUNT_AFTER = re.compile(tr.COUNT_NOUN, re.I)
_EDGE_JUNK = " \t\r\n.,;:!?\"'()[]"

# --- dateparser fallback ------------------------------------------------------------------------

# One settings object for the module; parsers differ only by their relative base (per day).
_DATEPARSER_SETTINGS = Settings().replace(
    PREFER_DATES_FROM="past",
    PREFER_DAY_OF_MONTH="first",
    RETURN_AS_TIMEZONE_AWARE=False,
)
# Only month/weekday names, day numbers, years and glue: anything else it may misread.
_FALLBACK_SHAPE = re.compile(
    rf"(?:[\s,./-]+|the\b|of\b|{MONTH}|{WEEKDAY}|{DAY}(?:st|nd|rd|th)?\b|{YEAR}\b)+", re.I
)
_NAMED = re.compile(rf"\b(?:{MONTH}|{WEEKDAY})", re.I)
_DAY_NUMBER = re.compile(rf"\b({DAY})(?:st|nd|rd|th)?\b(?!\d)")
_YEAR_NUMBER = re.compile(rf"\b({YEAR})\b")


@lru_cache(maxsize=128)
def _date_parser(base: datetime) -> DateDataParser:
    """A parser relative to ``base``; turns of one session share a day, hence the cache."""
    return DateDataParser(
        languages=["en"], settings=_DATEPARSER_SETTINGS.replace(RELATIVE_BASE=base)
    )


def _fallback(phrase: str, ref: datetime) -> Resolved | None:
    """dateparser on a short month/weekday phrase, kept only if it agrees with the phrase."""
    if len(phrase) > 40 or not _FALLBACK_SHAPE.fullmatch(phrase) or not _NAMED.search(phrase):
        return None
    try:
        data = _date_parser(_noon(ref.date())).get_date_data(phrase)
    except (OverflowError, ValueError):  # relative to a reference at the calendar's edge
        return None
    if data.date_obj is None or not dates.supported(data.date_obj.date()):
        return None
    got: date = data.date_obj.date()
    years = {int(y) for y in _YEAR_NUMBER.findall(phrase)}
    days = {int(d) for d in _DAY_NUMBER.findall(_YEAR_NUMBER.sub(" ", phrase))}
    if years - {got.year} or days - {got.day} or not _names_agree(phrase, got):
        return None
    if data.period == "day":
        return got, got, "day"
    if data.period == "month" and not days:
        return tr.month_of(got.year, got.month)
    if data.period == "year" and years and not days:
        return tr.year_of(got.year)
    return None


def _names_agree(phrase: str, got: date) -> bool:
    """Every month or weekday the phrase names is the parsed date's."""
    for m in _NAMED.finditer(phrase):
        word = m.group(0).rstrip(".").lower()
        month = tr.month_number(m.group(0), strict=True)
        if month is not None and month != got.month:
            return False
        if month is None and tr.WEEKDAYS.get(word, got.weekday()) != got.weekday():
            return False
    return True


# --- API ----------------------------------------------------------------------------------------


def _noon(d: date) -> datetime:
    """Midday of ``d``: a date-only reference then never slips a day under hour arithmetic."""
    return datetime.combine(d, time(12))


def _as_datetime(reference: datetime | date) -> datetime:
    """The reference as a naive datetime (dates are taken at noon)."""
    if isinstance(reference, datetime):
        return reference.replace(tzinfo=None)
    return _noon(reference)


def _resolve(phrase: str, ref: datetime) -> Resolved | None:
    """Rules on the whole phrase (with and without a leading preposition), then dateparser."""
    clean = " ".join(phrase.strip(_EDGE_JUNK).split())
    if not clean or len(clean) > 60:
        return None
    prep = tr.PREPS.match(clean)
    bare = clean[prep.end() :] if prep else clean
    for candidate in dict.fromkeys((clean, bare)):
        matched, resolved = tr.full_match(PHRASE_RULES, candidate, ref)
        if matched:
            return resolved
    if any(b.pattern.search(clean) for b in _BLOCKERS):
        return None
    return _fallback(bare, ref)


def resolve_phrase(phrase: str, reference: datetime | date) -> TimeSpan | None:
    """Resolve one phrase known to be temporal ("last summer", "in May 2023"), else None."""
    resolved = _resolve(phrase, _as_datetime(reference))
    if resolved is None:
        return None
    return TimeSpan(phrase.strip(_EDGE_JUNK), *resolved, char_start=-1, char_end=-1)


_Found = tuple[int, int, Resolved | None]  # None marks a blocker's span


def find_time_spans(
    text: str, reference: datetime | date, *, candidates: Sequence[tuple[int, int]] = ()
) -> list[TimeSpan]:
    """Time expressions in ``text`` (plus resolvable ``candidates``), non-overlapping, in order."""
    ref = _as_datetime(reference)
    found: list[_Found] = []
    found += tr.scan(TEXT_RULES, text, ref)
    lowered = text.lower()
    for blocker in _BLOCKERS:
        if blocker.may_match(lowered):
            found += [(m.start(), m.end(), None) for m in blocker.pattern.finditer(text)]
    # Overlaps are settled on whole matches, so "in the last year" beats the blocker inside it.
    kept = [_trim(text, *f) for f in _select(found, [])]
    extra: list[_Found] = []
    for s, e in candidates:
        s, e, _ = _trim(text, s, e, None)
        # A bare number is a year only if no count noun follows it ("in 2000 people").
        if text[s:e].isdigit() and _COUNT_AFTER.match(text, e):
            continue
        resolved = _resolve(text[s:e], ref) if e > s else None
        if resolved is not None:
            extra.append((s, e, resolved))
    # Rule matches (and blockers) win over candidates they overlap.
    kept = _select(extra, kept)
    return [
        TimeSpan(text[s:e], r[0], r[1], r[2], s, e)
        for s, e, r in sorted(kept, key=lambda f: f[0])
        if r is not None
    ]


def _trim(text: str, start: int, end: int, resolved: Resolved | None) -> _Found:
    """Drop edge punctuation and a leading plain preposition ("in May" is reported as "May")."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    prep = tr.PREPS.match(text, start, end)
    if prep and prep.end() < end:
        start = prep.end()
    return start, end, resolved


def _select(found: list[_Found], kept: list[_Found]) -> list[_Found]:
    """Add ``found`` to ``kept`` longest first, skipping overlaps; blockers win ties."""
    out = list(kept)
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[2] is not None, f[0])):
        if all(item[1] <= s or item[0] >= e for s, e, _ in out):
            out.append(item)
    return out
