"""Screenshot reading in the evidence panel (截图识别): the read text beside the image, the fields
found and their cross-checks, and chosen chat messages added as timeline events.

Model and view apart: every button is one call into :mod:`casework.evidence.screenshots`.
Reading runs only when asked (the engine takes seconds); a screenshot read before shows at once.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..evidence import list_evidence
from ..evidence.screenshots import (
    MACHINE_READ,
    ScreenshotRead,
    add_chat_events,
    evidence_numbers,
    kept_screenshot,
    read_screenshot,
)
from ..money import fmt, from_fen
from ..store import Store
from .common import Panel, Session

_MARK = {"match": "✓", "differs": "✗", "new": "+", "low": "?"}


class ScreenshotModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def images(self) -> list[tuple[str, int]]:
        """(label, evidence id) of the case's images, labelled 证据N as the 证据清单 numbers them."""
        numbers = evidence_numbers(self.store, self.session.case_id)
        return [
            (f"证据{numbers.get(i.id, '?')} {i.display_name}", i.id)
            for i in list_evidence(self.store, self.session.case_id)
            if i.mime.startswith("image/")
        ]

    def kept(self, evidence_id: int) -> ScreenshotRead | None:
        return kept_screenshot(self.store, evidence_id)

    def read(self, evidence_id: int) -> ScreenshotRead:
        return read_screenshot(self.store, evidence_id)

    def image(self, evidence_id: int) -> bytes:
        from ..access import log_access
        from ..evidence import get_evidence

        item = get_evidence(self.store, evidence_id)
        data = item.path(self.store).read_bytes()
        log_access(self.store, item.case_id, "access.evidence", {"evidence_id": evidence_id})
        return data

    def add_events(self, evidence_id: int, chosen: list[int]) -> list[Any]:
        return add_chat_events(self.store, evidence_id, chosen)


def _value(key: str, value: object) -> str:
    if key.endswith("_fen") and isinstance(value, int):
        return fmt(from_fen(value))
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return " ".join(map(str, value.values()))
    return str(value)


class ScreenshotView(Panel):
    title_zh = "截图识别"
    title_en = "Screenshot reading"
    name = "screenshot"

    def __init__(self, model: ScreenshotModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.pick = w.Dropdown(description=self.t("截图", "Screenshot"), options=[])
        self.pick.observe(lambda _c: self.guard(self.show), names="value")
        self.read_button = w.Button(description=self.t("识别文字", "Read text"), icon="eye")
        self.read_button.on_click(lambda _b: self.read())
        self.picture = w.Image(format="png", layout=w.Layout(width="280px"))
        self.text = w.HTML()
        self.found = w.HTML()
        self.messages = w.SelectMultiple(options=[], rows=6, layout=w.Layout(width="40em"))
        self.add_button = w.Button(
            description=self.t("加入事件", "Add as events"), icon="plus", button_style="primary"
        )
        self.add_button.on_click(lambda _b: self.add_events())
        self.chat = w.VBox(
            [
                w.HTML(self.t("<b>聊天消息</b>（选择后加入时间线）", "<b>Chat messages</b>")),
                self.messages,
                self.add_button,
            ]
        )
        self.body.children = [
            w.HBox([self.pick, self.read_button]),
            w.HBox([self.picture, w.VBox([self.text, self.found])]),
            self.chat,
        ]
        self.current: ScreenshotRead | None = None
        self.guard(self.refresh)

    def refresh(self) -> None:
        if not self.session.case_id:
            self.pick.options = []
            self.layout.display = "none"
            return
        options = self.model.images()
        self.layout.display = None if options else "none"
        keep = self.pick.value
        self.pick.options = options
        if keep in [v for _, v in options]:
            self.pick.value = keep
        self.show()

    def show(self) -> None:
        evidence_id = self.pick.value
        self.current = None
        self.text.value = self.found.value = ""
        self.messages.options = []
        self.chat.layout.display = "none"
        if evidence_id is None:
            return
        self.picture.value = self.model.image(evidence_id)
        read = self.model.kept(evidence_id)
        if read is None:
            self.text.value = self.t(
                "<i>尚未识别：点「识别文字」（约需数秒，离线）。</i>",
                "<i>Not read yet: press Read text (a few seconds, offline).</i>",
            )
            return
        self.render(read)

    def read(self) -> None:
        if self.pick.value is None:
            self.notice.error(self.t("请先选择截图", "choose a screenshot first"))
            return
        read = self.guard(self.model.read, self.pick.value)
        if read is not None:
            self.render(read)
            self.notice.ok(
                self.t(
                    f"已识别 {len(read.reading.lines)} 行文字",
                    f"{len(read.reading.lines)} lines read",
                )
            )

    def render(self, read: ScreenshotRead) -> None:
        self.current = read
        head = self.t(MACHINE_READ[0], MACHINE_READ[1])
        lines = "".join(
            f'<div style="{"background:#fff3cd" if line.low else ""}">{html.escape(line.text)}'
            + (" <small>?</small>" if line.low else "")
            + "</div>"
            for line in read.reading.lines
        ) or self.t("<i>未识别到文字</i>", "<i>no text found</i>")
        self.text.value = (
            f"<b>{head}</b> <small>({html.escape(read.reading.engine)} "
            f"{html.escape(read.reading.version)})</small>"
            f'<div style="font-family:monospace;max-height:24em;overflow:auto">{lines}</div>'
        )
        shown = {
            k: v
            for k, v in read.fields.items()
            if v not in (None, [], "", {}) and k not in ("kind", "low_confidence")
        }
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(_value(k, v))}</td></tr>"
            for k, v in shown.items()
        )
        checks = "".join(
            f"<li>{_MARK.get(c.status, c.status)} {html.escape(c.message(self.lang))}</li>"
            for c in read.checks
        )
        self.found.value = (
            f"<b>{self.t('识别字段', 'Fields')}</b><table>{rows}</table>" if rows else ""
        ) + (f"<b>{self.t('核对', 'Checks')}</b><ul>{checks}</ul>" if checks else "")
        if read.messages:
            self.chat.layout.display = None
            self.messages.options = [
                (
                    f"{'→' if m.side == 'consumer' else '←'} {m.time[:16].replace('T', ' ') if m.time else '—'} "
                    f"{m.text}",
                    n,
                )
                for n, m in enumerate(read.messages)
            ]

    def add_events(self) -> None:
        if self.current is None or not self.messages.value:
            self.notice.error(self.t("请先选择消息", "choose messages first"))
            return
        added = self.guard(
            self.model.add_events, self.current.evidence_id, list(self.messages.value)
        )
        if added is None:
            return
        self.changed()
        self.notice.ok(self.t(f"已加入 {len(added)} 个事件", f"{len(added)} events added"))
