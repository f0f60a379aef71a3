"""Shared by the report tests: parsing exported HTML (never grepping it) and hostile cases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from casework.consent import give_all
from casework.store import Store

# What a reader would take for a mainland mobile number or an 18-digit ID number.
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![0-9A-Za-z])"
)
ID_RE = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])"
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
URL_ATTRS = {"src", "href", "action", "formaction", "data", "poster", "srcset", "xlink:href"}

PAYLOADS = {
    "title": "<script>alert(1)</script>",
    "facts": '<img src=x onerror="alert(2)">事实',
    "request": '"><svg onload=alert(3)>退款',
    "summary": "<iframe src=javascript:alert(4)></iframe>",
    "description": "<script src=https://evil.example/x.js></script>",
}


@dataclass
class Page(HTMLParser):
    """Every tag with its attributes, the text, the style blocks, and the manifest script."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    _in: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else ""
        if where == "style":
            self.styles.append(data)
        elif where not in ("script",):
            self.text.append(data)

    @property
    def body_text(self) -> str:
        return "".join(self.text)

    def urls(self) -> list[str]:
        """Every URL the page could load: URL attributes, inline style attributes, <style>."""
        found = [v for _, attrs in self.tags for k, v in attrs.items() if k in URL_ATTRS and v]
        css = self.styles + [a.get("style", "") for _, a in self.tags]
        found += [m.group(1) for block in css for m in CSS_URL.finditer(block)]
        return found

    def scripts(self) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == "script"]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def external(urls: list[str]) -> list[str]:
    """URLs that would reach outside the file: anything but data: and in-page anchors."""
    return [u for u in urls if not (u.startswith("data:") or u.startswith("#"))]


def hostile_case(store: Store) -> str:
    """A case whose every free-text field carries a script-injection payload."""
    from casework.evidence import add_evidence

    case = store.create_case(
        title=PAYLOADS["title"],
        category="quality",
        facts=PAYLOADS["facts"],
        request=PAYLOADS["request"],
        complainant_name="张三",
        complainant_phone="13912345678",
        complainant_address="北京市东城区某街 1 号",
        respondent_name="某某商贸有限公司",
        respondent_address="上海市某区某路 2 号",
        channel="12315",
    )
    store.add_communication(
        case.id,
        at="2026-10-01 10:00",
        counterpart="商家",
        channel="phone",
        summary=PAYLOADS["summary"],
    )
    add_evidence(
        store,
        case.id,
        b"\x89PNG not really",
        type="other",
        name="<script>alert(5)</script>.png",
        description=PAYLOADS["description"],
        proves="<b>bold</b>",
    )
    give_all(store, case.id)  # the complainant agreed to every recipient (#17)
    return case.id


def assert_inert(page: Page) -> None:
    """No payload became markup: no executable script, no event handler, no frame or svg."""
    for attrs in page.scripts():
        assert attrs.get("type") == "application/json", attrs
        assert "src" not in attrs, attrs
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "svg", "object", "embed"), tag
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
    text = page.body_text
    for key in ("title", "summary", "description"):
        assert PAYLOADS[key] in text, key


BILLS = Path(__file__).resolve().parents[1] / "data" / "bills"
#: An Alipay bill of 2023 that has nothing to do with a 2026 JD order.
UNRELATED_BILL = BILLS / "deg_alipay__2023-format__example-alipay-records.csv"
#: What a reader must never see: register keys, importer layout ids, notes about our software.
INTERNAL = (
    "12315_online",
    "platform_chat",
    "app-2023",
    "app-2025",
    "alipay/",
    "(alipay",
    "casework",
    "verify-submission",
    "未核实",
    "未经核实",
    "chinese-calendar",
    "估算",
    "未显示",
    "¥0.00",
    "未找到付款记录",
)


def jd_case(store: Store, **over: object) -> str:
    """A fresh JD case filed on 12315, with a 2023 Alipay bill that holds none of its rows."""
    from casework.workflow import import_bill

    fields: dict[str, object] = {
        "title": "京东购买的电水壶漏水，商家拒绝退货",
        "category": "quality",
        "platform": "京东",
        "shop_name": "美厨小家电京东自营旗舰店",
        "respondent_name": "北京美厨电器有限公司",
        "respondent_address": "北京市大兴区亦庄经济开发区科创十一街 18 号",
        "complainant_name": "赵六",
        "complainant_phone": "13912345678",
        "complainant_address": "北京市朝阳区望京街道 1 号",
        "order_numbers": ["312345678901"],
        "product": "美厨 1.7L 电水壶",
        "purchase_date": "2026-11-02",
        "amount_paid": "399.00",
        "request": "退货退款 399.00 元。",
        "facts": "11月2日在京东下单电水壶，11月10日首次烧水即漏水，客服以「已使用」为由拒绝退货。",
        "channel": "12315",
    }
    fields.update(over)
    case = store.create_case(**fields)
    import_bill(store, case.id, UNRELATED_BILL)
    give_all(store, case.id)  # the complainant agreed to every recipient (#17)
    return case.id


def bill_counterparties() -> set[str]:
    """Every counterparty of the unrelated bill (none may reach the submission)."""
    from casework.records.parse import inspect

    result = inspect(UNRELATED_BILL)
    return {c for c in result.frame["counterparty"] if len(c) >= 2}
