"""The timeline frame and figure: Chinese with no missing glyph, lanes, deadlines, 5 and 500 events,
no overlapping labels, redaction of every label, PNG and SVG written atomically."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from casework.clock import SHANGHAI
from casework.demo import build_demo
from casework.errors import InvalidInput
from casework.rules.deadlines import compute
from casework.store import Store
from casework.timeline import COLUMNS, Timeline, case_timeline, save_timeline, timeline_figure
from casework.timeline_drawing import draw_timeline, save_figure
from casework.timeline_style import FONT_PATH

from .helpers import make_case, make_events

CJK = re.compile(r"[\u2e80-\u9fff]")


@pytest.fixture(autouse=True)
def glyph_warnings_are_errors() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=r".*findfont.*")
        yield


def _texts(fig: Figure) -> list[Text]:
    ax = fig.axes[0]
    out = [t for t in ax.texts if t.get_visible() and t.get_text()]
    out += [ax.title, *ax.get_yticklabels()]
    for legend in fig.legends:
        out += list(legend.get_texts())
    return out


def _assert_no_overlap(fig: Figure) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in fig.axes[0].texts
        if t.get_visible() and t.get_text()
    ]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_w <= 0.5 or overlap_h <= 0.5, f"labels overlap: {a!r} / {b!r}"


def _synthetic(n: int) -> tuple[pd.DataFrame, list]:  # type: ignore[type-arg]
    """n rows over ~3 months in five lanes, bursty (most in two dense weeks) as real bills are."""
    start = datetime(2026, 9, 1, 9, tzinfo=SHANGHAI)
    lanes = ["consumer", "seller", "platform", "payment", "regulator"]
    kinds = [
        "contacted_seller",
        "seller_replied",
        "platform_complaint",
        "payment",
        "complaint_filed",
    ]
    rows = []
    for i in range(n):
        lane = i % 5
        burst = i % 3 != 0
        at = start + timedelta(hours=(i * 3 if burst else i * 41) % (24 * 90))
        label = "付款 ¥12.50" if kinds[lane] == "payment" else f"第{i}号 事件说明"
        rows.append(
            {
                "at": at,
                "lane": lanes[lane],
                "kind": kinds[lane],
                "label": label,
                "text": "",
                "source": "event" if lane != 3 else "transaction",
                "ref": str(i),
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS).sort_values("at").reset_index(drop=True)
    events = make_events(
        ("2026-09-05 10:00", "delivered", "courier"),
        ("2026-10-20 09:30", "complaint_filed", "regulator"),
        ("2026-10-05 10:00", "return_requested"),
    )
    clocks = compute(make_case("quality"), events, [], date(2026, 11, 29))
    return frame, clocks


def test_demo_frame_has_every_source_in_time_order(store: Store) -> None:
    case = build_demo(store)
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    assert list(frame.columns) == COLUMNS
    assert frame["at"].is_monotonic_increasing
    assert str(frame["at"].dt.tz) == "Asia/Shanghai"
    assert {"event", "communication"} <= set(frame["source"])
    delivered = frame[frame["kind"] == "delivered"].iloc[0]
    assert delivered["lane"] == "courier" and delivered["label"] == "签收"
    assert len(frame[frame["source"] == "event"]) == len(store.list_events(case.id))


def test_payment_lane_shows_only_the_disputed_orders_money(store: Store) -> None:
    """The demo's Alipay bill has 12 rows; only the earphones' payment and the ¥200 refund are
    the dispute's — the rest (a ¥78 purchase on 09-21 …) stay off the lane and are counted."""
    from casework.records import transactions

    case = build_demo(store)
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    lane = frame[frame["lane"] == "payment"]
    assert sorted(lane["label"]) == ["付款 ¥1,299.00", "退款 ¥200.00"]
    # The logged payment and its bill line are one marker carrying both references.
    paid = lane[lane["label"] == "付款 ¥1,299.00"].iloc[0]
    assert paid["source"] == "event" and paid["ref"].endswith("alipay:32")
    left_out = len(transactions(store, case.id)) - 2
    assert left_out > 0 and timeline.unrelated == left_out
    title = timeline_figure(store, case.id).axes[0].get_title(loc="left")
    assert f"另有 {left_out} 笔与本案订单无关的交易未显示" in title
    en = timeline_figure(store, case.id, lang="en").axes[0].get_title(loc="left")
    assert f"{left_out} bill rows unrelated" in en


