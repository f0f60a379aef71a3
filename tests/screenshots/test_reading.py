"""Reading rendered phone screenshots: character accuracy and exact fields, on unseen pages."""

from __future__ import annotations

import itertools

import pytest

from casework.clock import SHANGHAI
from casework.evidence import screenshot_fields as sf

from .conftest import Shot
from .measure import accuracy

ALL = ["order", "order_degraded", "payment", "chat", "chat_degraded"]


@pytest.mark.parametrize("name", ALL)
def test_character_accuracy_is_at_least_95_percent(shots: dict[str, Shot], name: str) -> None:
    shot = shots[name]
    acc = accuracy(shot.page.truth, shot.reading.text)
    assert acc >= 0.95, f"{name}: {acc:.3f}\n{shot.reading.text}"


def test_lines_come_in_reading_order_with_boxes_and_scores(shots: dict[str, Shot]) -> None:
    r = shots["order"].reading
    tops = [line.y0 for line in r.lines]
    # each line starts no higher than half a line above the previous one
    assert all(b >= a - 20 for a, b in itertools.pairwise(tops)), tops
    assert all(len(line.box) == 4 and 0 <= line.score <= 1 for line in r.lines)
    assert r.engine == "rapidocr" and "3.10.0" in r.version


@pytest.mark.parametrize("name", ["order", "order_degraded"])
def test_order_fields_are_exact(shots: dict[str, Shot], name: str) -> None:
    shot = shots[name]
    got = sf.order_fields(shot.reading)
    for key, want in shot.page.fields.items():
        assert got[key] == want, (key, got[key], want)


def test_payment_fields_are_exact(shots: dict[str, Shot]) -> None:
    shot = shots["payment"]
    got = sf.payment_fields(shot.reading)
    for key, want in shot.page.fields.items():
        assert got[key] == want, (key, got[key], want)


@pytest.mark.parametrize("name", ["chat", "chat_degraded"])
def test_chat_messages_have_the_right_side_and_time(shots: dict[str, Shot], name: str) -> None:
    shot = shots[name]
    captured = shot.page.captured_at.replace(tzinfo=SHANGHAI) if shot.page.captured_at else None
    got = sf.chat_messages(shot.reading, captured)
    assert [(m.side, m.time) for m in got] == [(s, t) for s, t, _ in shot.page.messages]
    for m, (_, _, text) in zip(got, shot.page.messages, strict=True):
        assert accuracy([text], m.text) >= 0.95, (m.text, text)
    assert sf.chat_header(shot.reading) == shot.page.fields["counterpart"]


def test_kind_is_guessed_from_the_text(shots: dict[str, Shot]) -> None:
    assert sf.guess_kind(shots["order"].reading) == "order"
    assert sf.guess_kind(shots["payment"].reading) == "payment"
    assert sf.guess_kind(shots["chat"].reading) == "chat"
