"""nbconvert exporters for submissions: ``--to casework_html`` and ``--to casework_pdf``.

Registered as ``nbconvert.exporters`` entry points (pyproject.toml), so JupyterLab's export menu
lists them. The HTML uses the ``casework`` template, which extends nbconvert's ``lab`` template:
one self-contained file, ``lang="zh-CN"``, no script or font fetched from a CDN. The PDF is that
HTML laid out by WeasyPrint on A4 with page numbers and the shipped WenQuanYi Micro Hei font
embedded (measured in shared/notes/export-and-testing.md §5: stock webpdf and LaTeX fail offline
or drop the Chinese).
"""

from __future__ import annotations

import copy
import json
import logging
import re
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode
from traitlets import Set, Unicode, default

from ..errors import CaseworkError
from .markup import ERROR_ATTR, MANIFEST_ID

TEMPLATES = Path(str(importlib_resources.files("casework") / "report" / "templates"))
FONT = Path(str(importlib_resources.files("casework") / "assets" / "fonts" / "wqy-microhei.ttc"))
#: Cells that never belong in a submission (the workbook's widgets and its parameter cells).
DROP_TAGS = {"ui", "parameters", "injected-parameters", "setup"}
PAGE_LABEL = {"zh": ("第 ", " 页 / 共 ", " 页"), "en": ("Page ", " of ", "")}


class ExportError(CaseworkError):
    """A notebook or case that cannot become a submission (导出失败)."""


def notebook_lang(nb: NotebookNode) -> str:
    """The report language: set by the export, else the papermill parameter, else Chinese."""
    meta = nb.metadata.get("casework", {})
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    lang = meta.get("lang") or params.get("lang") or "zh"
    return "en" if lang == "en" else "zh"


