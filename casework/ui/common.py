"""What every panel shares: the session (which case, which language), the in-panel notice, the
guard that turns errors into that notice, and small renderers.

A panel is a model (plain Python, holding the store) and a view (an ipywidgets ``VBox``). Views are
built with their dependencies passed in and never call ``display()``: the notebook shows what a
``casework.ui`` function returns. Callbacks make one call into the package; a ``CaseworkError``
(or any other failure) becomes one bilingual line inside the panel, never a traceback.
"""

from __future__ import annotations

import html
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as w
import pandas as pd
from traitlets import HasTraits, Int, Unicode

from ..atomic import write_atomic
from ..errors import CaseworkError, InternalError, InvalidInput, as_casework_error
from ..store import Store

T = TypeVar("T")


class Session(HasTraits):
    """The case the workbook is on (当前案件). Panels observe it, so picking or registering a
    case in one panel moves every panel of the notebook to it."""

    case_id = Unicode("")
    lang = Unicode("zh")
    #: Bumped after every write, so every panel shows the register as it now is (a new bill
    #: changes the money trail, the timeline and the checklist at once).
    revision = Int(0)


#: The notebook kernel's session: every panel a notebook shows follows it.
SESSION = Session()


def default_store() -> Store:
    """The register named by the environment (CASEWORK_HOME / CASEWORK_DB_URL), opened once per
    kernel and per environment — the same object the report's sections use (#16)."""
    return Store.from_env()


_resuming: set[tuple[int, str]] = set()


def bind(case_id: str, lang: str, store: Store | None = None) -> Session:
    """The kernel session, moved to ``case_id`` when the notebook names one. With ``store``, a
    session on no case reopens the case this user last had open on that register (a kernel
    restart plus Run All comes back to it), and every later pick is remembered."""
    if case_id:
        SESSION.case_id = case_id
    elif store is not None and not SESSION.case_id:
        from .resume import recall

        SESSION.case_id = recall(store)
    if store is not None and (id(SESSION), store.safe_url) not in _resuming:
        from .resume import follow

        _resuming.add((id(SESSION), store.safe_url))
        follow(SESSION, store)  # every pick remembered, and written to the access log (#17)
    SESSION.lang = lang
    return SESSION


def later(action: Callable[[], Any]) -> None:
    """Run ``action`` once the current widget callback has returned (the kernel's event loop),
    so the notice at the button shows first; at once where no loop runs (tests, scripts)."""
    import asyncio

    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = None
    if loop is not None and loop.is_running():
        loop.call_soon(action)
    else:
        action()


def tr(lang: str, zh: str, en: str) -> str:
    """The label in the workbook's language (``lang="en"`` switches to English)."""
    return en if lang == "en" else zh


def today(store: Store) -> date:
    return store.clock().date()


#: English names of fields in words, for the English half of a message ("at is not a valid
#: date" reads "the time is not a valid date").
FIELD_EN = {
    "at": "the time",
    "kind": "the event kind",
    "text": "the text",
    "actor": "who acted",
    "title": "the title",
    "category": "the problem type",
    "platform": "the platform",
    "purchase_date": "the purchase date",
    "amount_paid": "the amount paid",
    "amount": "the amount",
    "order_numbers": "the order numbers",
    "complainant_phone": "the complainant's phone",
    "complainant_name": "the complainant's name",
    "complainant_address": "the complainant's address",
    "respondent_name": "the respondent's name",
    "respondent_address": "the respondent's address",
    "channel": "the filing channel",
    "contact_method": "the contact method",
    "counterpart": "the counterpart",
    "summary": "the summary",
    "response_due": "the reply-due date",
    "follow_up": "the follow-up date",
    "captured_at": "the capture time",
    "ref": "the reference number",
    "date": "the date",
    "file": "the file",
    "note": "the note",
}


def english_in_words(text: str, field: str | None) -> str:
    """``text`` with the register key of ``field`` replaced by its name in words."""
    import re

    words_ = FIELD_EN.get(field or "")
    if not words_ or not field:
        return text
    out = re.sub(rf"(?<![\w']){re.escape(field)}(?![\w'])", words_, text, count=1)
    return out[:1].upper() + out[1:] if out.startswith("the ") and text.startswith(field) else out


