"""Case picker (选择案件): choose a case of the register, or start a new one in the intake form.

The list shows each case's title, status and last activity, can be searched, and follows the
register by itself: a case made by the CLI or a colleague appears within seconds (the picker
watches the register's signature from the kernel's event loop), and a change to the open case
made elsewhere is announced with the way to reload it. The header holds the language switch.
"""

from __future__ import annotations

import asyncio
from typing import Any

import ipywidgets as w

from ..cases import Case
from ..store import Store
from .common import Panel, Session, label

#: Seconds between two looks at the register (one small query: count, latest activity).
POLL_SECONDS = 2.0

LANGUAGES = [("中文", "zh"), ("English", "en")]


def choice_label(case: Case, lang: str = "zh") -> str:
    """2026-0003 · 等待答复 · 蓝牙耳机左耳无声 · 2026-10-05 14:20 (its last activity)."""
    return (
        f"{case.id} · {label(case.status, lang)} · {case.title} · {case.updated_at:%Y-%m-%d %H:%M}"
    )


def matches(case: Case, query: str) -> bool:
    """Search by id, title, platform, shop, respondent, complainant or an order number."""
    q = query.strip().lower()
    if not q:
        return True
    hay = " ".join(
        [
            case.id,
            case.title,
            case.platform,
            case.shop_name,
            case.respondent_name,
            case.complainant_name,
            *case.order_numbers,
        ]
    ).lower()
    return all(part in hay for part in q.split())


class PickerModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def choices(self, lang: str = "zh", query: str = "") -> list[tuple[str, str]]:
        """(label, id) for every case matching ``query`` (all by default), latest activity
        first; the open case is always listed, so the picker can show it."""
        cases = sorted(self.store.list_cases(), key=lambda c: c.updated_at, reverse=True)
        return [
            (choice_label(c, lang), c.id)
            for c in cases
            if matches(c, query) or c.id == self.session.case_id
        ]

    def signature(self) -> tuple[Any, ...]:
        from .resume import register_signature

        return register_signature(self.store, self.session.case_id)

    def pick(self, case_id: str) -> None:
        if case_id:
            self.store.get_case(case_id)  # NotFound for a stale choice
        self.session.case_id = case_id

    def new_case(self) -> None:
        self.session.case_id = ""


class PickerView(Panel):
    title_zh = "案件"
    title_en = "Case"
    name = "picker"

    def __init__(self, model: PickerModel, lang: str = "zh", *, poll: bool = True) -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.language = w.ToggleButtons(
            options=LANGUAGES,
            value="en" if lang == "en" else "zh",
            tooltips=["界面改为中文", "Switch the workbook to English"],
            style={"button_width": "6em"},
        )
        self.language.add_class("cw-language")
        self.search = w.Text(
            placeholder=self.t(
                "搜索：编号、标题、平台、店铺、订单号", "Search: id, title, platform, shop, order"
            ),
            continuous_update=True,
            layout=w.Layout(width="30em"),
        )
        self.search.add_class("cw-search")
        self.dropdown = w.Dropdown(
            description=self.t("案件", "Case"), layout=w.Layout(width="46em")
        )
        self.new_button = w.Button(description=self.t("新案件", "New case"), icon="plus")
        self.reload_button = w.Button(description=self.t("刷新", "Reload"), icon="refresh")
        self.status = w.HTML()
        self.body.children = [
            w.HBox([self.language]),
            w.HBox([self.search]),
            w.HBox([self.dropdown, self.new_button, self.reload_button]),
            self.status,
        ]
        self._syncing = False
        self._signature: tuple[Any, ...] | None = None
        self._recalled: str | None = None
        self._task: asyncio.Task[None] | None = None
        self.dropdown.observe(self._on_pick, names="value")
        self.search.observe(lambda _c: self.guard(self.refresh), names="value")
        self.language.observe(self._on_language, names="value")
        self.new_button.on_click(lambda _b: self.guard(self.model.new_case))
        self.reload_button.on_click(lambda _b: self.guard(self.reload))
        self.guard(self.refresh)
        if poll:
            self._start_watching()

    def refresh(self) -> None:
        self._signature = self.model.signature()
        self._syncing = True
        try:
            choices = self.model.choices(self.lang, self.search.value)
            self.dropdown.options = [(self.t("（新案件）", "(new case)"), ""), *choices]
            self.dropdown.value = self.session.case_id
        finally:
            self._syncing = False
        if self.session.case_id:
            self.status.value = self.t(
                f"当前案件 {self.session.case_id}。", f"Working on case {self.session.case_id}."
            ) + self._group_line(self.session.case_id)
        else:
            self.status.value = self.t(
                "新案件：在第 1 步「登记」中填写并保存。",
                "New case: fill and save the intake form in step 1.",
            )

    def _group_line(self, case_id: str) -> str:
        """The group complaint (共同投诉, #17) the case is a member of, if any."""
        import html

        from ..groups import membership

        joined = membership(self.model.store, case_id)
        if joined is None:
            return ""
        return f' <span class="cw-group-member">{html.escape(joined.line(self.lang))}</span>'

    def reload(self) -> None:
        """刷新: every panel reloads the open case from the register."""
        self.changed()
        self.notice.ok(self.t("已从登记库重新载入", "Reloaded from the register"))

    def check_register(self) -> bool:
        """Look once: when another writer changed the register, list its cases anew (and say
        so if it changed the open case). True when something changed."""
        from .resume import recall

        wanted = recall(self.model.store)  # the portfolio's 在工作簿中打开 writes it
        if wanted and wanted != self.session.case_id and wanted != self._recalled:
            self._recalled = wanted
            self.model.pick(wanted)
            self.notice.ok(self.t(f"已打开案件 {wanted}", f"Opened case {wanted}"))
            return True
        self._recalled = wanted
        signature = self.model.signature()
        if self._signature is None or signature == self._signature:
            self._signature = signature
            return False
        before = self._signature
        self.refresh()
        if self.session.case_id and before[2] is not None and signature[2] != before[2]:
            self.notice.info(
                self.t(
                    f"案件 {self.session.case_id} 已在别处更改（第 {signature[2]} 版）："
                    "点「刷新」载入最新内容；未保存的修改保存时会提示冲突。",
                    f"Case {self.session.case_id} was changed elsewhere (version "
                    f"{signature[2]}): press Reload to load it; an unsaved edit reports the "
                    "conflict when saved.",
                )
            )
        return True

    def _start_watching(self) -> None:
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
        if loop.is_running():  # the kernel's loop; not in tests or scripts
            self._task = loop.create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            self.guard(self.check_register)

    def dispose(self) -> None:
        if self._task is not None:
            self._task.cancel()
        super().dispose()

    def _on_pick(self, change: Any) -> None:
        if not self._syncing:
            self.guard(self.model.pick, change["new"] or "")

    def _on_language(self, change: Any) -> None:
        self.session.lang = change["new"]
