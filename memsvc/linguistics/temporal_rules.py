"""Regex grammar and calendar arithmetic behind ``temporal``: phrase → (start, end, granularity).

Each rule is a precompiled pattern plus a handler that turns a match and the reference moment
into an inclusive date range, or ``None`` when the match is not a usable time expression.
Blockers are patterns whose matches (durations, frequencies, ages, narrative-relative phrases)
must suppress any time span they overlap: precision over recall.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from memsvc import dates

Granularity = Literal["day", "week", "weekend", "month", "season", "year", "range"]
Resolved = tuple[date, date, Granularity]
Handler = Callable[[re.Match[str], datetime], Resolved | None]

# --- calendar arithmetic ------------------------------------------------------------------------

SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
FEW = -1  # "a few": resolved to a 2..4 range rather than a guessed exact count


def week_of(d: date) -> Resolved:
    """The Monday-Sunday week containing ``d``."""
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6), "week"


def month_of(year: int, month: int) -> Resolved:
    """A whole calendar month."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last), "month"


def year_of(year: int) -> Resolved:
    """A whole calendar year."""
    return date(year, 1, 1), date(year, 12, 31), "year"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def weekend_of_week(d: date, weeks: int = 0) -> Resolved:
    """Saturday-Sunday of the Monday-based week containing ``d``, moved by ``weeks``."""
    saturday = d - timedelta(days=d.weekday()) + timedelta(days=5 + 7 * weeks)
    return saturday, saturday + timedelta(days=1), "weekend"


def season_of(name: str, start_year: int) -> Resolved:
    """A meteorological season (northern hemisphere); winter starts in December."""
    first = SEASON_MONTHS[name]
    end_year, end_month = shift_month(start_year, first, 2)
    return date(start_year, first, 1), month_of(end_year, end_month)[1], "season"


def season_relative(name: str, qualifier: str, ref: date) -> Resolved:
    """last = latest one already over; next = first not yet begun; this = the one of this year."""
    if qualifier == "last":
        year = ref.year
        while season_of(name, year)[1] >= ref:
            year -= 1
        return season_of(name, year)
    if qualifier == "next":
        year = ref.year - 1
        while season_of(name, year)[0] <= ref:
            year += 1
        return season_of(name, year)
    if name == "winter":  # the winter "of" a year straddles it: autumn looks ahead to December
        return season_of(name, ref.year if ref.month >= 9 else ref.year - 1)
    return season_of(name, ref.year)


def season_past(name: str, ref: date) -> Resolved:
    """The season under way at ``ref`` if any, else the latest finished one."""
    for year in (ref.year, ref.year - 1):
        span = season_of(name, year)
        if span[0] <= ref <= span[1]:
            return span
    return season_relative(name, "last", ref)


def month_relative(month: int, qualifier: str, ref: date) -> Resolved:
    """last/next skip the current month; this = in the reference year; past = latest started."""
    if qualifier == "last":
        year = ref.year if month < ref.month else ref.year - 1
    elif qualifier == "next":
        year = ref.year if month > ref.month else ref.year + 1
    elif qualifier == "this":
        year = ref.year
    else:
        year = ref.year if month <= ref.month else ref.year - 1
    return month_of(year, month)


def part_of(span: Resolved, modifier: str | None) -> Resolved:
    """Early / mid / late thirds of a month, or of a year (Jan-Apr, May-Aug, Sep-Dec)."""
    if not modifier:
        return span
    start, end, gran = span
    third = modifier.lower()[0]
    if gran == "year":
        months = {"e": (1, 4), "m": (5, 8), "l": (9, 12)}[third]
        return date(start.year, months[0], 1), month_of(start.year, months[1])[1], "range"
    days = {"e": (1, 10), "m": (11, 20), "l": (21, end.day)}[third]
    return start.replace(day=days[0]), start.replace(day=days[1]), "range"