def error_text(exc: BaseException) -> str:
    """One line for the panel: the bilingual message of our errors, the cause of anything else."""
    if isinstance(exc, InvalidInput) and exc.field and exc.where == exc.field:
        # A form field: its message already names it in words (购买日期不是有效日期 …); the
        # English key (purchase_date) in front would only puzzle the advocate.
        from ..cases import FIELD_ZH

        label = FIELD_ZH.get(exc.field, "")
        zh = exc.zh if not label or label in exc.zh else f"{label}：{exc.zh}"
        return zh if exc.zh == exc.en else f"{zh} / {english_in_words(exc.en, exc.field)}"
    if isinstance(exc, CaseworkError):
        return exc.message()
    if isinstance(exc, ImportError):
        # A panel whose package has not landed (or is not installed): say so, do not crash.
        name = exc.name or str(exc)
        return f"此功能尚未就绪（缺少 {name}）/ not available yet (missing {name})"
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"文件错误 / file error: {exc.strerror or exc}{where}"
    error = as_casework_error(exc)  # the CLI's conversion: a register error without its SQL
    if not isinstance(error, InternalError):
        return error.message()
    return f"内部错误（未保存）/ internal error (nothing saved): {type(exc).__name__}: {exc}"


class Notice(w.HTML):
    """The panel's message line: red for errors, green for what was saved."""

    def error(self, text: str) -> None:
        self.value = f'<div class="cw-error" style="color:#b00020">⚠ {html.escape(text)}</div>'

    def ok(self, text: str) -> None:
        self.value = f'<div class="cw-ok" style="color:#1b5e20">✓ {html.escape(text)}</div>'

    def info(self, text: str) -> None:
        self.value = f'<div class="cw-info" style="color:#555">{html.escape(text)}</div>'

    def clear(self) -> None:
        self.value = ""

    @property
    def is_error(self) -> bool:
        return "cw-error" in self.value


class Panel(w.VBox):
    """Base of every view: a title, a body, a notice; follows the session's case."""

    title_zh = ""
    title_en = ""
    #: CSS class ``cw-<name>`` on the panel, so a browser test (or a stylesheet) can find it.
    name = "panel"

    def __init__(self, session: Session, lang: str = "zh", **kw: Any) -> None:
        self.session = session
        self.lang = lang
        self._writing = False
        self.notice = Notice()
        self.body = w.VBox()
        title = w.HTML(
            f"<b>{html.escape(self.t(self.title_zh, self.title_en))}</b>{dead_panel_style(lang)}"
        )
        super().__init__(children=[title, self.body, self.notice], **kw)
        self.add_class("casework-panel")
        self.add_class(f"cw-{self.name}")
        session.observe(self._case_changed, names="case_id")
        session.observe(self._register_changed, names="revision")

    def dispose(self) -> None:
        """Stop following the session (the panel was replaced: a re-run, a language switch)."""
        for handler, name in (
            (self._case_changed, "case_id"),
            (self._register_changed, "revision"),
        ):
            try:
                self.session.unobserve(handler, names=name)
            except ValueError:
                pass
        self.close()

    def t(self, zh: str, en: str) -> str:
        return tr(self.lang, zh, en)

    def guard(self, action: Callable[..., T], *args: Any, **kw: Any) -> T | None:
        """Run one call into the package; show any failure in the panel instead of raising."""
        try:
            return action(*args, **kw)
        except Exception as exc:  # the widget edge: nothing may escape as a traceback
            self.notice.error(error_text(exc))
            return None

    def guard_at(self, notice: Notice, action: Callable[..., T], *args: Any, **kw: Any) -> T | None:
        """:meth:`guard`, with the message in ``notice`` (the one beside the button)."""
        notice.clear()
        try:
            return action(*args, **kw)
        except Exception as exc:  # the widget edge: nothing may escape as a traceback
            notice.error(error_text(exc))
            return None

    def _case_changed(self, _change: Any) -> None:
        self.notice.clear()
        self.guard(self.refresh)

    def _register_changed(self, _change: Any) -> None:
        if not self._writing:  # the writer keeps its own message; the others start afresh
            self.notice.clear()
        self.guard(self.refresh)

    def changed(self) -> None:
        """Say the register changed: every panel on this session (this one too) reloads."""
        self._writing = True
        try:
            self.session.revision += 1
        finally:
            self._writing = False

    def refresh(self) -> None:
        """Reload from the register (override)."""

    def no_case(self) -> w.HTML:
        return w.HTML(self.t("请先在上方选择或登记案件。", "Pick or register a case above first."))

    def not_available(self, module: str) -> w.HTML:
        return w.HTML(
            self.t(
                f"此功能所需的模块 {module} 尚未安装。",
                f"This panel needs {module}, which is not installed yet.",
            )
        )


