"""The consent part of the intake form (同意记录, #17): the notice to show the complainant, what
the ledger holds, and one button that records what was agreed (one call into casework.consent).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..consent import Ledger, ledger, notice, record_intake
from ..store import Store
from ..vocabulary import ConsentHow, ConsentState, RecipientKind
from .common import Notice, Session, tr


class ConsentModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session

    def ledger(self) -> Ledger | None:
        return ledger(self.store, self.session.case_id) if self.session.case_id else None

    def record(
        self, recipients: list[str], sensitive: bool, how: str, evidence_id: str = ""
    ) -> Ledger:
        """The notice shown, consent to processing, sensitive (when ticked), each recipient."""
        from ..errors import InvalidInput

        if not self.session.case_id:
            raise InvalidInput(
                "请先保存案件，再记录同意", "save the case first, then record the consent"
            )
        text = str(evidence_id or "").strip()
        if text and not text.isdigit():
            raise InvalidInput(
                f"证据编号应为数字: {text!r}",
                f"the evidence id must be a number: {text!r}",
                field="evidence",
            )
        return record_intake(
            self.store,
            self.session.case_id,
            recipients=recipients,
            sensitive=sensitive,
            how=how,
            evidence_id=int(text) if text else None,
        )


def ledger_html(book: Ledger | None, lang: str) -> str:
    """Where each consent stands, one line each (the ✓ / ✗ an advocate scans)."""
    if book is None:
        return tr(lang, "<i>保存案件后可记录同意</i>", "<i>Save the case to record consent</i>")
    s = book.summary()
    rows = [
        (tr(lang, "告知书", "Notice"), s["notice"], s["notice_version"]),
        (tr(lang, "处理个人信息", "Processing"), s["processing"], ""),
        (tr(lang, "敏感个人信息", "Sensitive information"), s["sensitive"], ""),
    ] + [(r.pick(lang), s["recipients"][r.value], "") for r in RecipientKind]
    cells = []
    for what, state, extra in rows:
        ok = state in (ConsentState.GIVEN.value, ConsentState.SHOWN.value)
        mark = "✓" if ok else "✗"
        word = ConsentState(state).pick(lang)
        tail = f" ({html.escape(extra)})" if extra else ""
        cells.append(f"<li>{mark} {html.escape(what)}: {html.escape(word)}{tail}</li>")
    return f'<ul class="cw-consent-state">{"".join(cells)}</ul>'


class ConsentBox(w.VBox):
    """Shown inside the intake panel; follows the panel's case through :meth:`refresh`."""

    def __init__(self, model: ConsentModel, lang: str = "zh") -> None:
        self.model = model
        self.lang = lang
        n = notice()
        self.notice_text = w.HTML(
            f"<details><summary>{html.escape(tr(lang, '个人信息处理告知书', 'Privacy notice'))}"
            f" [{html.escape(n.version)}]</summary><pre style='white-space:pre-wrap'>"
            f"{html.escape(n.text(lang))}</pre></details>"
        )
        self.state = w.HTML()
        self.sensitive = w.Checkbox(
            value=True,
            indent=False,
            description=tr(lang, "单独同意处理敏感个人信息", "Separate consent: sensitive info"),
        )
        self.recipients = w.SelectMultiple(
            options=[(r.pick(lang), r.value) for r in RecipientKind],
            rows=len(RecipientKind),
            description=tr(lang, "提交对象", "Recipients"),
        )
        self.how = w.Dropdown(
            options=[(h.pick(lang), h.value) for h in ConsentHow],
            value=ConsentHow.IN_PERSON.value,
            description=tr(lang, "方式", "How"),
        )
        self.evidence = w.Text(
            placeholder=tr(lang, "签字页的证据编号", "evidence id of the signed page"),
            description=tr(lang, "证据", "Evidence"),
        )
        self.button = w.Button(description=tr(lang, "记录同意", "Record consent"), icon="check")
        self.button.add_class("cw-consent-record")
        self.notice = Notice()
        self.button.on_click(lambda _b: self.record())
        head = w.HTML(f"<b>{html.escape(tr(lang, '同意记录', 'Consent'))}</b>")
        super().__init__(
            children=[
                head,
                self.notice_text,
                self.state,
                self.sensitive,
                self.recipients,
                self.how,
                self.evidence,
                self.button,
                self.notice,
            ]
        )
        self.add_class("cw-consent")

    def refresh(self) -> None:
        self.state.value = ledger_html(self.model.ledger(), self.lang)

    def record(self) -> Any:
        from .common import error_text

        self.notice.clear()
        try:
            book = self.model.record(
                list(self.recipients.value),
                self.sensitive.value,
                self.how.value,
                self.evidence.value,
            )
        except Exception as exc:  # the widget edge: one line in the box, never a traceback
            self.notice.error(error_text(exc))
            return None
        self.state.value = ledger_html(book, self.lang)
        self.notice.ok(tr(self.lang, "已记录同意", "Consent recorded"))
        return book
