"""Time expressions → absolute date ranges: phrases pinned against fixed reference dates."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memsvc.linguistics.temporal import TimeSpan, find_time_spans, resolve_phrase

MON = date(2023, 5, 8)  # a Monday: the LoCoMo-style turn date most cases use
SAT = date(2023, 5, 13)
D = date


def span(phrase: str, reference: date | datetime = MON) -> tuple[date, date, str]:
    """(start, end, granularity) of a resolved phrase; fails the test when it does not resolve."""
    resolved = resolve_phrase(phrase, reference)
    assert resolved is not None, phrase
    return resolved.start, resolved.end, resolved.granularity


PHRASES = [
    ("yesterday", MON, D(2023, 5, 7), D(2023, 5, 7), "day"),
    ("today", MON, MON, MON, "day"),
    ("tonight", MON, MON, MON, "day"),
    ("this morning", MON, MON, MON, "day"),
    ("tomorrow", MON, D(2023, 5, 9), D(2023, 5, 9), "day"),
    ("the day after tomorrow", MON, D(2023, 5, 10), D(2023, 5, 10), "day"),
    ("last week", MON, D(2023, 5, 1), D(2023, 5, 7), "week"),
    ("this week", MON, D(2023, 5, 8), D(2023, 5, 14), "week"),
    ("next week", MON, D(2023, 5, 15), D(2023, 5, 21), "week"),
    ("last weekend", MON, D(2023, 5, 6), D(2023, 5, 7), "weekend"),
    ("this past weekend", MON, D(2023, 5, 6), D(2023, 5, 7), "weekend"),
    ("over the weekend", MON, D(2023, 5, 6), D(2023, 5, 7), "weekend"),
    # Said on a Saturday: "last weekend" is the one before, "this weekend" the current one.
    ("last weekend", SAT, D(2023, 5, 6), D(2023, 5, 7), "weekend"),
    ("this weekend", SAT, D(2023, 5, 13), D(2023, 5, 14), "weekend"),
    ("next weekend", MON, D(2023, 5, 20), D(2023, 5, 21), "weekend"),
    # Chosen: the calendar week before the week holding 9 June (Fri), not the 7 days before.
    ("the week before 9 June 2023", MON, D(2023, 5, 29), D(2023, 6, 4), "week"),
    ("the week after 9 June 2023", MON, D(2023, 6, 12), D(2023, 6, 18), "week"),
    ("two days before 9 June 2023", MON, D(2023, 6, 7), D(2023, 6, 7), "day"),
    ("a few days ago", MON, D(2023, 5, 4), D(2023, 5, 6), "range"),
    ("a couple of days ago", MON, D(2023, 5, 6), D(2023, 5, 6), "day"),
    ("a couple of weeks ago", MON, D(2023, 4, 24), D(2023, 4, 30), "week"),
    ("two weeks ago", MON, D(2023, 4, 24), D(2023, 4, 30), "week"),
    ("3 days ago", MON, D(2023, 5, 5), D(2023, 5, 5), "day"),
    ("2 days ago", MON, D(2023, 5, 6), D(2023, 5, 6), "day"),
    ("last summer", D(2023, 11, 15), D(2023, 6, 1), D(2023, 8, 31), "season"),
    ("last summer", D(2023, 7, 10), D(2022, 6, 1), D(2022, 8, 31), "season"),
    ("this spring", MON, D(2023, 3, 1), D(2023, 5, 31), "season"),
    ("next winter", MON, D(2023, 12, 1), D(2024, 2, 29), "season"),
    ("in the summer of 2022", MON, D(2022, 6, 1), D(2022, 8, 31), "season"),
    ("in 2022", MON, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("next month", MON, D(2023, 6, 1), D(2023, 6, 30), "month"),
    ("last month", MON, D(2023, 4, 1), D(2023, 4, 30), "month"),
    ("last month", D(2023, 1, 10), D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("in May 2023", MON, D(2023, 5, 1), D(2023, 5, 31), "month"),
    ("May 2023", MON, D(2023, 5, 1), D(2023, 5, 31), "month"),
    ("June 2023", MON, D(2023, 6, 1), D(2023, 6, 30), "month"),
    ("in June", MON, D(2022, 6, 1), D(2022, 6, 30), "month"),
    ("next May", MON, D(2024, 5, 1), D(2024, 5, 31), "month"),
    ("8 May 2023", MON, MON, MON, "day"),
    ("May 8, 2023", MON, MON, MON, "day"),
    ("the 8th of May", MON, MON, MON, "day"),
    ("on 3 July", MON, D(2022, 7, 3), D(2022, 7, 3), "day"),
    ("on the 5th", MON, D(2023, 5, 5), D(2023, 5, 5), "day"),
    ("last Friday", MON, D(2023, 5, 5), D(2023, 5, 5), "day"),
    ("last Monday", MON, D(2023, 5, 1), D(2023, 5, 1), "day"),
    ("next Friday", MON, D(2023, 5, 12), D(2023, 5, 12), "day"),
    ("last year", MON, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("a month ago", MON, D(2023, 4, 1), D(2023, 4, 30), "month"),
    ("two years ago", MON, D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("the past week", MON, D(2023, 5, 1), D(2023, 5, 8), "range"),
    ("mid-May", MON, D(2023, 5, 11), D(2023, 5, 20), "range"),
    ("2023-05-01", MON, D(2023, 5, 1), D(2023, 5, 1), "day"),
]


@pytest.mark.parametrize(("phrase", "ref", "start", "end", "gran"), PHRASES)
def test_resolve_phrase(phrase: str, ref: date, start: date, end: date, gran: str) -> None:
    """Each pinned phrase resolves to its inclusive range and granularity."""
    assert span(phrase, ref) == (start, end, gran)


@pytest.mark.parametrize(
    "phrase",
    [
        "recently",
        "soon",
        "one day",
        "the other day",
        "several days ago",
        "over a year ago",
        "two years",
        "20 years old",
        "every Friday",
        "3pm",
        "the next day",
    ],
)
def test_vague_durations_and_frequencies_give_nothing(phrase: str) -> None:
    """A wrong date is worse than none."""
    assert resolve_phrase(phrase, MON) is None


def test_datetime_reference_and_sub_day_units() -> None:
    """A datetime reference works; "3 hours ago" just after midnight is the day before."""
    assert span("yesterday", datetime(2023, 5, 8, 13, 56))[0] == D(2023, 5, 7)
    assert span("3 hours ago", datetime(2023, 5, 8, 1, 0))[0] == D(2023, 5, 7)


@pytest.mark.parametrize(
    ("granularity", "start", "end", "label"),
    [
        ("day", D(2023, 5, 7), D(2023, 5, 7), "7 May 2023"),
        ("week", D(2023, 5, 1), D(2023, 5, 7), "week of 1 May 2023"),
        ("weekend", D(2023, 5, 6), D(2023, 5, 7), "weekend of 6\u20137 May 2023"),
        ("month", D(2023, 5, 1), D(2023, 5, 31), "May 2023"),
        ("season", D(2022, 6, 1), D(2022, 8, 31), "summer 2022"),
        ("season", D(2022, 12, 1), D(2023, 2, 28), "winter 2022\u201323"),
        ("year", D(2022, 1, 1), D(2022, 12, 31), "2022"),
        ("range", D(2023, 5, 1), D(2023, 5, 7), "1\u20137 May 2023"),
        ("range", D(2023, 5, 29), D(2023, 6, 4), "29 May \u2013 4 June 2023"),
    ],
)
def test_label(granularity: str, start: date, end: date, label: str) -> None:
    """Human labels follow the granularity."""
    assert TimeSpan("x", start, end, granularity, -1, -1).label() == label  # type: ignore[arg-type]


def test_find_in_sentence_with_offsets() -> None:
    """The LoCoMo example: one span, the right day, offsets pointing at the phrase."""
    text = "I went to a LGBTQ support group yesterday and it was so powerful."
    (found,) = find_time_spans(text, datetime(2023, 5, 8, 13, 56))
    assert (found.phrase, found.start, found.end, found.granularity) == (
        "yesterday",
        D(2023, 5, 7),
        D(2023, 5, 7),
        "day",
    )
    assert text[found.char_start : found.char_end] == "yesterday"


def test_find_last_year() -> None:
    """A year-granular span, not a day."""
    (found,) = find_time_spans("Melanie painted that lake sunrise last year", MON)
    assert (found.phrase, found.start, found.end, found.granularity) == (
        "last year",
        D(2022, 1, 1),
        D(2022, 12, 31),
        "year",
    )


@pytest.mark.parametrize(
    "text",
    [
        "That sounds great, I love it!",
        "I may go to the park later.",
        "We march for our rights every spring.",
        "I have 3 kids",
        "It cost 20 dollars",
        "In 2000 people came",
        "My daughter is 5 years old.",
        "I did it on the 8th floor.",
        "The next day we went home.",
        "The last year of college was rough.",
        "I sat in the sun all day.",
        "I've been painting for two years.",
    ],
)
def test_no_false_spans(text: str) -> None:
    """Modal "may", verb "march", counts, ages, floors, durations and narrative time: nothing."""
    assert find_time_spans(text, MON) == []


def test_multiple_spans_longest_wins() -> None:
    """Nested matches collapse to the longest; spans come back in text order."""
    text = "We went camping in the summer of 2022 and again last summer."
    found = find_time_spans(text, MON)
    assert [(f.phrase, f.label()) for f in found] == [
        ("the summer of 2022", "summer 2022"),
        ("last summer", "summer 2022"),
    ]
    (week,) = find_time_spans("The week before 9 June 2023 was busy.", MON)
    assert (week.start, week.granularity) == (D(2023, 5, 29), "week")


def test_weekday_inside_a_week_expression() -> None:
    """ "two weeks ago, on Saturday" is that week's Saturday, not the latest one."""
    (found,) = find_time_spans("I went there 2 weeks ago, on Saturday.", MON)
    assert found.start == D(2023, 4, 29)


def test_candidates_add_bare_years_and_respect_blockers() -> None:
    """Caller spans (spaCy DATE) resolve bare years; blockers and counts still win."""
    text = "2022 was a great year. I go running every Friday."
    found = find_time_spans(text, MON, candidates=[(0, 4), (text.index("Friday"), len(text) - 1)])
    assert [(f.phrase, f.granularity, f.char_start) for f in found] == [("2022", "year", 0)]
    assert find_time_spans("In 2000 people came", MON, candidates=[(3, 7)]) == []


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            "I we went May may march last next this week weekend year ago two a few days 3 "
            "yesterday on Friday the 8th of in 2022 summer before 9 June 2023 , . every old".split()
        ),
        max_size=12,
    ),
    ref=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
)
def test_spans_are_consistent(words: list[str], ref: date) -> None:
    """Any word salad: spans point at their phrase, do not overlap, and start <= end."""
    text = " ".join(words)
    found = find_time_spans(text, ref)
    for f in found:
        assert text[f.char_start : f.char_end] == f.phrase
        assert f.start <= f.end
        assert f.label()
    for a, b in pairwise(found):
        assert a.char_end <= b.char_start
