"""Intake form (登记): every field of a case; save registers a new case or updates this one.

The save is optimistic: it carries the version the form was loaded at, so a change someone else
made meanwhile is reported (ConflictError) instead of overwritten.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import Any

import ipywidgets as w

from ..cases import FIELD_ZH, Case, CaseFields, Category, Channel, FilingChannel
from ..errors import InvalidInput
from ..money import fmt
from ..store import Store
from .common import Panel, Session, label, labelled, options, today, tr

#: Platforms offered in the combobox; any other name can be typed.
PLATFORMS = [
    "淘宝",
    "天猫",
    "京东",
    "拼多多",
    "抖音",
    "快手",
    "闲鱼",
    "美团",
    "唯品会",
    "苏宁易购",
    "小红书",
    "得物",
]

#: (field, English label, kind). Chinese labels come from cases.FIELD_ZH.
FIELDS: list[tuple[str, str, str]] = [
    ("title", "Title", "text"),
    ("category", "Problem type", "category"),
    ("complainant_name", "Complainant", "text"),
    ("complainant_phone", "Phone", "text"),
    ("complainant_address", "Mailing address", "text"),
    ("platform", "Platform", "platform"),
    ("shop_name", "Shop", "text"),
    ("respondent_name", "Respondent", "text"),
    ("respondent_address", "Respondent address", "text"),
    ("respondent_credit_code", "Credit code", "text"),
    ("order_numbers", "Order numbers", "text"),
    ("product", "Product", "text"),
    ("purchase_date", "Purchase date", "text"),
    ("amount_paid", "Amount paid (yuan)", "text"),
    ("request", "Request", "area"),
    ("facts", "Facts", "area"),
    ("channel", "Filing channel", "channel"),
    ("contact_method", "Contact method", "contact"),
    ("is_report", "Also a report (举报)", "bool"),
    ("agent_name", "Agent", "text"),
    ("authorization_on_file", "Authorization letter signed", "bool"),
]

#: A line of help beside a field whose meaning is easy to misread.
_HELP = {
    "channel": (
        "投诉递交到哪里（平台、12315、消协、法院、12305 快递）；右侧列出该渠道的必填项。",
        "Where the complaint goes (platform, 12315, association, court, 12305 for couriers); "
        "its required fields are listed below.",
    ),
    "authorization_on_file": (
        "勾选表示授权委托书已签署；请在第 5 步上传扫描件，提交材料才会写「已附」。",
        "Tick when the letter is signed; upload its scan in step 5 so the submission can say "
        "it is attached.",
    ),
}

_EN = {name: en for name, en, _kind in FIELDS}

_PLACEHOLDER = {
    "purchase_date": "2026-03-01",
    "amount_paid": "1299.00",
    "order_numbers": "4021557788990011223, …",
    "complainant_phone": "13800138000",
}


def form_value(case: Case | None, name: str) -> Any:
    """A case field as the form shows it (text for dates, amounts and order lists)."""
    if case is None:
        return False if CaseFields.model_fields[name].annotation is bool else ""
    value = getattr(case, name)
    if name == "order_numbers":
        return ", ".join(value)
    if name == "amount_paid":
        return "" if value is None else f"{value:.2f}"
    if name == "purchase_date":
        return "" if value is None else value.isoformat()
    if name == "category":
        return value.value
    return value


#: Inputs whose change re-lists what the channel still needs (the 12315 form's fields).
REQUIRED_WATCH = (
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "respondent_name",
    "respondent_address",
    "request",
    "facts",
)


def required_html(channel: str, values: dict[str, Any], on: date, lang: str) -> str:
    """The channel's required fields, each ✓ filled or ✗ empty, and the empty ones named."""
    from ..filing import required_fields

    if not channel:
        return _grey(
            tr(
                lang,
                "选择「投诉渠道」后，这里列出该渠道要求填写的项目。",
                "Choose the filing channel to see the fields it requires.",
            )
        )
    name = label(FilingChannel(channel), lang)
    needed = required_fields(channel, on)
    if not needed:
        return _grey(
            tr(
                lang,
                f"受理渠道「{name}」没有法定的表单必填项；第 5 步的材料检查列出它要求的证据。",
                f"The channel {name} has no statutory form; the checklist in step 5 lists the "
                "evidence it needs.",
            )
        )
    empty = [r for r in needed if not str(values.get(r.field) or "").strip()]
    cells = " ".join(
        (
            f'<span class="cw-missing-field" style="color:#b00020">✗ {html.escape(r.label(lang))}</span>'
            if r in empty
            else f'<span style="color:#1b5e20">✓ {html.escape(r.label(lang))}</span>'
        )
        for r in needed
    )
    cite = needed[0].citation(lang)
    head = tr(
        lang, f"受理渠道「{name}」要求填写（{cite}）：", f"The channel {name} requires ({cite}): "
    )
    return f"<div>{html.escape(head)}{cells}{_still_missing(empty, lang)}</div>"


def _grey(text: str) -> str:
    return '<span style="color:#555">' + html.escape(text) + "</span>"


