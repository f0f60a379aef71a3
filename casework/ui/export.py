"""Export (导出): format, redaction profile and language → the submission file, its SHA-256 and a
download link; above it the review sheet (送出前核对) with a tick box to accept its warnings, and a
button for the 授权委托书 (authorization letter) when an agent acts.

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
from ..vocabulary import RecipientKind
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

    def export(
        self,
        to: str,
        profile: str,
        lang: str,
        progress: Any = None,
        accept: bool = False,
        recipient: str = "",
    ) -> Any:
        from ..report import export_case

        return export_case(
            self.store,
            self.session.case_id,
            to=to,
            profile=profile,
            lang=lang,
            progress=progress,
            accept_warnings=accept,
            recipient=recipient or None,
        )

    def review(self, lang: str, recipient: str = "") -> Any:
        from ..report.review import review

        return review(self.store, self.session.case_id, lang=lang, recipient=recipient or None)

    def form_12315(self, lang: str) -> Any:
        from ..report.form12315 import form_12315

        return form_12315(self.store, self.session.case_id, lang=lang)

    def authorization(self, lang: str) -> Path:
        from ..report.authorization import export_authorization

        return export_authorization(self.store, self.session.case_id, lang=lang)

    def archive(self) -> Any:
        """The hand-off archive (移交归档) of the open case: data, evidence, custody and audit."""
        from ..archive import export_archive
        from ..report.export import default_path

        case_id = self.session.case_id
        path = default_path(self.store, case_id, "zip", "archive", "all")
        return export_archive(self.store, [case_id], path)


def review_html(sheet: Any, lang: str) -> str:
    """The review sheet as a list: ✗ for what blocks the export, ! for what to check."""
    en = lang == "en"
    head = (
        f"<b>Review before sending</b>: {len(sheet.blocking)} to fix, {len(sheet.warnings)} to check"
        if en
        else f"<b>送出前核对</b>：必须处理 {len(sheet.blocking)} 项，请核对 {len(sheet.warnings)} 项"
    )
    if not sheet.items:
        return head + ("<br>Nothing to check." if en else "<br>没有需要核对的事项。")
    items = "".join(
        f'<li style="color:{"#a00" if i.level == "blocking" else "#555"}">'
        f"{'✗' if i.level == 'blocking' else '!'} {html.escape(i.text(lang))}</li>"
        for i in sheet.blocking + sheet.warnings
    )
    return f'{head}<ul style="margin:2px 0 4px 0">{items}</ul>'


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
        # Who receives it (提交对象, #17): the consent ledger must cover it; "" = the channel's.
        self.recipient = w.Dropdown(
            options=[(self.t("按递交渠道", "by the filing channel"), "")]
            + [(r.pick(lang), r.value) for r in RecipientKind],
            value="",
        )
        self.recipient.add_class("cw-recipient")
        self.recipient.observe(lambda _c: self.guard(self.show_review), names="value")
        self._buttons()
        #: One text box per field of the 12315 online form, to copy from.
        self.form_texts = w.VBox()
        self.review = w.HTML()
        self.accept = w.Checkbox(
            value=False,
            indent=False,
            description=self.t(
                "我已核对以上提醒，仍要导出（记入审计日志）",
                "I have checked these warnings; export anyway (audit-logged)",
            ),
        )
        self.progress = Progress()
        self.result = w.HTML()
        self.form = self._form(lang)
        self.body.children = [self.form, self.result, self.form_texts]
        self.guard(self.refresh)

    def _buttons(self) -> None:
        """Export, and the documents that go with it: the letter, the 12315 text, the archive."""
        self.export_button = w.Button(
            description=self.t("导出", "Export"), button_style="primary", icon="file"
        )
        self.export_button.on_click(lambda _b: self.do_export())
        self.letter_button = w.Button(
            description=self.t("授权委托书 PDF", "Authorization letter PDF"), icon="file-text"
        )
        self.letter_button.on_click(lambda _b: self.do_authorization())
        self.form_button = w.Button(
            description=self.t("12315 表单文本", "12315 form text"), icon="clipboard"
        )
        self.form_button.on_click(lambda _b: self.do_form())
        self.archive_button = w.Button(
            description=self.t("移交归档 ZIP", "Hand-off archive ZIP"), icon="archive"
        )
        self.archive_button.on_click(lambda _b: self.do_archive())

    def _form(self, lang: str) -> w.VBox:
        """The choices (format, redaction, language, recipient), the review sheet and the buttons;
        the hint on the two redaction profiles sits under the profile choice."""
        form = w.VBox(
            [
                labelled(lang, "格式", "Format", self.format),
                labelled(lang, "脱敏方式", "Redaction", self.profile),
                labelled(lang, "语言", "Language", self.language),
                labelled(lang, "提交对象", "Recipient", self.recipient),
                self.review,
                self.accept,
                w.HBox(
                    [
                        self.export_button,
                        self.letter_button,
                        self.form_button,
                        self.archive_button,
                        self.progress,
                    ]
                ),
            ]
        )
        hint = self.t(
            "隐私保护版遮盖姓名、电话、身份证号、地址和账号，可转发他人；"
            "原始证据版保留投诉人信息，递交 12315、消协或法院时使用。",
            "public masks names, phone and ID numbers, addresses and accounts, for sharing; "
            "authority keeps the complainant's details, for 12315, the association or a court.",
        )
        form.children = (
            *form.children[:2],
            w.HTML(f"<small>{html.escape(hint)}</small>"),
            *form.children[2:],
        )
        return form

    def refresh(self) -> None:
        self.result.value = ""
        self.review.value = ""
        self.form.layout.display = None if self.session.case_id else "none"
        if not self.session.case_id:
            self.result.value = self.no_case().value
            return
        self.show_review()

    def show_review(self) -> None:
        sheet = self.guard(self.model.review, self.language.value, self.recipient.value)
        if sheet is None:
            return
        self.review.value = review_html(sheet, self.lang)
        self.accept.layout.display = None if sheet.warnings else "none"
        case = self.model.store.get_case(self.session.case_id)
        self.letter_button.layout.display = None if case.agent_name else "none"

    def do_form(self) -> None:
        form = self.guard(self.model.form_12315, self.language.value)
        if form is None:
            return
        boxes: list[w.Widget] = []
        for block in form.blocks:
            boxes.append(w.HTML(f"<b>{html.escape(block.title)}</b>"))
            for f in block.fields:
                size = f" ({f.length}/{f.limit})" if f.limit else ""
                boxes.append(
                    w.Textarea(
                        value=f.text,
                        description=f.label + size,
                        layout=w.Layout(
                            width="95%", height="8em" if f.limit or len(f.text) > 80 else "3em"
                        ),
                        style={"description_width": "10em"},
                    )
                )
        self.form_texts.children = boxes

    def show_file(self, path: Path, sha256: str = "") -> None:
        """A file just written: its download link, where it is, and its SHA-256 if recorded."""
        link = self.guard(download_link, path, self.t(f"下载 {path.name}", f"Download {path.name}"))
        where = html.escape(str(path))
        value = f"{link or ''}<br>{self.t('文件位置', 'Saved at')}: <code>{where}</code>"
        self.result.value = value + (f"<br>SHA-256: <code>{sha256}</code>" if sha256 else "")

    def do_authorization(self) -> None:
        self.result.value = ""
        path = self.guard(self.model.authorization, self.language.value)
        if path is None:
            return
        self.show_file(path)
        self.notice.ok(self.t("已生成授权委托书", "authorization letter written"))

    def do_archive(self) -> None:
        self.result.value = ""
        out = self.guard(self.model.archive)
        if out is None:
            return
        self.show_file(Path(out.path), out.sha256)
        self.notice.ok(
            self.t(
                f"已写入移交归档（{out.files} 个文件），可用 casework archive import 导入",
                f"hand-off archive written ({out.files} files); casework archive import reads it",
            )
        )

    def do_export(self) -> None:
        self.result.value = ""
        self.progress.bar_style = "info"
        out = self.guard(
            self.model.export,
            self.format.value,
            self.profile.value,
            self.language.value,
            self.progress,
            self.accept.value,
            self.recipient.value,
        )
        self.progress.finish(out is not None)
        if out is None:
            return
        self.show_file(Path(out.path), out.sha256)
        self.notice.ok(self.t("已导出，文件的 SHA-256 已记录", "exported; its SHA-256 is recorded"))
