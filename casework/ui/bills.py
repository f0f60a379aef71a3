"""Bills (账单): upload an Alipay / WeChat Pay / JD / bank export, see what was detected, the
preview and every rejected row with its line, then import it into the case.

Inspecting is pure (nothing is written); importing is one call to ``records.import_bill``, which
keeps the file as evidence and every transaction with its source line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ..money import fmt
from ..store import Store
from .common import Panel, Progress, Session, stage, table_html, unstage, uploads

PREVIEW_ROWS = 12

REJECTED_COLUMNS = [("line", "行号", "Line"), ("reason", "原因", "Reason")]


class BillsModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.staged: Path | None = None
        self.result: Any = None  # records.ParseResult of the staged file

    def inspect(self, name: str, content: bytes) -> Any:
        """Detect the source and parse the uploaded file (nothing is written to the register)."""
        self.discard()
        self.staged = stage(name, content)
        from ..records import inspect  # type: ignore[attr-defined]  # lands with #3

        self.result = inspect(self.staged)
        return self.result

    def import_staged(self, progress: Any = None) -> Any:
        """Import the inspected file into the case (one call; the register has it at once)."""
        if self.staged is None:
            from ..errors import InvalidInput

            raise InvalidInput("请先上传账单文件", "upload a bill file first", field="file")
        from ..records import import_bill  # type: ignore[attr-defined]  # lands with #3

        result = import_bill(self.store, self.session.case_id, self.staged, progress=progress)
        self.discard()
        return result

    def discard(self) -> None:
        unstage(self.staged)
        self.staged = None
        self.result = None

    def transactions(self) -> pd.DataFrame:
        from ..records import transactions  # type: ignore[attr-defined]  # lands with #3

        return transactions(self.store, self.session.case_id)


def _summary(result: Any, lang: str) -> str:
    totals = getattr(result, "totals", {}) or {}
    period = getattr(result, "period", None)
    parts = [
        f"{'来源' if lang != 'en' else 'Source'}: <b>{result.source}</b>"
        f" ({getattr(result, 'layout', '')})",
        f"{'行数' if lang != 'en' else 'Rows'}: {len(result.frame)}",
        f"{'拒绝' if lang != 'en' else 'Rejected'}: {len(result.rejected)}",
    ]
    if totals:
        parts.append(" · ".join(f"{k}: {fmt(v)}" for k, v in totals.items()))
    if period:
        parts.append(f"{'期间' if lang != 'en' else 'Period'}: {period}")
    warnings = getattr(result, "warnings", None) or []
    lines = "<br>".join(parts)
    if warnings:
        lines += "<br>" + "<br>".join(f"⚠ {w}" for w in warnings)
    return lines


class BillsView(Panel):
    title_zh = "账单导入"
    title_en = "Bills"
    name = "bills"

    def __init__(self, model: BillsModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.upload = w.FileUpload(
            accept=".csv,.xlsx,.xls,.txt",
            multiple=False,
            description=self.t("选择账单文件", "Choose a bill"),
        )
        self.upload.observe(self._on_upload, names="value")
        self.detected = w.HTML()
        self.preview = w.HTML()
        self.rejected = w.HTML()
        self.import_button = w.Button(
            description=self.t("导入本案", "Import into the case"),
            button_style="primary",
            icon="upload",
            disabled=True,
        )
        self.import_button.on_click(lambda _b: self.do_import())
        self.progress = Progress()
        self.existing = w.HTML()
        self.form = w.VBox(
            [
                self.upload,
                self.detected,
                self.preview,
                self.rejected,
                w.HBox([self.import_button, self.progress]),
            ]
        )
        self.body.children = [self.form, self.existing]
        self.guard(self.refresh)

    def refresh(self) -> None:
        if not self.session.case_id:
            self.form.layout.display = "none"
            self.existing.value = self.no_case().value
            return
        self.form.layout.display = None
        frame = self.model.transactions()
        self.existing.value = self.t(
            f"本案已导入交易 {len(frame)} 笔。", f"{len(frame)} transactions imported in this case."
        )

    def _on_upload(self, _change: Any) -> None:
        files = uploads(self.upload)
        if not files:
            return
        self.notice.clear()
        self.import_button.disabled = True
        self.detected.value = self.preview.value = self.rejected.value = ""
        result = self.guard(self.model.inspect, *files[0])
        if result is None:
            return
        self.detected.value = _summary(result, self.lang)
        self.preview.value = (
            "<b>"
            + self.t("预览", "Preview")
            + "</b>"
            + table_html(result.frame.head(PREVIEW_ROWS), lang=self.lang)
        )
        if result.rejected:
            self.rejected.value = (
                "<b>"
                + self.t("无法解析的行", "Rejected rows")
                + "</b>"
                + table_html(pd.DataFrame(result.rejected), REJECTED_COLUMNS, self.lang)
            )
        self.import_button.disabled = not self.session.case_id

    def do_import(self) -> None:
        result = self.guard(self.model.import_staged, self.progress)
        self.progress.finish(result is not None)
        if result is None:
            return
        self.import_button.disabled = True
        self.notice.ok(
            self.t(
                f"已导入: {_import_text(result, 'zh')}", f"Imported: {_import_text(result, 'en')}"
            )
        )
        self.guard(self.refresh)


def _import_text(result: Any, lang: str) -> str:
    added = getattr(result, "rows_added", getattr(result, "added", "?"))
    present = getattr(result, "rows_present", getattr(result, "already_present", 0))
    rejected = getattr(result, "rejected", [])
    n_rejected = len(rejected) if isinstance(rejected, list | tuple) else rejected
    if lang == "en":
        return f"{added} new rows, {present} already present, {n_rejected} rejected"
    return f"新增 {added} 行，已存在 {present} 行，拒绝 {n_rejected} 行"
