"""Bills (账单): upload an Alipay / WeChat Pay / JD / bank export, see what was detected, the
preview and every rejected row with its line, then import it into the case.

Inspecting is pure (nothing is written); importing is one call to ``workflow.import_bill``, which
keeps the file as evidence and every transaction with its source line.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ..money import fmt, from_fen
from ..store import Store
from .common import Panel, Progress, Session, stage, table_html, tr, unstage, uploads

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
        from ..records import inspect

        self.result = inspect(self.staged)
        return self.result

    def import_staged(self, progress: Any = None) -> Any:
        """Import the inspected file into the case (one call; the register has it at once)."""
        if self.staged is None:
            from ..errors import InvalidInput

            raise InvalidInput("请先上传账单文件", "upload a bill file first", field="file")
        from ..workflow import import_bill

        result = import_bill(self.store, self.session.case_id, self.staged, progress=progress)
        self.discard()
        return result

    def discard(self) -> None:
        unstage(self.staged)
        self.staged = None
        self.result = None

    def imported(self) -> list[dict[str, Any]]:
        """The bills already imported into the case, oldest first."""
        from ..records.importing import import_summary

        return import_summary(self.store, self.session.case_id)


_DIRECTION = {"out": ("支出", "out"), "in": ("收入", "in"), "neutral": ("不计收支", "neutral")}
#: Canonical columns worth seeing in the preview (the frame has more: hashes, provenance).
PREVIEW_COLUMNS = [
    ("line", "行号", "Line"),
    ("time", "时间", "Time"),
    ("direction", "收/支", "Dir."),
    ("amount", "金额", "Amount"),
    ("counterparty", "交易对方", "Counterparty"),
    ("item", "商品", "Item"),
    ("txn_id", "交易号", "Transaction"),
    ("merchant_order_id", "商户订单号", "Merchant order"),
    ("status", "状态", "Status"),
]


def source_label(source: str, lang: str = "zh") -> str:
    """微信支付 for ``wechat``: the importer's own Chinese name (the key in English)."""
    if lang == "en":
        return source
    from ..records import IMPORTERS

    return {imp.source: imp.label for imp in IMPORTERS}.get(source, source)


def summary_html(result: Any, lang: str) -> str:
    """What was detected: source and layout, rows, rejected rows, totals, period, warnings."""
    en = lang == "en"
    period = result.period or {}
    lines = [
        f"{'Source' if en else '来源'}: <b>{html.escape(source_label(result.source, lang))}</b> "
        f"({html.escape(result.layout)}) · {'rows' if en else '行数'} {result.rows} · "
        f"{'rejected' if en else '无法读取'} {len(result.rejected)}",
        " · ".join(f"{_DIRECTION.get(d, (d, d))[en]} {fmt(v)}" for d, v in result.totals.items()),
    ]
    if period.get("start") or period.get("end"):
        start, end = (str(period.get(k) or "?")[:10] for k in ("start", "end"))
        lines.append(f"{'Period' if en else '期间'}: {start} – {end}")
    lines += [f"⚠ {html.escape(str(w))}" for w in result.warnings]
    return '<div class="cw-detected">' + "<br>".join(lines) + "</div>"


def preview_frame(result: Any, lang: str = "zh") -> pd.DataFrame:
    frame = result.frame.head(PREVIEW_ROWS).copy()
    frame["direction"] = frame["direction"].map(lambda d: _DIRECTION.get(d, (d, d))[lang == "en"])
    frame["amount"] = frame["amount_fen"].map(lambda f: fmt(from_fen(int(f))))
    frame["time"] = frame["time"].map(lambda t: f"{t:%Y-%m-%d %H:%M}" if pd.notna(t) else "")
    return frame


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
        self.existing.value = imported_html(self.model.imported(), self.lang)

    def _on_upload(self, _change: Any) -> None:
        files = uploads(self.upload)
        if not files:
            return
        self.notice.clear()
        self.import_button.disabled = True
        self.detected.value = self.preview.value = self.rejected.value = ""
        result = self.guard(self.model.inspect, *files[0])
        if result is None:
            from .sniff import looks_like

            seen = looks_like(files[0][1])
            if seen is not None:  # say what it is, not how decoding failed
                self.notice.error(
                    f"「{files[0][0]}」不是账单：它看起来是{seen[0]}。请上传支付宝、微信支付、京东或银行导出的 "
                    f"CSV / XLSX / XLS 文件 / {files[0][0]} is not a bill: it looks like {seen[1]}. "
                    "Upload the CSV / XLSX / XLS export of Alipay, WeChat Pay, JD or a bank."
                )
            return
        self.detected.value = summary_html(result, self.lang)
        self.preview.value = (
            "<b>"
            + self.t("预览", "Preview")
            + "</b>"
            + table_html(preview_frame(result, self.lang), PREVIEW_COLUMNS, self.lang)
        )
        if result.rejected:
            self.rejected.value = (
                "<b>"
                + self.t("无法解析的行", "Rejected rows")
                + "</b>"
                + table_html(
                    pd.DataFrame([r.to_dict() for r in result.rejected]),
                    REJECTED_COLUMNS,
                    self.lang,
                )
            )
        self.import_button.disabled = not self.session.case_id

    def do_import(self) -> None:
        result = self.guard(self.model.import_staged, self.progress)
        self.progress.finish(result is not None)
        if result is None:
            return
        self.import_button.disabled = True
        # The preview was of the file just imported: the list below now shows it.
        self.detected.value = self.preview.value = self.rejected.value = ""
        # Empty the chooser: picking the same file again must be a change the panel sees.
        self.upload.value = ()
        self.notice.ok(
            self.t(f"已导入: {import_text(result, 'zh')}", f"Imported: {import_text(result, 'en')}")
        )
        self.changed()


IMPORTED_COLUMNS = [
    ("file_name", "文件", "File"),
    ("source", "来源", "Source"),
    ("rows", "行数", "Rows"),
    ("added_rows", "新增交易", "New"),
    ("rejected", "无法读取", "Rejected"),
    ("at", "导入时间", "Imported"),
]


def imported_html(imports: list[dict[str, Any]], lang: str) -> str:
    """The bills of the case, or the plain empty state (尚未导入账单)."""
    frame = pd.DataFrame(imports, columns=[c[0] for c in IMPORTED_COLUMNS])
    frame["source"] = frame["source"].map(lambda x: source_label(x, lang))
    frame["rejected"] = frame["rejected"].map(lambda r: len(r or []))
    frame["at"] = frame["at"].map(lambda t: str(t)[:16].replace("T", " "))
    heading = "<b>" + tr(lang, "本案已导入的账单", "Bills imported in this case") + "</b>"
    return heading + table_html(
        frame,
        IMPORTED_COLUMNS,
        lang,
        empty=("尚未导入账单。", "No bill imported yet."),
    )


def import_text(result: Any, lang: str) -> str:
    if lang == "en":
        return (
            f"{result.added} new rows, {result.already_present} already in the case, "
            f"{len(result.rejected)} rejected"
        )
    return (
        f"新增 {result.added} 行，案中已有 {result.already_present} 行，"
        f"无法读取 {len(result.rejected)} 行"
    )
