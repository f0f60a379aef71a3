"""Evidence (证据): upload files with what they prove, see the evidence list (证据清单) and the
checklist of what the chosen channel still needs, and verify that no stored file changed."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from ..evidence import EvidenceFields, EvidenceType, add_evidence, evidence_list, verify
from ..store import Store
from .common import Panel, Progress, Session, labelled, table_html, uploads

#: The 证据清单 as the submission numbers it ("证据3" in the facts is row 3 here and there).
LIST_COLUMNS = [
    ("no", "证据编号", "No."),
    ("type_label", "类型", "Type"),
    ("name", "文件", "File"),
    ("description", "说明", "Description"),
    ("proves", "证明内容", "Proves"),
    ("original", "原件/派生", "Original?"),
    ("sha256", "SHA-256（前 16 位）", "SHA-256 (first 16)"),
]
CHECK_COLUMNS = [
    ("requirement", "材料", "Requirement"),
    ("status", "状态", "Status"),
    ("how_to_obtain", "如何取得", "How to obtain"),
    ("citation", "依据", "Citation"),
]

_CHECK_STATUS = {
    "met": ("✓ 已有", "✓ met"),
    "missing": ("✗ 缺少", "✗ missing"),
    "recommended": ("△ 建议补充", "△ recommended"),
}

_STATUS_KEY = {label: key for key, pair in _CHECK_STATUS.items() for label in pair}

#: The intake box 授权委托书 is the advocate's word that a letter is signed; the checklist asks
#: for the scan itself, so a ticked box beside a "missing" row needs saying why.
AUTHORIZATION_HINT = (
    "已勾选「授权委托书」：请在第 5 步上传扫描件（证据类型选「授权委托书」）。",
    "The intake box 'Authorization letter signed' is ticked: upload the scan here in step 5 "
    "(type: authorization letter).",
)


class EvidenceModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.last_report: Any = None  # the completeness report the checklist last showed

    def add(self, name: str, content: bytes, *, type: str, **details: Any) -> Any:
        """Store one uploaded file as evidence of the case (an identical file is kept once)."""
        fields = EvidenceFields(**details)
        return add_evidence(
            self.store, self.session.case_id, content, type=type, name=name, fields=fields
        )

    def items(self, lang: str = "zh") -> pd.DataFrame:
        """The numbered 证据清单 of the evidence module (by type, then as added)."""
        rows = evidence_list(self.store, self.session.case_id, lang)
        frame = pd.DataFrame(rows, columns=[c[0] for c in LIST_COLUMNS])
        frame["sha256"] = frame["sha256"].str[:16]
        return frame

    def numbers(self) -> dict[int, int]:
        """Evidence id → its number in the 证据清单."""
        rows = evidence_list(self.store, self.session.case_id)
        return {r["evidence_id"]: r["no"] for r in rows}

    def channel(self) -> str:
        return self.store.get_case(self.session.case_id).channel

    def set_channel(self, channel: str) -> Any:
        """Switch the case's filing channel (one write, audited like every field)."""
        case = self.store.get_case(self.session.case_id)
        return self.store.update_case(case.id, {"channel": channel}, expected_version=case.version)

    def checklist(self, lang: str = "zh") -> tuple[float, pd.DataFrame]:
        from ..evidence import check

        report = check(self.store, self.session.case_id, lang=lang)
        self.last_report = report
        ticked = self.store.get_case(self.session.case_id).authorization_on_file
        rows = []
        for item in report.items:
            row = item if isinstance(item, dict) else vars(item)
            status = str(row.get("status"))
            label = _CHECK_STATUS.get(status)
            how = str(row.get("how_to_obtain") or "")
            if ticked and status != "met" and "authorization_letter" in row.get("types", []):
                how = f"{AUTHORIZATION_HINT[lang == 'en']} {how}".strip()
            rows.append(
                {c[0]: row.get(c[0], "") for c in CHECK_COLUMNS}
                | {"status": label[lang == "en"] if label else status, "how_to_obtain": how}
            )
        # What is missing first, then what is recommended, then what is there.
        order = {k: n for n, k in enumerate(("missing", "recommended", "met"))}
        rows.sort(key=lambda r: order.get(_STATUS_KEY.get(str(r["status"]), ""), 3))
        return float(report.score), pd.DataFrame(rows, columns=[c[0] for c in CHECK_COLUMNS])

    def verify(self) -> Any:
        return verify(self.store, self.session.case_id)