def day_or_none(year: int, month: int, day: int) -> date | None:
    """A valid date, or None for 31 June and friends."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- vocabulary ---------------------------------------------------------------------------------

MONTHS = {
    name: i
    for i, names in enumerate(
        "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august|"
        "sep sept september|oct october|nov november|dec december".split("|"),
        start=1,
    )
    for name in names.split()
}
WEEKDAYS = {
    name: i
    for i, names in enumerate(
        "monday mon|tuesday tue tues|wednesday wed|thursday thu thur thurs|friday fri|"
        "saturday sat|sunday sun".split("|")
    )
    for name in names.split()
}
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"a": 1, "an": 1, "fifteen": 15, "twenty": 20, "thirty": 30}

# "May" and "March" are also a modal and a verb: lower case counts only next to a year.
_MONTH_SAFE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH = rf"(?:{_MONTH_SAFE}|(?-i:Mar(?:ch)?|MAR(?:CH)?|May|MAY))\b\.?"
MONTH_LOOSE = rf"(?:{_MONTH_SAFE}|mar(?:ch)?|may)\b\.?"
# Abbreviated weekdays are ordinary words ("sat", "sun"): only capitalised ones count.
WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)"
)
SEASON = r"(?:spring|summer|autumn|fall|winter)"
YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
NUM = (
    r"(?:\d{1,3}|a\s+few|a\s+couple(?:\s+of)?|couple(?:\s+of)?|few|several|an?|one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
)
UNIT = r"(?:minute|min|hour|hr|day|week|fortnight|month|year)s?\b"
# What may follow a bare year without making it a count ("in 2000 people").
COUNT_NOUN = (
    r"\s*(?:%|\$|[-/:.,]?\d|k\b|people|persons|dollars|bucks|euros|pounds|miles|km|steps"
    r"|words|calories|points|followers|views|times|members|students|users|copies|[a-z]+ers\b)"
)
_NOT_COUNT = rf"(?!{COUNT_NOUN})"
PREPS = re.compile(
    r"(?:(?:in|on|at|during|since|throughout|back\s+in|around|circa|from)\s+)+",
    re.I,
)


def number(text: str) -> int | None:
    """A count from digits or words; FEW for "a few"; None for vague "several"."""
    word = " ".join(text.lower().split())
    if "few" in word:
        return FEW
    if "couple" in word:
        return 2
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def month_number(word: str, *, strict: bool) -> int | None:
    """Month index; with ``strict`` the lower-case "may"/"march" words are refused."""
    clean = word.rstrip(".")
    if strict and clean.lower() in {"may", "mar", "march"} and clean[0].islower():
        return None
    return MONTHS.get(clean.lower())


def strip_names(fragment: str) -> str:
    """The fragment with named groups made non-capturing, for reuse inside other patterns."""
    return re.sub(r"\(\?P<\w+>", "(?:", fragment)


@dataclass(frozen=True)
class Rule:
    """One pattern of the grammar, its resolver, and words one of which it cannot match without."""

    pattern: re.Pattern[str]
    handler: Handler
    needs: tuple[str, ...] = ()

    def may_match(self, lowered: str) -> bool:
        """Cheap substring gate: most turns skip most patterns without running the regex."""
        return not self.needs or any(word in lowered for word in self.needs)

    def resolve(self, m: re.Match[str], ref: datetime) -> Resolved | None:
        """The handler's range, or None where it would leave the supported calendar span
        ("the week after 31 December 9999" has no date to be)."""
        try:
            resolved = self.handler(m, ref)
        except (OverflowError, ValueError):
            return None
        if resolved is None or not (dates.supported(resolved[0]) and dates.supported(resolved[1])):
            return None
        return resolved


DIGITS = tuple("0123456789")
MONTH_STEMS = tuple("jan feb mar apr may jun jul aug sep oct nov dec".split())
SEASON_WORDS = tuple("spring summer autumn fall winter".split())


def compile_rule(fragment: str, handler: Handler, needs: tuple[str, ...] = ()) -> Rule:
    """Word-bounded, case-insensitive rule."""
    return Rule(re.compile(rf"\b{fragment}", re.I), handler, needs)


def scan(rules: tuple[Rule, ...], text: str, ref: datetime) -> Iterator[tuple[int, int, Resolved]]:
    """Every rule match in ``text`` that resolves, as (start, end, resolved)."""
    lowered = text.lower()
    for rule in rules:
        if not rule.may_match(lowered):
            continue
        for m in rule.pattern.finditer(text):
            resolved = rule.resolve(m, ref)
            if resolved is not None:
                yield m.start(), m.end(), resolved


def full_match(rules: tuple[Rule, ...], phrase: str, ref: datetime) -> tuple[bool, Resolved | None]:
    """(whether some rule matches all of ``phrase``, what it resolves to)."""
    for rule in rules:
        m = rule.pattern.fullmatch(phrase)
        if m is not None:
            resolved = rule.resolve(m, ref)
            if resolved is not None:
                return True, resolved
    return False, None


# --- handlers -----------------------------------------------------------------------------------

DAY_WORDS = {
    "the day before yesterday": -2,
    "last night": -1,
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "earlier today": 0,
    "later today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "the day after tomorrow": 2,
}
_QUALIFIERS = {"this past": "last", "past": "last", "previous": "last", "this coming": "next"}


def qualifier(text: str | None) -> str:
    """last / this / next / on, with synonyms folded ("this past" is "last")."""
    word = " ".join((text or "on").lower().split())
    return _QUALIFIERS.get(word, word)


def offset(unit: str, k: int, ref: datetime) -> Resolved:
    """The calendar unit ``k`` units away from ``ref`` (sub-day units land on a day)."""
    today = ref.date()
    if unit in {"minute", "min", "hour", "hr"}:
        day = (ref + timedelta(minutes=k * (60 if unit.startswith("h") else 1))).date()
        return day, day, "day"
    if unit == "day":
        day = today + timedelta(days=k)
        return day, day, "day"
    if unit == "week":
        return week_of(today + timedelta(weeks=k))
    if unit == "month":
        return month_of(*shift_month(today.year, today.month, k))
    return year_of(today.year + k)


def back(today: date, unit: str, n: int) -> date:
    """``today`` moved ``n`` units (negative: into the past), month ends clamped."""
    if unit in {"day", "week"}:
        return today + timedelta(days=n * (7 if unit == "week" else 1))
    months = n * (12 if unit == "year" else 1)
    year, month = shift_month(today.year, today.month, months)
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def on_day_words(m: re.Match[str], ref: datetime) -> Resolved | None:
    """yesterday, today, tonight, tomorrow, this morning, last night…"""
    day = ref.date() + timedelta(days=DAY_WORDS[" ".join(m.group(0).lower().split())])
    return day, day, "day"


def on_ago(m: re.Match[str], ref: datetime) -> Resolved | None:
    """N units ago / back / from now; "a few" becomes the 2..4 range, "several" nothing."""
    n, unit = number(m.group("n")), m.group("u").lower().rstrip("s")
    sign = 1 if m.group("dir").lower().startswith("from") else -1
    if not n:
        return None
    if unit == "fortnight":
        unit, n = "week", n if n == FEW else 2 * n
    if n != FEW:
        return offset(unit, sign * n, ref)
    near, far = offset(unit, sign * 2, ref), offset(unit, sign * 4, ref)
    start, end = min(near[0], far[0]), max(near[1], far[1])
    return start, end, "day" if start == end else "range"


def on_qualified_unit(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last/this/next week, weekend, month, year; "this past week" is the last 7 days."""
    q, unit, today = qualifier(m.group("q")), m.group("u").lower(), ref.date()
    k = {"last": -1, "this": 0, "next": 1}[q]
    if unit == "weekend":
        return weekend_of_week(today, k)
    if "past" in m.group("q").lower():
        return back(today, unit, -1), today, "range"
    return offset(unit, k, ref)


