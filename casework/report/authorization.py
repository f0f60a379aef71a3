"""The authorization letter (授权委托书) for a case an agent acts in, as its own PDF.

暂行办法 Art. 10: a complaint made through an agent carries the consumer's signed authorization.
The letter is filled from the case — 委托人 (the consumer), 受托人 (the agent), 委托事项 (the
dispute: order, shop, respondent, channel), 权限 (what the agent may do), 期限 (until the complaint
is closed) — with signature and date lines. It is printed, signed, scanned and added back as
evidence of type ``authorization_letter``; the cover then says 已附（证据N）.
"""

from __future__ import annotations

from pathlib import Path

from ..cases import Case
from ..errors import InvalidInput
from ..store import Store
from .exporters import FONT, html_to_pdf
from .markup import esc

_CSS = """
@font-face { font-family: "CaseworkCJK"; src: url("%s"); }
@page { size: A4; margin: 25mm 22mm; }
body { font-family: "CaseworkCJK", sans-serif; font-size: 12pt; line-height: 2; color: #111; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.5em; margin: 0 0 10mm; }
p { margin: 0 0 3mm; text-indent: 0; }
.k { font-weight: bold; }
.sign { margin-top: 16mm; }
.sign p { margin: 0 0 9mm; }
.box { font-family: "DejaVu Sans", "CaseworkCJK", sans-serif; }
"""


def _blank(value: str, width: int = 16) -> str:
    return esc(value) if value else "＿" * width


def letter_html(case: Case, lang: str = "zh") -> str:
    """The letter as a self-contained HTML page (Chinese; English with ``lang="en"``)."""
    title, body = letter_body(case, lang)
    en = lang == "en"
    return (
        f'<!DOCTYPE html><html lang="{"en" if en else "zh-CN"}"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS % FONT.as_uri()}</style></head><body>"
        f"<h1>{esc(title)}</h1>{body}</body></html>"
    )


def _english(case: Case, seller: str, orders: str) -> tuple[str, list[str], list[str]]:
    """The English letter's title, paragraphs and signature lines."""
    paras = [
        f"<p><span class='k'>Principal (the consumer):</span> {_blank(case.complainant_name)}"
        f", phone {_blank(case.complainant_phone, 10)}, address "
        f"{_blank(case.complainant_address, 20)}</p>",
        f"<p><span class='k'>Agent:</span> {_blank(case.agent_name)}</p>",
        "<p><span class='k'>Matter:</span> the consumer dispute over the purchase of "
        f"{esc(case.product or 'goods')}"
        + (f" (order {esc(orders)})" if orders else "")
        + (f" from {esc(seller)}" if seller else "")
        + (f" on {esc(case.platform)}" if case.platform else "")
        + ": to complain"
        + (" and report" if case.is_report else "")
        + " to the platform, the market regulator (12315) or the consumer association on "
        "the principal's behalf.</p>",
        "<p><span class='k'>Powers:</span> <span class='box'>☐</span> general: file the "
        "complaint, submit and supplement evidence, state the facts, attend mediation, "
        "receive documents; <span class='box'>☐</span> special, in addition: change or "
        "withdraw the request, agree a mediated settlement.</p>",
        "<p><span class='k'>Term:</span> from the date of signing until the complaint is "
        "closed.</p>",
    ]
    sign = [
        f"<p>Principal (signature): {'＿' * 12}　Date: {'＿' * 8}</p>",
        f"<p>Agent (signature): {'＿' * 12}　Date: {'＿' * 8}</p>",
    ]
    title = "Letter of authorization"
    return title, paras, sign


def letter_body(case: Case, lang: str = "zh") -> tuple[str, str]:
    """The letter's title and body (paragraphs, then the signature lines) as HTML, for a page of
    its own or inside another document (a group complaint's submission, #17)."""
    if not case.agent_name:
        raise InvalidInput(
            "本案没有代理人，不需要授权委托书",
            "the case has no agent: no authorization letter is needed",
            field="agent_name",
        )
    en = lang == "en"
    seller = "，".join(x for x in (case.shop_name, case.respondent_name) if x)
    orders = "、".join(case.order_numbers)
    bought = "".join(
        [
            f"{case.purchase_date.year}年{case.purchase_date.month}月{case.purchase_date.day}日"
            if case.purchase_date
            else "",
            f"在{case.platform}" if case.platform else "",
            f"向{seller}" if seller else "",
            f"购买{case.product or '商品'}",
            f"（订单号 {orders}）" if orders else "",
        ]
    )
    blank_date = "＿＿＿＿年＿＿月＿＿日"
    if en:
        title, paras, sign = _english(case, seller, orders)
    else:
        paras = [
            f"<p><span class='k'>委托人（投诉人）：</span>{_blank(case.complainant_name)}，"
            f"联系电话：{_blank(case.complainant_phone, 10)}，"
            f"通讯地址：{_blank(case.complainant_address, 20)}</p>",
            f"<p><span class='k'>受托人（代理人）：</span>{_blank(case.agent_name)}</p>",
            f"<p><span class='k'>委托事项：</span>委托人{esc(bought)}，与经营者发生消费争议。"
            f"现委托受托人代为向电商平台、市场监督管理部门（全国12315平台）或消费者协会提出投诉"
            + ("和举报" if case.is_report else "")
            + "。</p>",
            "<p><span class='k'>代理权限：</span><span class='box'>☐</span> 一般代理：代为提出投诉，"
            "提交和补充证据材料，陈述事实，参加调解，签收相关文书；<span class='box'>☐</span> "
            "特别授权：除上述权限外，代为变更、放弃投诉请求，代为达成调解协议。</p>",
            "<p><span class='k'>委托期限：</span>自本委托书签署之日起至本投诉处理终结之日止。</p>",
        ]
        sign = [
            f"<p>委托人（签名）：{'＿' * 10}　　日期：{blank_date}</p>",
            f"<p>受托人（签名）：{'＿' * 10}　　日期：{blank_date}</p>",
        ]
        title = "授权委托书"
    return title, f"{''.join(paras)}<div class='sign'>{''.join(sign)}</div>"


def export_authorization(
    store: Store, case_id: str, *, lang: str = "zh", out: str | Path | None = None
) -> Path:
    """Write the case's 授权委托书 as a PDF (default ``<home>/exports/<case>/…``) and return
    where it is; the write is all or nothing."""
    from ..atomic import write_atomic

    case = store.get_case(case_id)
    pdf = html_to_pdf(letter_html(case, lang))
    if out is None:
        stamp = store.clock().strftime("%Y%m%d-%H%M%S")
        out = store.home / "exports" / case_id / f"{case_id}_authorization_{lang}_{stamp}.pdf"
    path = Path(out).expanduser().resolve()
    write_atomic(path, pdf)
    return path


__all__ = ["export_authorization", "letter_body", "letter_html"]
