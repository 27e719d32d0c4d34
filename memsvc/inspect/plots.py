"""Inline SVG charts drawn on the server: no JavaScript library, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 720, 160, 24
COLOURS = ("#3b6ea5", "#d08c2e")


def weekly_bars(weeks: Sequence[tuple[date, int, int]]) -> Markup:
    """Turns and facts per week as paired bars, week starts along the bottom."""
    if not weeks:
        return Markup('<p class="muted">No memory yet.</p>')
    top = max(max(t, f) for _, t, f in weeks) or 1
    slot = (WIDTH - 2 * PAD) / len(weeks)
    bar = max(slot / 2 - 1, 1.0)
    parts = []
    for i, (week, turns, facts) in enumerate(weeks):
        x = PAD + i * slot
        for j, (value, label) in enumerate(((turns, "turns"), (facts, "facts"))):
            h = (HEIGHT - 2 * PAD) * value / top
            tip = escape(f"week of {week:%Y-%m-%d}: {value} {label}")
            parts.append(
                f'<rect x="{x + j * bar:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[j]}"><title>{tip}</title></rect>'
            )
    labels = _axis_labels([f"{w:%Y-%m-%d}" for w, _, _ in weeks], slot)
    legend = _legend(("turns", "facts"))
    return _svg("Turns and facts per week", f"{''.join(parts)}{labels}{legend}", top)


def score_bars(scores: Sequence[float]) -> Markup:
    """The hits' scores, best first: where the ranking drops off."""
    if not scores:
        return Markup("")
    top = max(scores) or 1.0
    slot = (WIDTH - 2 * PAD) / len(scores)
    parts = []
    for i, score in enumerate(scores):
        h = (HEIGHT - 2 * PAD) * max(score, 0.0) / top
        parts.append(
            f'<rect class="score" x="{PAD + i * slot:.1f}" y="{HEIGHT - PAD - h:.1f}" '
            f'width="{max(slot - 2, 1):.1f}" height="{h:.1f}" fill="{COLOURS[0]}">'
            f"<title>#{i + 1}: {score:.4f}</title></rect>"
        )
    labels = _axis_labels([f"#{i + 1}" for i in range(len(scores))], slot)
    return _svg("Scores of the hits, best first", "".join(parts) + labels, top, fmt="{:.3f}")


def _axis_labels(labels: Sequence[str], slot: float) -> str:
    """Bottom labels, thinned to about ten so they never overlap."""
    step = max(1, len(labels) // 10)
    return "".join(
        f'<text x="{PAD + i * slot:.1f}" y="{HEIGHT - 6}" font-size="10">{escape(text)}</text>'
        for i, text in enumerate(labels)
        if i % step == 0
    )


def _legend(names: Sequence[str]) -> str:
    return "".join(
        f'<rect x="{WIDTH - 120 + i * 60}" y="4" width="10" height="10" fill="{COLOURS[i]}"/>'
        f'<text x="{WIDTH - 106 + i * 60}" y="13" font-size="11">{escape(name)}</text>'
        for i, name in enumerate(names)
    )


def _svg(title: str, body: str, top: float, fmt: str = "{:.0f}") -> Markup:
    axis = (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        f'stroke="#888"/><text x="2" y="{PAD}" font-size="10">{fmt.format(top)}</text>'
    )
    return Markup(
        f'<svg class="plot" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{axis}{body}</svg>"
    )