def test_a_bill_with_no_case_order_shows_no_bill_rows(store: Store) -> None:
    from casework.resources import data_path
    from casework.workflow import import_bill

    case = store.create_case(title="没有订单号的案件", category="quality")
    import_bill(store, case.id, data_path("alipay_demo.csv"))
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    assert frame[frame["source"] == "transaction"].empty
    assert timeline.unrelated == 12
    assert "12 笔" in timeline_figure(store, case.id).axes[0].get_title(loc="left")


def test_demo_figure_png_and_svg(store: Store, tmp_path: Path) -> None:
    case = build_demo(store)
    fig = timeline_figure(store, case.id)
    texts = _texts(fig)
    lane_names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert {"消费者", "商家", "平台", "市场监管"} <= set(lane_names)
    joined = " ".join(t.get_text() for t in texts)
    assert "已逾期" in joined and "10-29" in joined  # the overdue acceptance clock is drawn
    for t in texts:
        if CJK.search(t.get_text()):
            used = font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)
            assert Path(used).name == FONT_PATH.name, t.get_text()
    _assert_no_overlap(fig)
    # The widgets and the report save the figure themselves, outside our rc_context.
    fig.savefig(io.BytesIO(), format="png")
    figs = tmp_path / "figs"
    png = save_timeline(store, case.id, figs / "out" / "timeline.png")
    svg = save_timeline(store, case.id, figs / "timeline.svg", lang="en")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert sorted(p.name for p in figs.rglob("*")) == ["out", "timeline.png", "timeline.svg"]


def test_the_date_axis_says_each_month_once(store: Store) -> None:
    """The demo's range ends on a month's first tick: the axis labelled it 2026-12 and printed
    2026-12 again as its offset. A range inside one month keeps the offset (its year-month)."""
    case = build_demo(store)
    fig = timeline_figure(store, case.id)
    fig.canvas.draw()
    axis = fig.axes[0].xaxis
    ticks = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    offset = axis.get_offset_text().get_text()
    assert "2026-11" in ticks and offset not in ticks
    frame = pd.DataFrame(
        [
            {
                "at": datetime(2026, 3, d, 10, tzinfo=SHANGHAI),
                "lane": "consumer",
                "kind": "complaint_filed",
                "label": f"事件{d}",
                "text": "",
                "source": "event",
                "ref": str(d),
            }
            for d in (3, 9, 17)
        ],
        columns=COLUMNS,
    )
    fig = draw_timeline(Timeline(frame), [], title="三月", today=date(2026, 3, 20))
    fig.canvas.draw()
    assert fig.axes[0].xaxis.get_offset_text().get_text() == "2026-03"


def test_five_events_all_labelled(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        [
            {
                "at": datetime(2026, 3, d, 10, tzinfo=SHANGHAI),
                "lane": lane,
                "kind": kind,
                "label": label,
                "text": "",
                "source": "event",
                "ref": str(d),
            }
            for d, lane, kind, label in [
                (1, "consumer", "purchase", "下单购买"),
                (3, "courier", "delivered", "签收"),
                (5, "consumer", "defect_found", "发现问题"),
                (6, "seller", "seller_replied", "商家答复"),
                (9, "regulator", "complaint_filed", "提交投诉"),
            ]
        ],
        columns=COLUMNS,
    )
    fig = draw_timeline(Timeline(frame), [], title="五个事件", today=date(2026, 3, 10))
    labels = [t.get_text() for t in fig.axes[0].texts]
    for word in ("下单购买", "签收", "发现问题", "商家答复", "提交投诉"):
        assert any(word in label for label in labels), word
    assert "未显示" not in fig.axes[0].get_title(loc="left")
    _assert_no_overlap(fig)
    for suffix in ("png", "svg"):
        assert save_figure(fig, tmp_path / f"five.{suffix}").stat().st_size > 10_000


def test_the_glyph_check_can_fail(tmp_path: Path) -> None:
    """Without the shipped font Chinese has no glyphs, and the autouse filter turns that into an
    error — so the tests above would catch a figure drawn in the wrong font."""
    import matplotlib

    fig = Figure()
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig.text(0.1, 0.5, "签收")
        with pytest.raises(UserWarning, match="missing"):
            fig.savefig(tmp_path / "tofu.png")


@pytest.mark.slow
def test_five_hundred_events_stay_readable(tmp_path: Path) -> None:
    frame, clocks = _synthetic(500)
    fig = draw_timeline(
        Timeline(frame), clocks, title="压力测试 500 个事件", today=date(2026, 11, 29)
    )
    title = fig.axes[0].get_title(loc="left")
    assert "合并显示" in title  # dense stretches were summarised
    assert len(fig.axes[0].texts) < 80  # a readable number of labels, not 500
    assert any(re.match(r"\d+ 项", t.get_text()) for t in fig.axes[0].texts)
    _assert_no_overlap(fig)
    out = save_figure(fig, tmp_path / "big.png")
    assert out.stat().st_size > 20_000


