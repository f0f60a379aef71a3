"""Export (导出): format, redaction profile and language → the submission file, its SHA-256 and a
download link.

The link embeds the file (a data: URL with ``download``), because the export folder under the
casework home is usually outside the folder JupyterLab serves.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..report.redaction import PROFILE_ZH, PROFILES
from ..store import Store
from .common import Panel, Progress, Session, labelled

FORMATS = [("HTML", "html"), ("PDF", "pdf")]
LANGS = [("中文", "zh"), ("English", "en")]
LANGS_EN = [("Chinese (中文)", "zh"), ("English", "en")]
_MIME = {".html": "text/html", ".pdf": "application/pdf"}


def download_link(path: Path, label: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return (
        f'<a download="{html.escape(path.name)}" href="data:{mime};base64,{data}" '
        'style="color:#1565c0;text-decoration:underline" '
        f'target="_blank">{html.escape(label)}</a>'
    )


class ExportModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def export(self, to: str, profile: str, lang: str, progress: Any = None) -> Any:
        from ..report import export_case

        return export_case(
            self.store, self.session.case_id, to=to, profile=profile, lang=lang, progress=progress
        )


class ExportView(Panel):
    title_zh = "导出提交材料"
    title_en = "Export the submission"
    name = "export"

    def __init__(self, model: ExportModel, lang: str = "zh", profile: str = "public") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.format = w.Dropdown(options=FORMATS, value="html")
        # 隐私保护版 masks personal data for the public; 原始证据版 is for the authority.
        profiles = [(PROFILE_ZH[p] if lang != "en" else p, p) for p in PROFILES]
        self.profile = w.Dropdown(
            options=profiles, value=profile if profile in dict(profiles).values() else "public"
        )
        self.language = w.Dropdown(
            options=LANGS_EN if lang == "en" else LANGS,
            value=lang if lang in ("zh", "en") else "zh",
        )
        self.export_button = w.Button(
            description=self.t("导出", "Export"), button_style="primary", icon="file"
        )
        self.export_button.on_click(lambda _b: self.do_export())
        self.progress = Progress()
        self.result = w.HTML()
        self.form = w.VBox(
            [
                labelled(lang, "格式", "Format", self.format),
                labelled(lang, "脱敏方式", "Redaction", self.profile),
                labelled(lang, "语言", "Language", self.language),
                w.HBox([self.export_button, self.progress]),
            ]
        )
        hint = self.t(
            "隐私保护版遮盖姓名、电话、身份证号、地址和账号，可转发他人；"
            "原始证据版保留投诉人信息，递交 12315、消协或法院时使用。",
            "public masks names, phone and ID numbers, addresses and accounts, for sharing; "
            "authority keeps the complainant's details, for 12315, the association or a court.",
        )
        self.form.children = (
            *self.form.children[:2],
            w.HTML(f"<small>{html.escape(hint)}</small>"),
            *self.form.children[2:],
        )
        self.body.children = [self.form, self.result]
        self.guard(self.refresh)

    def refresh(self) -> None:
        self.result.value = ""
        self.form.layout.display = None if self.session.case_id else "none"
        if not self.session.case_id:
            self.result.value = self.no_case().value

    def do_export(self) -> None:
        self.result.value = ""
        self.progress.bar_style = "info"
        out = self.guard(
            self.model.export,
            self.format.value,
            self.profile.value,
            self.language.value,
            self.progress,
        )
        self.progress.finish(out is not None)
        if out is None:
            return
        path = Path(out.path)
        link = self.guard(download_link, path, self.t(f"下载 {path.name}", f"Download {path.name}"))
        self.result.value = (
            f"{link or ''}<br>{self.t('文件位置', 'Saved at')}: <code>{html.escape(str(path))}</code><br>"
            f"SHA-256: <code>{out.sha256}</code>"
        )
        self.notice.ok(self.t("已导出，文件的 SHA-256 已记录", "exported; its SHA-256 is recorded"))