def _still_missing(empty: list[Any], lang: str) -> str:
    """The line under the list: what is still empty, or that every required field is filled."""
    if not empty:
        return "<br>" + html.escape(tr(lang, "必填项已齐。", "Every required field is filled."))
    gap = ("、" if lang != "en" else ", ").join(r.label(lang) for r in empty)
    tail = tr(lang, f"还缺：{gap}", f"Still missing: {gap}")
    return f'<br><b style="color:#a15c00">△ {html.escape(tail)}</b>'


class IntakeModel:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.case: Case | None = None

    def load(self) -> Case | None:
        self.case = self.store.get_case(self.session.case_id) if self.session.case_id else None
        return self.case

    def save(self, values: dict[str, Any]) -> Case:
        """Register a new case, or write the changed fields of this one (one transaction)."""
        if not str(values.get("title") or "").strip():
            # pydantic would say "String should have at least 1 character".
            raise InvalidInput(
                "请填写案件标题（如: 蓝牙耳机左耳无声，商家拒绝退货）",
                "the case needs a title (e.g. left earbud silent, seller refuses a return)",
                field="title",
            )
        fields = CaseFields.build(**values)
        if self.case is None:
            case = self.store.create_case(fields)
        else:
            changes = {
                k: getattr(fields, k)
                for k in CaseFields.model_fields
                if getattr(fields, k) != getattr(self.case, k)
            }
            if not changes:
                return self.case
            case = self.store.update_case(self.case.id, changes, expected_version=self.case.version)
        self.case = case
        self.session.case_id = case.id  # every panel moves to the saved case
        return case


class IntakeView(Panel):
    title_zh = "登记"
    title_en = "Intake"
    name = "intake"

    def __init__(self, model: IntakeModel, lang: str = "zh") -> None:
        super().__init__(model.session, lang)
        self.model = model
        self.inputs: dict[str, w.ValueWidget] = {}
        rows = []
        for name, en, kind in FIELDS:
            widget = self._input(kind, name)
            widget.add_class(f"cw-field-{name}")
            self.inputs[name] = widget
            shown: w.Widget = widget
            if name in _HELP:
                shown = w.HBox([widget, w.HTML(f"<small>{self.t(*_HELP[name])}</small>")])
            rows.append(labelled(lang, FIELD_ZH.get(name, name), en, shown, width="11em"))
        self.header = w.HTML()
        self.missing = w.HTML()
        self.missing.add_class("cw-required")
        for name in ("channel", *REQUIRED_WATCH):
            self.inputs[name].observe(lambda _c: self._show_required(), names="value")
        self.save_button = w.Button(
            description=self.t("保存", "Save"), button_style="primary", icon="save"
        )
        self.save_button.add_class("cw-save")
        self.save_button.on_click(lambda _b: self.save())
        from .consent import ConsentBox, ConsentModel  # the consent ledger (#17)

        self.consent = ConsentBox(ConsentModel(model.store, model.session), lang)
        self.body.children = [self.header, self.missing, *rows, self.save_button, self.consent]
        self.guard(self.refresh)

    def _input(self, kind: str, name: str) -> w.ValueWidget:
        wide = w.Layout(width="36em")
        if kind == "category":
            return w.Dropdown(options=options(Category, self.lang), value=Category.OTHER.value)
        if kind == "channel":
            return w.Dropdown(options=[("", ""), *options(FilingChannel, self.lang)], value="")
        if kind == "contact":
            return w.Dropdown(options=[("", ""), *options(Channel, self.lang)], value="")
        if kind == "platform":
            return w.Combobox(options=PLATFORMS, ensure_option=False, layout=wide)
        if kind == "bool":
            return w.Checkbox(indent=False)
        if kind == "area":
            return w.Textarea(layout=w.Layout(width="36em", height="6em"))
        return w.Text(placeholder=_PLACEHOLDER.get(name, ""), layout=wide)

    def values(self) -> dict[str, Any]:
        return {name: widget.value for name, widget in self.inputs.items()}

    def refresh(self) -> None:
        case = self.model.load()
        for name, widget in self.inputs.items():
            value = form_value(case, name)
            if name == "category" and case is None:
                value = Category.OTHER.value
            widget.value = value
        self._show(case)

    def _show(self, case: Case | None) -> None:
        self.consent.refresh()
        if case is None:
            self.header.value = self.t(
                "<i>新案件（保存后获得案件编号）</i>", "<i>New case (it gets its id when saved)</i>"
            )
            self._show_required()
            return
        amount = f" · {fmt(case.amount_paid)}" if isinstance(case.amount_paid, Decimal) else ""
        self.header.value = (
            f"<b>{case.id}</b> · {label(case.status, self.lang)}"
            f"{amount} · {self.t(f'第 {case.version} 版', f'version {case.version}')}"
        )
        self._show_required()

    def _show_required(self) -> None:
        """Which fields the chosen filing channel requires, and which the form leaves empty —
        from the form as it stands, so it answers before the save."""
        self.missing.value = required_html(
            self.inputs["channel"].value or "", self.values(), today(self.model.store), self.lang
        )

    def save(self) -> None:
        before = self.session.case_id
        case = self.guard(self.model.save, self.values())
        if case is not None:
            if before == case.id:  # a new case already moved every panel to it
                self.changed()
            self.notice.ok(
                self.t(
                    f"已保存案件 {case.id}（第 {case.version} 版）",
                    f"Saved case {case.id} (version {case.version})",
                )
            )
            self._show(case)