def on_over_the_weekend(m: re.Match[str], ref: datetime) -> Resolved | None:
    """Past-preferring: the weekend under way, else the one just gone."""
    today = ref.date()
    return weekend_of_week(today, 0 if today.weekday() >= 5 else -1)


def on_past_n(m: re.Match[str], ref: datetime) -> Resolved | None:
    """(in) the past/last N units → the range up to today; next/coming → from today."""
    q, unit = m.group("q").lower(), m.group("u").lower().rstrip("s")
    n = number(m.group("n")) if m.group("n") else 1
    # "the last year of college" is not a window: "last" needs a preposition or a count.
    if n is None or (q != "past" and not (m.group("p") or m.group("n"))):
        return None
    if (m.group("u").lower().endswith("s") and not m.group("n")) or (unit == "day" and n == 1):
        return None
    n = 4 if n == FEW else n
    today = ref.date()
    if q in {"next", "coming"}:
        return today, back(today, unit, n), "range"
    return back(today, unit, -n), today, "range"


def on_earlier_this(m: re.Match[str], ref: datetime) -> Resolved | None:
    """earlier/later this week, month or year: the part of it before/after today."""
    start, end, _ = offset(m.group("u").lower(), 0, ref)
    today = ref.date()
    return (start, today, "range") if m.group("w").lower() == "earlier" else (today, end, "range")