def dead_panel_style(lang: str) -> str:
    """When the kernel is gone (restarted, shut down), JupyterLab keeps the old views on screen
    and marks them ``jupyter-widgets-disconnected``; nothing typed there can be saved any more.
    This rule hides such a panel's inputs and buttons and says so, in the panel's own language."""
    text = tr(
        lang,
        "⚠ 内核已重启或已断开：此面板已失效，其中未保存的内容无法保存。请「运行所有单元格」重新打开案件。",
        "⚠ The kernel is gone (restarted or stopped): this panel is dead and nothing typed here "
        "can be saved. Run all cells to reopen the case.",
    )
    return (
        "<style>.casework-panel.jupyter-widgets-disconnected>*{display:none!important}"
        ".casework-panel.jupyter-widgets-disconnected::before{content:"
        + json.dumps(text, ensure_ascii=False)
        + ";display:block;color:#b00020;border:1px solid #b00020;padding:4px 8px}</style>"
    )


#: The views the notebook shows, by cell: re-running a cell replaces its old view, which stops
#: following the session (else every Run All would leave another copy refreshing unseen).
_shown: dict[str, Any] = {}


def shown(key: str, view: T) -> T:
    old = _shown.pop(key, None)
    if old is not None and old is not view and hasattr(old, "dispose"):
        old.dispose()
    _shown[key] = view
    return view


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str, str]] | None = None,
    lang: str = "zh",
    empty: tuple[str, str] = ("（无）", "(none)"),
) -> str:
    """An escaped HTML table; ``columns`` is ``(name, zh, en)`` to pick and label columns."""
    if frame is None or frame.empty:
        return f"<i>{html.escape(tr(lang, *empty))}</i>"
    if columns:
        present = [c for c in columns if c[0] in frame.columns]
        frame = frame[[c[0] for c in present]].rename(
            columns={c[0]: tr(lang, c[1], c[2]) for c in present}
        )
    shown = frame.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
    table = str(shown.to_html(index=False, escape=True, border=0, classes="cw-table"))
    return f'{TABLE_STYLE}<div style="overflow-x:auto">{table}</div>'


#: Short cells (status, dates) stay on one line; headers read left to right like the cells.
TABLE_STYLE = (
    "<style>.cw-table{border-collapse:collapse;font-size:92%}"
    ".cw-table th{text-align:left!important;border-bottom:1px solid #999}"
    ".cw-table td,.cw-table th{padding:2px 8px;vertical-align:top;min-width:6em}"
    ".cw-table tr:nth-child(even){background:#f6f6f6}</style>"
)


def labelled(lang: str, zh: str, en: str, widget: w.Widget, width: str = "9em") -> w.HBox:
    """A label and its input on one row (labels in a fixed column so forms line up)."""
    label = w.Label(tr(lang, zh, en), layout=w.Layout(width=width))
    return w.HBox([label, widget])


def label(member: Any, lang: str) -> str:
    """A labelled enum member as the advocate reads it: 等待答复, or "awaiting reply"."""
    return str(member.zh) if lang != "en" else words(str(member.value))


def words(key: str) -> str:
    """An English key as words: ``awaiting_reply`` → ``awaiting reply``."""
    return key.replace("_", " ")


def options(members: Iterable[Any], lang: str) -> list[tuple[str, str]]:
    """Dropdown options from a labelled enum: Chinese label (or English words) → key."""
    return [(label(m, lang), m.value) for m in members]


def uploads(upload: w.FileUpload) -> list[tuple[str, bytes]]:
    """(file name, content) of what a FileUpload holds (ipywidgets 8 value format)."""
    return [(f["name"], bytes(f["content"])) for f in upload.value]


def stage(name: str, content: bytes) -> Path:
    """Write an uploaded file to a fresh private temporary folder under its own name (importers
    sniff the extension), so the package functions get a real path."""
    folder = Path(tempfile.mkdtemp(prefix="casework-upload-"))
    path = folder / Path(name).name  # never a path from the browser, only its last part
    write_atomic(path, content)
    return path


def unstage(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


class Progress(w.IntProgress):
    """A progress bar fed by the package's ``progress(done, total)`` callbacks."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(
            value=0,
            min=0,
            max=1,
            bar_style="info",
            layout=w.Layout(width="36em", visibility="hidden"),
            **kw,
        )

    def __call__(self, done: int, total: int) -> None:
        self.layout.visibility = "visible"
        self.max = max(total, 1)
        self.value = min(done, self.max)

    def finish(self, ok: bool = True) -> None:
        self.value = self.max
        self.bar_style = "success" if ok else "danger"


_kernel_linked: set[int] = set()


def link_kernel_variable(session: Session, name: str = "case_id") -> None:
    """Keep the notebook's ``case_id`` variable on the picked case, so re-running a cell below
    (the report preview) shows the case the advocate picked. Once per session; no-op outside
    IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return
    # A reopened case (resume) is already set: the cells below must see it too.
    shell.user_ns[name] = session.case_id
    if id(session) in _kernel_linked:
        return
    _kernel_linked.add(id(session))

    def _set(change: Any) -> None:
        shell.user_ns[name] = change["new"]

    session.observe(_set, names="case_id")