def test_redact_is_applied_to_every_label(store: Store) -> None:
    case = build_demo(store)
    fig = timeline_figure(store, case.id, redact=lambda s: "*" * len(s))
    for t in _texts(fig):
        assert set(t.get_text()) <= {"*", "\n"}, t.get_text()


def test_wrong_suffix_is_refused(store: Store, tmp_path: Path) -> None:
    case = build_demo(store)
    with pytest.raises(InvalidInput) as err:
        save_timeline(store, case.id, tmp_path / "figs" / "timeline.jpg")
    assert ".png" in err.value.en and not (tmp_path / "figs").exists()


def test_empty_case_draws(store: Store) -> None:
    case = store.create_case(title="空案件", category="other")
    fig = timeline_figure(store, case.id)
    assert "尚无事件" in fig.axes[0].get_title(loc="left")
    assert "无关" not in fig.axes[0].get_title(loc="left")  # no bill imported: nothing to count
    assert case_timeline(store, case.id).unrelated == 0


def test_a_duty_met_early_ends_where_it_was_met() -> None:
    """The seller answered two days after the return request: the span stops there, not at the
    15-day due date, which would read as fifteen days of waiting."""
    events = make_events(
        ("2026-11-04 15:00", "delivered", "courier"),
        ("2026-11-06 10:00", "return_requested"),
        ("2026-11-08 11:00", "seller_replied", "seller"),
    )
    clocks = compute(make_case("return"), events, [], date(2026, 11, 29))
    frame = pd.DataFrame(
        [
            {
                "at": e.at,
                "lane": e.actor.value,
                "kind": e.kind.value,
                "label": e.kind.zh,
                "text": "",
                "source": "event",
                "ref": str(e.id),
            }
            for e in events
        ],
        columns=COLUMNS,
    )
    fig = draw_timeline(Timeline(frame), clocks, title="早答复", today=date(2026, 11, 29))
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert any("商家处理退货申请 11-08 已满足" in label for label in labels), labels
    assert not any("11-21" in label for label in labels)


def test_an_event_and_its_contact_record_are_one_marker(store: Store) -> None:
    """The demo logs the 12315 complaint as an event and as a contact with its number: the
    timeline shows it once, the number kept on the event (as the narrative tells it once)."""
    case = build_demo(store)
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    filed = frame[frame["at"] == pd.Timestamp("2026-10-20 09:30", tz=SHANGHAI)]
    assert list(filed["kind"]) == ["complaint_filed"]
    assert "1233010020261020000123" in filed.iloc[0]["ref"]
    # A contact with no event beside it still shows on its own.
    assert "contact_in" in set(frame["kind"])


def test_evidence_is_drawn_when_it_was_captured(store: Store) -> None:
    """The demo's crop takes its original's capture time, its imported bill is not an evidence
    marker (its transactions are), and the axis stays in Sept–Oct, not the day of typing."""
    case = build_demo(store)
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    marks = frame[frame["source"] == "evidence"]
    assert len(marks) == 4 and "证据：交易/支付记录" not in set(marks["label"])
    assert frame["at"].max() < pd.Timestamp("2026-11-01", tz=SHANGHAI)
    assert timeline.undated == 0


def test_undated_evidence_is_counted_not_drawn(store: Store) -> None:
    from casework.evidence import add_evidence

    case = store.create_case(title="证据时间", category="quality")
    photo = add_evidence(
        store, case.id, b"photo", name="a.jpg", type="defect_photo", captured_at="2026-10-03 10:20"
    )
    add_evidence(store, case.id, b"crop", name="b.jpg", type="defect_photo", derived_from=photo.id)
    add_evidence(store, case.id, b"note", name="c.txt", type="other")  # no capture time
    timeline = case_timeline(store, case.id)
    frame = timeline.frame
    marks = frame[frame["source"] == "evidence"]
    assert list(marks["at"].dt.strftime("%m-%d %H:%M")) == ["10-03 10:20", "10-03 10:20"]
    assert timeline.undated == 1
    assert "1 项证据未注明取得时间" in timeline_figure(store, case.id).axes[0].get_title(loc="left")
    en = timeline_figure(store, case.id, lang="en").axes[0].get_title(loc="left")
    assert "1 evidence item(s) with no capture time" in en