def on_weekday(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last/on Friday, Friday night: a bare weekday in running text is too often a plan."""
    if m.group("q") is None and m.group("o") is None and m.group("pod") is None:
        return None
    return on_bare_weekday(m, ref)


def on_bare_weekday(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last/on Friday → the latest Friday before today; next → the first after; this → this week."""
    groups = m.groupdict()
    q, today = qualifier(groups.get("q") or groups.get("o")), ref.date()
    w = WEEKDAYS[m.group("w").rstrip(".").lower()]
    if q == "next":
        return _day(today + timedelta(days=(w - today.weekday()) % 7 or 7))
    if q == "this":
        return _day(today + timedelta(days=w - today.weekday()))
    return _day(today - timedelta(days=(today.weekday() - w) % 7 or 7))


def _day(d: date) -> Resolved:
    """A single day."""
    return d, d, "day"


def on_date(m: re.Match[str], ref: datetime) -> Resolved | None:
    """8 May 2023, May 8th, Sat 13 May; no year → the latest such day so far (or the one
    whose weekday matches a weekday written with it)."""
    groups = m.groupdict()
    year, month = groups.get("y"), m.group("m")
    month_index = int(month) if month.isdigit() else month_number(month, strict=year is None)
    if month_index is None:
        return None
    day, today = int(m.group("d")), ref.date()
    years = [int(year)] if year else [today.year, today.year - 1, today.year + 1]
    dates = [d for y in years if (d := day_or_none(y, month_index, day)) is not None]
    if not year:
        dates = [d for d in dates if d <= today] + [d for d in dates if d > today]
    if groups.get("wd"):
        weekday = WEEKDAYS[groups["wd"].rstrip(".").lower()]
        dates = [d for d in dates if d.weekday() == weekday]
    return _day(dates[0]) if dates else None


def on_weekday_nth(m: re.Match[str], ref: datetime) -> Resolved | None:
    """Monday the 5th: the latest 5th falling on a Monday within the past year."""
    today, day = ref.date(), int(m.group("d"))
    weekday = WEEKDAYS[m.group("wd").rstrip(".").lower()]
    for back_months in range(12):
        year, month = shift_month(today.year, today.month, -back_months)
        found = day_or_none(year, month, day)
        if found is not None and found <= today and found.weekday() == weekday:
            return _day(found)
    return None


def on_nth(m: re.Match[str], ref: datetime) -> Resolved | None:
    """on the 8th → the latest 8th so far (this month or the one before)."""
    today, day = ref.date(), int(m.group("d"))
    year, month = (
        (today.year, today.month) if day <= today.day else shift_month(today.year, today.month, -1)
    )
    found = day_or_none(year, month, day)
    return None if found is None else _day(found)


def on_month_year(m: re.Match[str], ref: datetime) -> Resolved | None:
    """May 2023, (in) early June 2022."""
    month = month_number(m.group("m"), strict=False)
    return None if month is None else part_of(month_of(int(m.group("y")), month), m.group("mod"))


def on_month(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last/this/next May; in (early) May → the latest May so far, this one included."""
    groups = m.groupdict()
    if not (
        groups.get("q") or groups.get("p") or groups.get("mod") or groups.get("bare") is not None
    ):
        return None
    month = month_number(m.group("m"), strict=True)
    if month is None:
        return None
    q = qualifier(groups.get("q")) if groups.get("q") else "past"
    return part_of(month_relative(month, q, ref.date()), groups.get("mod"))


def on_year(m: re.Match[str], ref: datetime) -> Resolved | None:
    """in 2022, since 2020, back in 2019, early 2021; a bare number needs that context."""
    groups = m.groupdict()
    if not (groups.get("p") or groups.get("mod") or groups.get("bare") is not None):
        return None
    return part_of(year_of(int(m.group("y"))), groups.get("mod"))


def on_season(m: re.Match[str], ref: datetime) -> Resolved | None:
    """last/this/next summer; summer (of) 2022; in the summer → under way or just gone."""
    name = m.group("s").lower()
    name = "autumn" if name == "fall" else name
    groups = m.groupdict()
    if groups.get("y"):
        return season_of(name, int(groups["y"]))
    if groups.get("q"):
        return season_relative(name, qualifier(groups["q"]), ref.date())
    return season_past(name, ref.date())