class EvidenceView(Panel):
    title_zh = "证据"
    title_en = "Evidence"
    name = "evidence"

    def __init__(self, model: EvidenceModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.form = self._add_form(lang)
        self.score = w.FloatProgress(min=0.0, max=1.0, description=self.t("完整度", "Complete"))
        self.checklist = w.HTML()
        self.items = w.HTML()
        self._channel_picker(lang)
        from .screenshot import ScreenshotModel, ScreenshotView  # read text, add as events (#13)

        self.body.children = [
            w.HTML(self.t("<b>证据清单</b>", "<b>Evidence list</b>")),
            self.items,
            self.form,
            w.HTML(self.t("<b>材料检查</b>", "<b>Checklist</b>")),
            w.HBox([self.channel, self.channel_note]),
            self.score,
            self.checklist,
            ScreenshotView(ScreenshotModel(self.model.store, self.model.session), lang),
        ]
        self.guard(self.refresh)

    def _add_form(self, lang: str) -> w.VBox:
        """The upload and its fields (type, description, what it proves, when and how taken)."""
        wide = w.Layout(width="36em")
        self.upload = w.FileUpload(multiple=True, description=self.t("选择文件", "Choose files"))
        self.inputs: dict[str, w.ValueWidget] = {
            "type": w.Dropdown(
                options=[(t.label(lang), t.value) for t in EvidenceType], value="other"
            ),
            "description": w.Text(layout=wide),
            "proves": w.Text(
                placeholder=self.t("如: 左耳无声的质量问题", "e.g. the defect"), layout=wide
            ),
            "captured_at": w.Text(placeholder="2026-10-03 10:30", layout=wide),
            "captured_how": w.Text(
                placeholder=self.t("如: 手机截图、录屏", "e.g. phone screenshot"), layout=wide
            ),
        }
        labels = {
            "type": ("证据类型", "Type"),
            "description": ("说明", "Description"),
            "proves": ("证明内容", "Proves"),
            "captured_at": ("取得时间", "Captured at"),
            "captured_how": ("取得方式", "Captured how"),
        }
        self.add_button = w.Button(
            description=self.t("添加证据", "Add evidence"), button_style="primary", icon="plus"
        )
        self.add_button.on_click(lambda _b: self.add())
        self.verify_button = w.Button(description=self.t("核验文件", "Verify files"), icon="check")
        self.verify_button.on_click(lambda _b: self.verify())
        self.progress = Progress()
        hint = self.t(
            "上传的文件经浏览器整体发送；很大的视频请用命令 casework evidence add 添加。",
            "Uploads travel whole through the browser; add very large videos with "
            "`casework evidence add`.",
        )
        return w.VBox(
            [
                w.HBox([self.upload, w.HTML(f"<small>{hint}</small>")]),
                *[labelled(lang, *labels[k], v) for k, v in self.inputs.items()],
                w.HBox([self.add_button, self.verify_button, self.progress]),
            ]
        )

    def _channel_picker(self, lang: str) -> None:
        """The channel the checklist checks against (it follows the case's own channel)."""
        from ..cases import FilingChannel
        from .common import options

        self.channel = w.Dropdown(
            options=[(self.t("（未选择）", "(none chosen)"), ""), *options(FilingChannel, lang)],
            description=self.t("按渠道检查", "Channel"),
            layout=w.Layout(width="32em"),
        )
        self.channel.add_class("cw-check-channel")
        self.channel_note = w.HTML()
        self._syncing_channel = False
        self.channel.observe(self._channel_changed, names="value")

    def refresh(self) -> None:
        self.checklist.value = ""
        if not self.session.case_id:
            self.form.layout.display = "none"
            self.items.value = self.no_case().value
            return
        self.form.layout.display = None
        self.items.value = table_html(self.model.items(self.lang), LIST_COLUMNS, self.lang)
        self._syncing_channel = True
        try:
            self.channel.value = self.guard(self.model.channel) or ""
        finally:
            self._syncing_channel = False
        checked = self.guard(self.model.checklist, self.lang)
        if checked is not None:
            report = self.model.last_report
            named = report.channel_label or self.t("未选择渠道", "no channel")
            warn = "；".join(report.warnings) if report.warnings else ""
            self.channel_note.value = (
                "<small>"
                + self.t(f"本清单按「{named}」检查。", f"This checklist is for: {named}.")
                + (f" ⚠ {warn}" if warn else "")
                + "</small>"
            )
            score, frame = checked
            self.score.value = score
            self.score.description = self.t(f"完整度 {score:.0%}", f"Complete {score:.0%}")
            self.checklist.value = table_html(frame, CHECK_COLUMNS, self.lang)

    def _channel_changed(self, change: Any) -> None:
        if self._syncing_channel:
            return
        if self.guard(self.model.set_channel, change["new"] or "") is not None:
            self.changed()
            self.notice.ok(self.t("已切换投诉渠道", "Filing channel switched"))

    def add(self) -> None:
        files = uploads(self.upload)
        if not files:
            # Bilingual like every error line: the message is the same in either view.
            self.notice.error("请先选择文件 / choose a file first")
            return
        details = {k: v.value for k, v in self.inputs.items()}
        added: list[Any] = []
        self.progress.bar_style = "info"
        for n, (name, content) in enumerate(files):
            self.progress(n, len(files))
            item = self.guard(self.model.add, name, content, **details)
            if item is None:  # the notice names the file; the ones before it are stored
                self.progress.finish(ok=False)
                if added:
                    self.changed()
                return
            added.append(item)
        self.progress.finish()
        self.upload.value = ()
        self.inputs["description"].value = self.inputs["proves"].value = ""
        self.changed()
        numbers = self.guard(self.model.numbers) or {}
        names = "、".join(
            self.t(f"证据{numbers.get(i.id, '?')} ", f"no. {numbers.get(i.id, '?')} ")
            + i.display_name
            + (self.t("（已有相同文件）", " (already stored)") if i.duplicate else "")
            for i in added
        )
        self.notice.ok(self.t(f"已添加证据: {names}", f"Evidence added: {names}"))

    def verify(self) -> None:
        result = self.guard(self.model.verify)
        if result is None:
            return
        if result.ok:
            self.notice.ok(
                self.t(
                    "全部证据文件与登记的 SHA-256 一致",
                    "every evidence file matches its recorded SHA-256",
                )
            )
        else:
            self.notice.error("; ".join(result.lines("both")))
