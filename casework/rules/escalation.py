"""The suggestion to escalate (建议升级): an overdue duty of someone else, what to do about it
and where to go next — up the complaint ladder, or for a report up the regulator's hierarchy."""

from __future__ import annotations

from datetime import date

from .deadline import Deadline
from .deadlines import escalating
from .places import measures_article
from .route_plan import RoutePlan, RouteStep
from .text import Text


def _first_cite(clock: Deadline, lang: str) -> str:
    return clock.citations[0].label(lang) if clock.citations else clock.ref


def _overdue_text(clock: Deadline, today: date) -> Text:
    # The citation leads, so its own （2022-03-24 文本） is not nested inside another bracket.
    return Text(
        f"依据{_first_cite(clock, 'zh')}，「{clock.name_zh}」应在{clock.length_text.zh}内完成，"
        f"已于 {clock.due} 到期，截至 {today} 仍无结果",
        f"under {_first_cite(clock, 'en')}, '{clock.name_en}' ({clock.length_text.en}) was due "
        f"on {clock.due} and nothing has come by {today}",
    )


def _onward(steps: list[RouteStep], lang: str) -> str:
    """The stops still ahead, in order; alternatives (12315 or 消协) joined by "or", not "→"."""
    parts: list[str] = []
    prev: RouteStep | None = None
    for s in steps:
        name = s.name(lang)
        if prev is not None and prev.id in s.alternatives:
            parts[-1] += (" 或 " if lang == "zh" else " or ") + name
        else:
            parts.append(name)
        prev = s
    return " → ".join(parts)


def suggest(plan: RoutePlan, clocks: list[Deadline], ladder: list[RouteStep]) -> None:
    overdue = escalating(clocks)
    plan.overdue = overdue
    if not overdue:
        return
    # A report (举报) runs on its own track (办法 Art. 9): its overdue clock is chased up
    # the regulator's hierarchy, never down the complaint ladder back to the seller.
    track = plan.report_track
    on_report = [d for d in overdue if track is not None and d.step == track.id]
    on_ladder = [d for d in overdue if d not in on_report]
    parts_zh, parts_en = [], []
    if on_ladder:
        ids = [s.id for s in ladder]

        def stage(d: Deadline) -> int:
            step = d.step or next((s.id for s in ladder if s.actor == d.party), "")
            return ids.index(step) if step in ids else -1

        clock = max(on_ladder, key=lambda d: (stage(d), d.due or date.min))
        at = stage(clock)
        here = ladder[at] if at >= 0 else None
        later = ladder[at + 1 :] if at >= 0 else ladder
        # A stop already tried (the association took the complaint) is not advice any more,
        # nor is the alternative of a stop tried (12315 taken: not 消协 as well).
        later = [s for s in later if not s.reached and not s.excluded] or later
        onward_zh = _onward(later, "zh") or "人民法院起诉"
        onward_en = _onward(later, "en") or "a lawsuit"
        act = here.on_overdue if here else Text("升级处理", "escalate")
        why = _overdue_text(clock, plan.today)
        parts_zh.append(f"{why.zh}。请{act.zh}；仍无进展的，下一步：{onward_zh}。")
        parts_en.append(f"{why.en}. Next: {act.en}; if that fails: {onward_en}.")
    if on_report and track is not None:
        clock = min(on_report, key=lambda d: d.due or date.min)
        why = _overdue_text(clock, plan.today)
        sep_zh = measures_article("separate_handling", plan.today)
        sep_en = measures_article("separate_handling", plan.today, "en")
        parts_zh.append(
            f"举报：{why.zh}。请{track.on_overdue.zh}（举报与投诉分别处理，{sep_zh}）。"
        )
        parts_en.append(
            f"Report: {why.en}. Next: {track.on_overdue.en} (a report is handled apart from "
            f"the complaint, {sep_en})."
        )
    plan.suggestion = Text("建议升级：" + "".join(parts_zh), "Escalate: " + " ".join(parts_en))
