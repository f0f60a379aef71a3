"""The export (导出提交材料): run the case notebook in report mode, convert it, record the filing.

1. The review sheet (送出前核对, :mod:`.review`) comes first: a blocking item (evidence that fails
   verification, an empty field the channel requires) stops the export and is named; its
   warnings must be accepted (``accept_warnings=True``), and the acceptance is audit-logged.
   Each bill's excerpt (账单摘录) is then stored as evidence derived from the bill, and the
   evidence is verified; a changed or missing file stops the export and is named.
2. ``notebooks/case.ipynb`` loses its ``ui`` cells and is executed with papermill (the
   :class:`~.export_request.ExportRequest`'s parameters ``case_id``, ``report_mode=True``,
   ``profile``, ``lang``) in a kernel that sees the same register (CASEWORK_HOME /
   CASEWORK_DB_URL) and the request's "now" (CASEWORK_NOW).
3. The executed notebook goes through :class:`CaseworkHTMLExporter` or :class:`CaseworkPDFExporter`.
4. The file is written to a temporary name and moved into place (``os.replace``), so a failure
   never leaves half a file; then a Filing row and a custody ``export`` entry are recorded.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import NotebookNode
from traitlets import default

from ..atomic import write_atomic
from ..store import Store
from ..store.filings import add_filing
from .excerpt import store_excerpts
from .export_request import FORMATS, ExportRequest
from .exporters import CaseworkHTMLExporter, CaseworkPDFExporter, ExportError, manifest_from_html
from .redaction import Redactor, check_profile
from .sections import make_ctx

if TYPE_CHECKING:
    from .review import ReviewItem

Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    """Where the submission is, its SHA-256, and the manifest hash of the evidence it lists."""

    path: Path
    sha256: str
    manifest_sha256: str
    format: str = "html"
    profile: str = "public"
    lang: str = "zh"
    filing_id: int | None = None
    recipient: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


def find_notebook() -> Path:
    """The case notebook: ``CASEWORK_NOTEBOOK``, else the packaged copy, else the checkout's."""
    env = os.environ.get("CASEWORK_NOTEBOOK")
    candidates = [Path(env)] if env else []
    candidates += [
        Path(str(resources.files("casework") / "notebooks" / "case.ipynb")),
        Path(__file__).resolve().parents[2] / "notebooks" / "case.ipynb",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise ExportError(
        "找不到案件笔记本 case.ipynb",
        "cannot find the case notebook case.ipynb",
        where=", ".join(str(p) for p in candidates),
    )


def report_notebook(path: Path) -> NotebookNode:
    """The notebook without its ``ui`` cells (the workbook's widgets never run for an export):
    nbconvert's TagRemovePreprocessor, configured for that tag."""
    nb = nbformat.read(str(path), as_version=4)
    nb, _ = TagRemovePreprocessor(remove_cell_tags={"ui"}).preprocess(nb, {})
    return nb


class _EnvKernelManager(AsyncKernelManager):
    """A kernel manager that adds ``extra_env`` to the kernel's environment and sends the
    kernel's own stderr (start-up and shutdown chatter) to ``stderr_log`` instead of the
    terminal; an export that fails quotes its end."""

    extra_env: ClassVar[dict[str, str]] = {}
    stderr_log: ClassVar[Any] = None

    @default("transport")
    def _transport_default(self) -> str:
        # Unix sockets beside the connection file: local only, and ipykernel does not warn about
        # unencrypted TCP on every export.
        return "ipc" if os.name == "posix" else "tcp"

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        env = dict(kw.pop("env", None) or os.environ)
        env.update(self.extra_env)
        if self.stderr_log is not None:
            kw.setdefault("stderr", self.stderr_log)
        await super().start_kernel(env=env, **kw)


def kernel_env(store: Store, now: datetime | None = None) -> dict[str, str]:
    """What the report kernel needs to open the same register with the same clock (``now``,
    default the register's)."""
    return {
        "CASEWORK_HOME": str(store.home),
        "CASEWORK_DB_URL": store.engine.url.render_as_string(hide_password=False),
        "CASEWORK_NOW": (now or store.clock()).isoformat(),
    }


def execute_report(store: Store, request: ExportRequest | str) -> NotebookNode:
    """Execute the case notebook in report mode for ``request`` (or a case id: its defaults)
    and return the executed notebook."""
    import papermill as pm
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(request, str):
        request = ExportRequest(request)
    path = request.notebook or find_notebook()
    nb = report_notebook(path)
    with tempfile.TemporaryDirectory(prefix="casework-report-") as tmp:
        source = Path(tmp) / "report.ipynb"
        nbformat.write(nb, str(source))
        log = Path(tmp) / "kernel-stderr.log"
        with log.open("wb") as stderr_log:
            manager = type(
                "ReportKernelManager",
                (_EnvKernelManager,),
                {"extra_env": kernel_env(store, request.now), "stderr_log": stderr_log},
            )
            try:
                executed = pm.execute_notebook(
                    str(source),
                    None,
                    parameters=request.parameters(),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    cwd=tmp,
                    kernel_manager_class=manager,
                )
            except PapermillExecutionError as exc:
                raise ExportError(
                    f"报告笔记本第 {exc.exec_count} 个单元格执行失败: {exc.ename}: {exc.evalue}",
                    f"report notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}",
                    where=str(path),
                ) from None
            except (DeadKernelError, RuntimeError) as exc:
                tail = log.read_text("utf-8", errors="replace")[-600:].strip()
                raise ExportError(
                    f"报告内核无法运行: {exc}。内核输出: {tail}",
                    f"the report kernel failed: {exc}. Kernel output: {tail}",
                    where=str(path),
                ) from None
    return executed


def convert(nb: NotebookNode, to: str) -> bytes:
    """The executed report notebook as submission bytes (HTML or PDF)."""
    if to == "pdf":
        pdf, _ = CaseworkPDFExporter().from_notebook_node(nb)
        return pdf
    html, _ = CaseworkHTMLExporter().from_notebook_node(nb)
    return html.encode("utf-8")


def default_path(store: Store, case_id: str, to: str, profile: str, lang: str) -> Path:
    """``<home>/exports/<case>/<case>_<profile>_<lang>_<time>.<ext>``; never an earlier filing's
    file (its recorded hash must keep matching), so a second export in the same second gets
    ``-2``."""
    stamp = store.clock().strftime("%Y%m%d-%H%M%S")
    folder = store.home / "exports" / case_id
    path = folder / f"{case_id}_{profile}_{lang}_{stamp}.{to}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{case_id}_{profile}_{lang}_{stamp}-{n}.{to}"
    return path


def check_evidence(store: Store, case_id: str) -> str:
    """Refuse a case whose evidence fails verification, naming the files; else its manifest hash."""
    from ..evidence.integrity import require_intact

    return require_intact(store, case_id, ExportError, "不能导出", "nothing exported")


def check_review(
    store: Store,
    case_id: str,
    *,
    accept_warnings: bool = False,
    lang: str = "zh",
    recipient: str | None = None,
) -> None:
    """Refuse while the review sheet has a blocking item, or warnings not accepted; record an
    acceptance in the audit log."""
    from .review import gate, review

    def blocked(first: ReviewItem, n: int) -> ExportError:
        more_zh = f"（另有 {n - 1} 项）" if n > 1 else ""
        more_en = f" (and {n - 1} more)" if n > 1 else ""
        return ExportError(
            f"不能导出：{first.zh}{more_zh}；用 casework check {case_id} 查看送出前核对",
            f"not exported: {first.en}{more_en}; see the review sheet with casework check {case_id}",
            where=case_id,
        )

    def unaccepted(n: int) -> ExportError:
        return ExportError(
            f"送出前核对还有 {n} 项提醒未确认：用 casework export {case_id} --check 查看，"
            "核对后加 --accept-warnings 导出",
            f"{n} review warning(s) not accepted: see them with casework export {case_id} "
            "--check, then export with --accept-warnings",
            where=case_id,
        )

    sheet = review(store, case_id, lang=lang, recipient=recipient)
    gate(store, sheet, accepted=accept_warnings, blocked=blocked, unaccepted=unaccepted)


def embedded_manifest(nb: NotebookNode) -> dict[str, Any] | None:
    """The manifest the appendix cell of an executed report wrote into its output."""
    html = "".join(
        str(out.get("data", {}).get("text/html", ""))
        for cell in nb.cells
        for out in cell.get("outputs", [])
    )
    return manifest_from_html(html)


def check_embedded_manifest(nb: NotebookNode, expected: str, case_id: str) -> None:
    """The report must list the evidence set that was verified: evidence added or removed while
    the notebook ran would make the file's manifest and the Filing's disagree."""
    found = embedded_manifest(nb)
    got = (found or {}).get("manifest_sha256")
    if got != expected or (found or {}).get("case_id") != case_id:
        raise ExportError(
            "导出期间证据有变动（或报告缺少附录），请重新导出",
            "the evidence changed while exporting (or the report has no appendix); export again",
            where=case_id,
        )


def export_case(
    store: Store,
    case_id: str,
    *,
    to: str = "html",
    profile: str = "public",
    lang: str = "zh",
    out: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    notebook: Path | None = None,
    accept_warnings: bool = False,
    recipient: str | None = None,
) -> ExportResult:
    """Export a case as a submission file and record it as a Filing.

    ``to`` is ``html`` or ``pdf``; ``profile`` ``public`` (default) or ``authority``; ``lang``
    ``zh`` or ``en``; ``out`` a file path (default ``<home>/exports/<case_id>/…``);
    ``recipient`` the recipient kind (提交对象, default: the one of the case's filing channel),
    which the complainant's consent must cover.
    ``progress(done, total)`` is called after each step (verify, execute, convert+record).
    """
    request = ExportRequest.one(
        case_id,
        to,
        out,
        profile=profile,
        lang=lang,
        notebook=notebook,
        accept_warnings=accept_warnings,
        recipient=recipient,
    )
    return export(store, request, progress)[0]


def check_formats(formats: tuple[str, ...]) -> None:
    """Name the first format that is neither HTML nor PDF."""
    unknown = [to for to in formats if to not in FORMATS]
    if unknown:
        raise ExportError(
            f"不支持的格式: {unknown[0]!r}（可选: html, pdf）",
            f"unsupported format {unknown[0]!r} (choose html or pdf)",
            where="to",
        )


def export_many(
    store: Store,
    case_id: str,
    *,
    formats: tuple[str, ...] = FORMATS,
    profile: str = "public",
    lang: str = "zh",
    paths: dict[str, Path] | None = None,
    progress: Progress | None = None,
    notebook: Path | None = None,
    accept_warnings: bool = False,
    recipient: str | None = None,
) -> list[ExportResult]:
    """Several formats from one execution of the notebook (``casework demo`` writes HTML and PDF).

    ``paths`` maps a format to its file; the others go to the default export folder.
    """
    request = ExportRequest(
        case_id,
        formats=formats,
        profile=profile,
        lang=lang,
        paths=paths or {},
        notebook=notebook,
        accept_warnings=accept_warnings,
        recipient=recipient,
    )
    return export(store, request, progress)


def export(
    store: Store, request: ExportRequest, progress: Progress | None = None
) -> list[ExportResult]:
    """Export what ``request`` asks for, one file per format, each recorded as a Filing."""
    check_formats(request.formats)
    check_profile(request.profile)
    if request.recipient:
        from ..consent import parse_recipient

        # A typo is named before any work.
        request = replace(request, recipient=parse_recipient(request.recipient).value)
    request = replace(request, now=request.now or store.clock())
    from ..groups import is_group

    if is_group(store, request.case_id):  # a group complaint (共同投诉, #17): its own sections
        return _export_group(store, request, progress)
    case_id = request.case_id
    ctx = make_ctx(  # NotFound, bad lang: early
        store, case_id, profile=request.profile, lang=request.lang, today=request.today
    )
    step = _stepper(progress, 2 + len(request.formats))
    check_review(
        store,
        case_id,
        accept_warnings=request.accept_warnings,
        lang=request.lang,
        recipient=request.recipient,
    )
    if not request.recipient:
        from ..consent import recipient_for

        # The review found the channel's.
        request = replace(request, recipient=recipient_for(store, case_id).value)
    store_excerpts(store, case_id)
    manifest = check_evidence(store, case_id)
    step()
    nb = execute_report(store, request)
    check_embedded_manifest(nb, manifest, case_id)
    title = Redactor.for_case(ctx.case, request.profile)(ctx.case.title)
    nb.metadata["casework"] = request.metadata(title)
    step()
    return _write(store, request, Submission(ctx.case.channel, nb, manifest, title), step)


def _export_group(
    store: Store, request: ExportRequest, progress: Progress | None
) -> list[ExportResult]:
    """A group case's submission (:mod:`.group_export`), written and recorded like a case's."""
    from ..consent import default_recipient
    from .group_export import prepare

    nb, manifest, title, channel = prepare(store, request)
    if not request.recipient:
        found = default_recipient(channel)
        request = replace(request, recipient=found.value if found else "")
    step = _stepper(progress, len(request.formats))
    return _write(store, request, Submission(channel, nb, manifest, title), step)


@dataclass(frozen=True)
class Submission:
    """The converted-to-be report notebook and what its Filing records beside the file."""

    channel: str
    nb: NotebookNode
    manifest: str
    title: str


def _write(
    store: Store, request: ExportRequest, sub: Submission, step: Callable[[], None]
) -> list[ExportResult]:
    """Convert the report notebook to each format, write it and record its Filing."""
    results = []
    for to in request.formats:
        data = convert(sub.nb, to)
        path = request.paths.get(to) or default_path(
            store, request.case_id, to, request.profile, request.lang
        )
        results.append(_record(store, request, sub, to, path, data))
        step()
    return results


def _record(
    store: Store, request: ExportRequest, sub: Submission, to: str, path: Path, data: bytes
) -> ExportResult:
    """Write the file atomically, then record the Filing (with its recipient), the custody
    ``export`` entry and the access log's ``access.export`` row."""
    from ..access import log_access
    from ..evidence import log_custody

    case_id, profile, lang = request.case_id, request.profile, request.lang
    recipient = request.recipient or ""
    write_atomic(path, data)
    sha = hashlib.sha256(data).hexdigest()
    filing = add_filing(
        store,
        case_id,
        channel=sub.channel,
        format=to,
        profile=profile,
        lang=lang,
        path=str(path),
        sha256=sha,
        manifest_sha256=sub.manifest,
        data={"size": len(data), "title": sub.title, "recipient": recipient},
    )
    detail = {
        "format": to,
        "profile": profile,
        "lang": lang,
        "path": str(path),
        "sha256": sha,
        "manifest_sha256": sub.manifest,
        "filing_id": filing.id,
    }
    log_custody(store, case_id, "export", detail)
    log_access(
        store,
        case_id,
        "access.export",
        {"recipient": recipient, "filing_id": filing.id, "format": to, "profile": profile},
    )
    return ExportResult(path, sha, sub.manifest, to, profile, lang, filing.id, recipient)


def _stepper(progress: Progress | None, total: int) -> Callable[[], None]:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return step
