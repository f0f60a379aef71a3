"""The timeline figure (时间线图): one lane per actor (consumer, seller, platform, courier, payment
provider, regulator …), markers by kind, and the deadline clocks as spans ending in their due
dates, coloured met / open / overdue. It stays readable from 5 to 500 events: dense stretches of
a lane become one summary bar with a count, and a label is drawn only where it has room (the
others are counted in the subtitle) — labels never overlap. Chinese renders with the shipped
WenQuanYi Micro Hei font (Apache-2.0), registered with matplotlib's font manager; rendering uses
Agg only. Pure: it draws a :class:`~casework.timeline.Timeline` and needs no register.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .cases import Actor
from .clock import SHANGHAI
from .errors import InvalidInput
from .timeline_style import (
    BINS,
    BUSY,
    CLOCK_LABEL,
    DENSE,
    DENSE_COLOR,
    FAMILIES,
    FONT_SIZE,
    KIND_FAMILY,
    LABEL_LEVELS,
    LANE_INCH,
    LONG_CLOCK_DAYS,
    STATUS_COLOR,
    STATUS_TEXT,
    WIDTH_INCH,
    font_rc,
    kind_label,
)

if TYPE_CHECKING:
    from .rules.deadlines import Deadline
    from .timeline import Timeline

LANES = [a.value for a in Actor]
Redact = Callable[[str], str]


def _text_width_pt(text: str, size: float = FONT_SIZE) -> float:
    """A generous width estimate (CJK glyphs are one em, others at most ~0.7 em)."""
    em = sum(1.0 if ord(ch) >= 0x2E80 else (0.72 if ch.isupper() else 0.62) for ch in text)
    return em * size + 4.0


@dataclass
class _Slots:
    """Where labels already are, per (lane, level), in axis x units — so none overlap."""

    x_per_pt: float
    x_min: float
    x_max: float
    taken: dict[tuple[float, float], list[tuple[float, float]]] = field(default_factory=dict)
    hidden: int = 0

    def place(
        self, lane: float, levels: tuple[float, ...], x: float, text: str
    ) -> tuple[float, str] | None:
        width = _text_width_pt(text) * self.x_per_pt
        pad = 3 * self.x_per_pt
        x0, x1, ha = x, x + width, "left"
        if x1 > self.x_max:
            x0, x1, ha = x - width, x, "right"
        if x0 < self.x_min:
            self.hidden += 1
            return None
        for level in levels:
            spans = self.taken.setdefault((lane, level), [])
            if all(x1 + pad < a or x0 - pad > b for a, b in spans):
                spans.append((x0, x1))
                return level, ha
        self.hidden += 1
        return None


def _naive(ts: Any) -> datetime:
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(SHANGHAI).tz_localize(None)
    return stamp.to_pydatetime()  # type: ignore[no-any-return]


def _num(value: datetime | date) -> float:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 12)
    return float(mdates.date2num(value))


_SOURCE_RANK = {"event": 1, "communication": 2, "evidence": 3, "transaction": 3}
_SHORT = {
    "payment": ("付款", "paid"),
    "refund": ("退款", "refund"),
    "income": ("收入", "income"),
    "transaction": ("交易", "transaction"),
    "evidence": ("证据", "evidence"),
    "contact_out": ("沟通", "contact"),
    "contact_in": ("沟通", "contact"),
}


def _short(kind: str, en: bool) -> str:
    """A one-word name of a kind, for the counts of a summarised stretch."""
    if kind in _SHORT:
        return _SHORT[kind][1 if en else 0]
    return kind_label(kind, "en" if en else "zh")


def _clip(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _drawable_clocks(clocks: list[Deadline], last_event: float) -> tuple[list[Deadline], int]:
    drawn, skipped = [], 0
    for d in clocks:
        if d.status == "not_applicable" or d.start is None or d.due is None:
            continue
        if d.kind == "window" and d.status == "met":
            continue  # the consumer acted in time: the event itself is on the chart
        if d.kind == "retention" or (
            d.kind == "window" and _num(d.due) > last_event + LONG_CLOCK_DAYS
        ):
            skipped += 1
            continue
        drawn.append(d)
    return drawn, skipped


def _dense_runs(xs: list[float], lo: float, width: float) -> list[tuple[int, int]]:
    """Index ranges [i, j) of sorted ``xs`` lying in runs of adjacent dense bins.

    A busy lane (more than ``BUSY`` points) counts a bin as dense from 2 points, so that a month
    of daily payments becomes a few bars instead of a strip of markers.
    """
    bins = [min(int((x - lo) / width), BINS - 1) if width > 0 else 0 for x in xs]
    counts = Counter(bins)
    dense = DENSE if len(xs) <= BUSY else 2
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(xs):
        if counts[bins[i]] < dense:
            i += 1
            continue
        j = i + 1
        while j < len(xs) and counts[bins[j]] >= dense and bins[j] - bins[j - 1] <= 1:
            j += 1
        runs.append((i, j))
        i = j
    return runs


class _DateTicks(mdates.ConciseDateFormatter):
    """Matplotlib's concise dates without an offset that repeats a tick: a range ending at the
    first of a month labels that tick 2026-12 and printed 2026-12 again under the axis."""

    _labels: tuple[str, ...] = ()

    def format_ticks(self, values: Any) -> list[str]:
        labels: list[str] = super().format_ticks(values)
        self._labels = tuple(labels)
        return labels

    def get_offset(self) -> str:
        offset: str = super().get_offset()
        return "" if offset in self._labels else offset


def draw_timeline(
    timeline: Timeline,
    clocks: list[Deadline],
    *,
    title: str,
    today: date,
    lang: str = "zh",
    redact: Redact | None = None,
) -> Figure:
    """The figure for a timeline and its clocks (pure: no register needed)."""
    r = redact or (lambda s: s)
    en = lang == "en"
    with matplotlib.rc_context(font_rc()):
        return _draw(timeline, clocks, title=r(title), today=today, en=en, r=r)


@dataclass
class _Chart:
    """One figure being drawn: its axes, lanes, label slots and the labels still to place."""

    ax: Any
    ypos: dict[str, int]
    slots: _Slots
    en: bool
    r: Redact
    #: (priority, x, lane y, level below the lane or 0, text, colour)
    pending: list[tuple[int, float, float, float, str, str]] = field(default_factory=list)
    families: set[str] = field(default_factory=set)
    summarised: int = 0

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh


def _setup(
    lanes: list[str], x_min: float, x_max: float, en: bool, r: Redact
) -> tuple[Figure, _Chart]:
    """The figure, one horizontal lane per actor and a date axis with numeric ticks."""
    legend_in, top_in = 0.9, 0.75
    height = top_in + legend_in + 0.45 + LANE_INCH * len(lanes)
    fig = Figure(figsize=(WIDTH_INCH, height), dpi=100)
    FigureCanvasAgg(fig)
    left, right = 1.25 / WIDTH_INCH, 0.25 / WIDTH_INCH
    bottom = (legend_in + 0.45) / height
    ax = fig.add_axes((left, bottom, 1 - left - right, 1 - bottom - top_in / height))
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(-0.75, len(lanes) - 0.25)
    axes_pt = (1 - left - right) * WIDTH_INCH * 72
    ypos = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    names = [r(Actor(lane).value if en else Actor(lane).zh) for lane in lanes]
    ax.set_yticks([ypos[lane] for lane in lanes], names, fontsize=10)
    for lane in lanes:
        ax.axhline(ypos[lane], color="#e0e0e0", lw=1, zorder=0)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    # Numeric formats only: tick labels are made at draw time and must not need the CJK font.
    ax.xaxis.set_major_formatter(
        _DateTicks(
            locator,
            formats=["%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M"],
            offset_formats=["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
        )
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig, _Chart(ax, ypos, _Slots((x_max - x_min) / axes_pt, x_min, x_max), en, r)


def _draw_lane(chart: _Chart, sub: pd.DataFrame, y: float, lo: float, width: float) -> None:
    """Markers for one lane; dense stretches become one bar with a count."""
    xs = [_num(_naive(a)) for a in sub["at"]]
    kinds, labels, sources = list(sub["kind"]), list(sub["label"]), list(sub["source"])
    in_run: set[int] = set()
    for i, j in _dense_runs(xs, lo, width):
        in_run.update(range(i, j))
        chart.summarised += j - i
        x0, x1 = xs[i], xs[j - 1]
        chart.ax.plot(
            [x0, max(x1, x0 + width * 0.3)],
            [y, y],
            lw=9,
            color=DENSE_COLOR,
            alpha=0.55,
            solid_capstyle="round",
            zorder=2,
        )
        top = Counter(_short(k, chart.en) for k in kinds[i:j]).most_common(2)
        parts = chart.t("，", ", ").join(f"{name}×{n}" for name, n in top)
        text = chart.t(f"{j - i} 项（{parts}）", f"{j - i} items ({parts})")
        chart.pending.append((0, x0, y, 0.0, text, "#37474f"))
    for n, (x, kind, label) in enumerate(zip(xs, kinds, labels, strict=True)):
        if n in in_run:
            continue
        fam = KIND_FAMILY.get(kind, "other")
        chart.families.add(fam)
        style = FAMILIES[fam]
        chart.ax.plot([x], [y], marker=style.marker, color=style.color, ms=8, ls="none", zorder=4)
        when = mdates.num2date(x).strftime("%m-%d")
        text = f"{when} {_clip(label, 24 if chart.en else 14)}"
        chart.pending.append((_SOURCE_RANK.get(sources[n], 4), x, y, 0.0, text, "black"))


def _clock_end(d: Deadline) -> date:
    """A duty met early ends where it was met: a span on to the due date would read as if the
    seller had kept the consumer waiting the whole time."""
    assert d.due is not None
    return d.closed_on if d.status == "met" and d.closed_on else d.due


def _draw_clocks(chart: _Chart, drawn: list[Deadline]) -> None:
    """Each clock as a span from its start to its due date, in its status colour."""
    per_lane: Counter[str] = Counter()
    for d in sorted(drawn, key=lambda d: d.due or date.max):
        assert d.start is not None and d.due is not None
        lane_y = chart.ypos[d.party]
        y = lane_y - 0.16 - 0.05 * (per_lane[d.party] % 3)  # stacked a little, not on top
        per_lane[d.party] += 1
        color = STATUS_COLOR[d.status]
        end = _clock_end(d)
        x0, x1 = _num(d.start), _num(end)
        chart.ax.plot(
            [x0, x1], [y, y], lw=3, color=color, alpha=0.8, solid_capstyle="butt", zorder=3
        )
        chart.ax.plot([x1], [y], marker="|", ms=12, mew=2, color=color, zorder=3)
        status = STATUS_TEXT[d.status][1 if chart.en else 0]
        name = _clip(d.name_en, 30) if chart.en else _clip(d.name_zh, 16)
        chart.pending.append((0, x1, lane_y, CLOCK_LABEL, f"{name} {end:%m-%d} {status}", color))


def _place_labels(chart: _Chart) -> None:
    """Labels by priority (deadlines and summaries, then events, contacts, evidence, bill rows),
    each only where it has room — never over another."""
    for _rank, x, lane_y, below, text, color in sorted(chart.pending, key=lambda p: (p[0], p[1])):
        shown = chart.r(text)
        # Event labels stay above their lane: one hanging below would read as the next lane's.
        spot = chart.slots.place(lane_y, (below,) if below else LABEL_LEVELS, x, shown)
        if spot:
            chart.ax.text(
                x,
                lane_y + spot[0],
                shown,
                ha=spot[1],
                va="top" if spot[0] < 0 else "bottom",
                fontsize=FONT_SIZE,
                color=color,
                zorder=5,
            )


def _subtitle(chart: _Chart, skipped: int, empty: bool, unrelated: int, undated: int = 0) -> str:
    """What the figure leaves out, said in the figure itself."""
    notes = []
    if undated:
        notes.append(
            chart.t(
                f"{undated} 项证据未注明取得时间",
                f"{undated} evidence item(s) with no capture time",
            )
        )
    if unrelated:
        notes.append(
            chart.t(
                f"账单中另有 {unrelated} 笔与本案订单无关的交易未显示",
                f"{unrelated} bill rows unrelated to the case's orders left out",
            )
        )
    if chart.summarised:
        notes.append(
            chart.t(
                f"{chart.summarised} 个事件在密集时段合并显示",
                f"{chart.summarised} events summarised in dense stretches",
            )
        )
    if chart.slots.hidden:
        notes.append(
            chart.t(
                f"{chart.slots.hidden} 个标签因空间不足未显示",
                f"{chart.slots.hidden} labels left out for space",
            )
        )
    if skipped:
        notes.append(
            chart.t(
                f"{skipped} 个长期期限见期限表",
                f"{skipped} long-term clocks in the deadlines table",
            )
        )
    if empty:
        notes.append(chart.t("尚无事件", "no events yet"))
    return chart.t("；", "; ").join(notes)


def _legend(fig: Figure, chart: _Chart, drawn: list[Deadline]) -> None:
    r = chart.r
    handles = [
        Line2D(
            [],
            [],
            marker=FAMILIES[f].marker,
            color=FAMILIES[f].color,
            ls="none",
            label=r(chart.t(FAMILIES[f].zh, FAMILIES[f].en)),
        )
        for f in FAMILIES
        if f in chart.families
    ]
    if chart.summarised:
        handles.append(
            Line2D(
                [],
                [],
                lw=8,
                color=DENSE_COLOR,
                alpha=0.55,
                label=r(chart.t("密集时段", "dense stretch")),
            )
        )
    for status in ("met", "open", "overdue"):
        if any(d.status == status for d in drawn):
            zh, en = STATUS_TEXT[status]
            handles.append(
                Line2D(
                    [],
                    [],
                    lw=3,
                    color=STATUS_COLOR[status],
                    label=r(chart.t("期限" + zh, "deadline " + en)),
                )
            )
    if handles:
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 7),
            fontsize=FONT_SIZE + 1,
            frameon=False,
            bbox_to_anchor=(0.5, 0.02),
        )


def _draw(
    timeline: Timeline, clocks: list[Deadline], *, title: str, today: date, en: bool, r: Redact
) -> Figure:
    frame = timeline.frame
    xs_all = [_num(_naive(a)) for a in frame["at"]]
    drawn, skipped = _drawable_clocks(clocks, max(xs_all, default=_num(today)))
    points = [*xs_all, _num(today)]
    points += [_num(d.start) for d in drawn if d.start] + [_num(_clock_end(d)) for d in drawn]
    lo, hi = min(points), max(points)
    span = max(hi - lo, 2.0)
    x_min, x_max = lo - 0.04 * span, hi + 0.04 * span
    used = set(frame["lane"]) | {d.party for d in drawn} or {"consumer"}
    lanes = [lane for lane in LANES if lane in used]

    fig, chart = _setup(lanes, x_min, x_max, en, r)
    for lane in lanes:
        sub = frame[frame["lane"] == lane]
        if not sub.empty:
            _draw_lane(chart, sub, chart.ypos[lane], lo, span / BINS)
    _draw_clocks(chart, drawn)
    _place_labels(chart)

    tx = _num(today)
    chart.ax.axvline(tx, color="#616161", ls="--", lw=1, zorder=1)
    chart.ax.text(
        tx,
        len(lanes) - 0.3,
        r(chart.t(f"今天 {today}", f"today {today}")),
        ha="right" if tx > (x_min + x_max) / 2 else "left",
        va="bottom",
        fontsize=FONT_SIZE,
        color="#616161",
    )
    subtitle = _subtitle(
        chart,
        skipped,
        frame.empty,
        timeline.unrelated,
        timeline.undated,
    )
    chart.ax.set_title(title + (f"\n{r(subtitle)}" if subtitle else ""), loc="left", fontsize=11)
    _legend(fig, chart, drawn)
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write PNG or SVG by the file's suffix, atomically (temp file, then rename)."""
    path = Path(path)
    fmt_ = path.suffix.lower().lstrip(".")
    if fmt_ not in ("png", "svg"):
        raise InvalidInput(
            f"时间线只能保存为 .png 或 .svg: {path.name}",
            f"the timeline is written as .png or .svg: {path.name}",
            field="output",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".timeline-", suffix=f".{fmt_}", dir=path.parent)
    os.close(fd)
    try:
        with matplotlib.rc_context(font_rc()):
            fig.savefig(tmp, format=fmt_, dpi=dpi, bbox_inches="tight")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