def _tags(cell: NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


class SubmissionCells(TagRemovePreprocessor):
    """The cells a submission keeps (提交材料的单元格).

    nbconvert's own :class:`TagRemovePreprocessor` drops the cells tagged for the workbook
    (``remove_cell_tags``, default :data:`DROP_TAGS`: its widgets, parameters and set-up). This
    adds the other half, ``keep_only_tags``: once any cell carries one of them (``report``),
    every other cell goes too, so a cell an advocate added to their copy of the notebook
    without a tag never reaches the reader. Configurable like any nbconvert preprocessor
    (``--SubmissionCells.keep_only_tags=…``).
    """

    keep_only_tags = Set(
        Unicode(),
        default_value={"report"},
        help="When a cell carries one of these tags, only such cells are kept.",
    ).tag(config=True)

    @default("remove_cell_tags")
    def _remove_cell_tags_default(self) -> set[str]:
        return set(DROP_TAGS)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        self._keep_only = any(self.keep_only_tags & _tags(c) for c in nb.cells)
        return super().preprocess(nb, resources)

    def check_cell_conditions(self, cell: NotebookNode, resources: Any, index: int) -> bool:
        if self._keep_only:
            return bool(self.keep_only_tags & _tags(cell))
        return bool(super().check_cell_conditions(cell, resources, index))


class SubmissionOutputs(Preprocessor):
    """What a submission's outputs may hold: a cell that failed (an ``error`` output) or a
    section that rendered its error message stops the conversion, so a submission never
    carries a traceback; stderr noise, widget views and the widget state are dropped."""

    drop_streams = Set(
        Unicode(), default_value={"stderr"}, help="Stream outputs left out (by stream name)."
    ).tag(config=True)
    drop_mimetypes = Set(
        Unicode(),
        default_value={"application/vnd.jupyter.widget-view+json"},
        help="Output data types left out (a static file has no widgets).",
    ).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        nb, resources = super().preprocess(nb, resources)
        nb.metadata.pop("widgets", None)
        return nb, resources

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise ExportError(
                    f"报告第 {index + 1} 个单元格执行出错: {out.get('ename')}: {out.get('evalue')}",
                    f"report cell {index + 1} failed: {out.get('ename')}: {out.get('evalue')}",
                    where=cell.get("source", "")[:80],
                )
            if out.get("output_type") == "stream" and out.get("name") in self.drop_streams:
                continue
            data = out.get("data", {})
            if ERROR_ATTR in str(data.get("text/html", "")):
                text = re.sub(r"<[^>]+>", "", str(data["text/html"]))
                raise ExportError(
                    f"报告部分无法生成: {text}",
                    f"a report section failed: {text}",
                    where=cell.get("source", "")[:80],
                )
            for mimetype in self.drop_mimetypes:
                data.pop(mimetype, None)
            outputs.append(out)
        if cell.cell_type == "code":
            cell.outputs = outputs
        return cell, resources


def clean_report(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` as the exporters see it after their preprocessors: the submission's
    cells only (:class:`SubmissionCells`), their outputs checked (:class:`SubmissionOutputs`)."""
    nb = copy.deepcopy(nb)
    resources: dict[str, Any] = {}
    for step in (SubmissionCells(), SubmissionOutputs()):
        nb, resources = step.preprocess(nb, resources)
    return nb


class CaseworkHTMLExporter(HTMLExporter):
    """Self-contained Chinese submission HTML (提交材料 HTML)."""

    export_from_notebook = "Casework 提交材料 (HTML)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "casework"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("embed_images")
    def _embed_images_default(self) -> bool:
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True

    @default("preprocessors")
    def _preprocessors_default(self) -> list[Any]:
        # Registered the nbconvert way (the ``preprocessors`` trait): enabled, after the
        # defaults, configurable through the exporter's config.
        return [SubmissionCells, SubmissionOutputs]

    def _prepare(
        self, nb: NotebookNode, resources: dict[str, Any] | None, pdf: bool
    ) -> tuple[NotebookNode, dict[str, Any]]:
        lang = notebook_lang(nb)
        self.language_code = "zh-CN" if lang == "zh" else "en"
        title = nb.metadata.get("casework", {}).get("title")
        case_id = nb.metadata.get("papermill", {}).get("parameters", {}).get("case_id")
        if title:
            nb.metadata["title"] = title
        elif case_id:
            # Not the notebook's file name or workbook title: "提交材料 2026-0001".
            nb.metadata["title"] = ("提交材料 " if lang == "zh" else "Submission ") + str(case_id)
        res = dict(resources or {})
        res["casework_pdf"] = pdf
        res["casework_font_url"] = FONT.as_uri() if pdf else ""
        res["casework_page_label"] = PAGE_LABEL[lang]
        return nb, res

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        nb, res = self._prepare(nb, resources, pdf=False)
        return super().from_notebook_node(nb, resources=res, **kw)


def manifest_from_html(text: str) -> dict[str, Any] | None:
    """The manifest the appendix embedded (``<script type="application/json" id=…>``)."""
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inside = False
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = tag == "script" and ("id", MANIFEST_ID) in attrs

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.text.append(data)

    finder = Finder()
    finder.feed(text)
    return json.loads("".join(finder.text)) if finder.text else None


def html_to_pdf(html: str) -> bytes:
    """Lay the submission HTML out as an A4 PDF with WeasyPrint, fetching nothing but data: and
    file: URLs, and attach the evidence manifest as ``casework-manifest.json``."""
    from weasyprint import HTML, Attachment
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data", "file"})
    options: dict[str, Any] = {}
    manifest = manifest_from_html(html)
    if manifest is not None:
        options["attachments"] = [
            Attachment(
                string=json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                name=f"{MANIFEST_ID}.json",
                description="casework evidence manifest",
                url_fetcher=fetcher,
            )
        ]
    log = logging.getLogger("weasyprint")
    level = log.level
    # The lab CSS has properties WeasyPrint does not know (fill, user-select…): harmless noise.
    log.setLevel(logging.ERROR)
    try:
        pdf = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).write_pdf(**options)
    finally:
        log.setLevel(level)
    assert pdf is not None
    return bytes(pdf)


class CaseworkPDFExporter(CaseworkHTMLExporter):
    """The same submission as an A4 PDF (提交材料 PDF), Chinese font embedded."""

    export_from_notebook = "Casework 提交材料 (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"  # the PDF is laid out from the same HTML template

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        nb, res = self._prepare(nb, resources, pdf=True)
        html, res = HTMLExporter.from_notebook_node(self, nb, resources=res, **kw)
        pdf = html_to_pdf(html)
        res["output_extension"] = ".pdf"
        return pdf, res
