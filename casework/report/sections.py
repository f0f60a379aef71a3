"""The sections of a submission (提交材料), each rendered to HTML from the register.

Order and content follow what the readers ask for (暂行办法 Art. 9 for a complaint; 证据规定 Art. 19
for the 证据清单): cover, request (诉求), facts in time order, timeline figure, money trail, evidence
list with SHA-256, communications log, legal basis, deadlines, and an appendix with the manifest
hash of the whole evidence set. Every user string is redacted for the profile, then escaped.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..cases import Actor, Case
from ..clock import fixed
from ..clock import now as real_now
from ..errors import CaseworkError, InvalidInput
from ..money import fmt, parse_amount
from ..store import Store
from .exhibits import Exhibit
from .markup import (
    ERROR_ATTR,
    MANIFEST_ID,
    data_uri,
    esc,
    fields,
    figure_png,
    json_script,
    note,
    paragraphs,
    table,
)
from .redaction import PROFILE_EN, PROFILE_ZH, Redactor, check_profile

SECTIONS = (
    "cover",
    "request",
    "facts",
    "timeline",
    "money",
    "evidence",
    "communications",
    "legal_basis",
    "deadlines",
    "signature",
    "appendix",
    "exhibits",
)
LANGS = ("zh", "en")

_TITLES: dict[str, tuple[str, str]] = {
    "request": ("投诉请求（诉求）", "Request"),
    "facts": ("事实与理由", "Facts and reasons"),
    "timeline": ("时间线", "Timeline"),
    "money": ("资金往来", "Money trail"),
    "evidence": ("证据清单", "Evidence list"),
    "communications": ("沟通记录", "Communications log"),
    "legal_basis": ("法律依据", "Legal basis"),
    "deadlines": ("期限", "Deadlines"),
    "signature": ("签名", "Signatures"),
    "appendix": ("附录：证据校验", "Appendix: evidence manifest"),
    "exhibits": ("附件：证据", "Exhibits"),
}
_NUMERALS = "一二三四五六七八九十"

#: Filing channel (递交渠道) → its name and the kind of counterpart that receives it.
CHANNELS: dict[str, tuple[str, str, Actor]] = {
    "12315": (
        "全国12315平台（市场监督管理部门）",
        "12315 platform (market regulator)",
        Actor.REGULATOR,
    ),
    "regulator": ("市场监督管理部门", "market regulator", Actor.REGULATOR),
    "platform": ("电商平台", "e-commerce platform", Actor.PLATFORM),
    "association": ("消费者协会", "consumer association", Actor.ASSOCIATION),
    "court": ("人民法院", "people's court", Actor.COURT),
    "seller": ("商家", "seller", Actor.SELLER),
}


def _zh(lang: str) -> bool:
    return lang == "zh"


@dataclass
class Ctx:
    """What every section needs: the register, the case, the language and the redactor."""

    store: Store
    case: Case
    lang: str
    profile: str
    r: Redactor
    today: date

    def t(self, zh: str, en: str) -> str:
        return zh if _zh(self.lang) else en

    def e(self, value: object) -> str:
        """User text: redacted for the profile, then escaped."""
        return esc(self.r(value))

    def heading(self, name: str) -> str:
        zh, en = _TITLES[name]
        n = SECTIONS.index(name)  # cover is 0, so request is 一
        if name in ("appendix", "exhibits"):
            return f"<h2>{esc(self.t(zh, en))}</h2>"
        return f"<h2>{esc(self.t(f'{_NUMERALS[n - 1]}、{zh}', f'{n}. {en}'))}</h2>"


def make_ctx(
    store: Store,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> Ctx:
    check_profile(profile)
    if lang not in LANGS:
        raise InvalidInput(
            f"无效的语言: {lang!r}（可选: zh, en）",
            f"unknown language {lang!r} (choose zh or en)",
            field="lang",
        )
    case = store.get_case(case_id)
    refs = [c.ref for c in store.list_communications(case_id) if c.ref]
    return Ctx(
        store,
        case,
        lang,
        profile,
        Redactor.for_case(case, profile, refs=refs),
        today or store.clock().date(),
    )


# -- the sections ----------------------------------------------------------------------------


def channel_and_addressee(ctx: Ctx) -> tuple[str, str]:
    """The channel's name and who receives it: the latest counterpart of that kind we wrote to."""
    c = ctx.case
    zh, en, kind = CHANNELS.get(_channel_key(c.channel), ("", "", Actor.REGULATOR))
    outgoing = [
        m
        for m in ctx.store.list_communications(c.id)
        if m.direction == "out" and m.counterpart_kind == kind
    ]
    addressee = outgoing[-1].counterpart if outgoing else ""
    return ctx.t(zh, en), addressee


def _channel_key(value: str) -> str:
    """The case's channel as a key of :data:`CHANNELS`: ``12315_online``, 全国12315平台, 消协 …
    all name one; an unknown one is left off the cover (the review sheet names it)."""
    from ..evidence import parse_channel

    if value in CHANNELS or not value:
        return value
    try:
        return parse_channel(value) or ""
    except CaseworkError:
        return ""


def authorization(ctx: Ctx) -> str:
    """What the cover may say of the agent's authorization (授权委托书): "attached" only with
    the letter among the evidence, named by its number; the intake form's ticked box alone
    means signed but not attached; nothing is claimed otherwise."""
    from ..evidence import evidence_list

    letters = [
        row["no"]
        for row in evidence_list(ctx.store, ctx.case.id, ctx.lang)
        if row["type"] == "authorization_letter"
    ]
    if letters:
        nos = "、".join(f"证据{n}" for n in letters)
        return ctx.t(f"已附（{nos}）", f"attached (evidence no. {', '.join(map(str, letters))})")
    if ctx.case.authorization_on_file:
        return ctx.t("已签署，未附扫描件", "signed, scan not attached")
    return ""


def cover(ctx: Ctx) -> str:
    c, t = ctx.case, ctx.t
    kind = t("投诉、举报", "complaint and report") if c.is_report else t("投诉", "complaint")
    channel, addressee = channel_and_addressee(ctx)
    respondent = t("，", ", ").join(
        x
        for x in (
            c.respondent_name,
            c.shop_name and t(f"店铺：{c.shop_name}", f"shop: {c.shop_name}"),
            c.respondent_credit_code
            and t(
                f"统一社会信用代码：{c.respondent_credit_code}",
                f"credit code: {c.respondent_credit_code}",
            ),
        )
        if x
    )
    agent = c.agent_name
    rows = [
        (t("案件编号", "Case id"), c.id),
        (t("材料类型", "Kind"), kind),
        (t("问题类型", "Problem"), c.category.zh if _zh(ctx.lang) else english(c.category.value)),
        (t("递交渠道", "Channel"), channel),
        (t("受理单位", "Addressee"), addressee),
        (t("投诉人", "Complainant"), c.complainant_name),
        (t("联系电话", "Phone"), c.complainant_phone),
        (t("通讯地址", "Address"), c.complainant_address),
        (t("代理人", "Agent"), agent),
        (t("授权委托书", "Authorization"), authorization(ctx)),
        (t("被投诉人", "Respondent"), respondent),
        (t("被投诉人地址", "Respondent's address"), c.respondent_address),
        (t("平台", "Platform"), c.platform),
        (t("订单号", "Order number(s)"), "、".join(c.order_numbers)),
        (t("商品", "Product"), c.product),
        (t("支付金额", "Amount paid"), fmt(c.amount_paid)),
        (t("购买日期", "Purchase date"), c.purchase_date.isoformat() if c.purchase_date else ""),
        (t("材料日期", "Date"), ctx.today.isoformat()),
        (t("版本", "Version"), t(PROFILE_ZH[ctx.profile], PROFILE_EN[ctx.profile])),
    ]
    heading = t(f"{kind}材料", f"Submission: {kind}")
    return (
        f'<p class="cw-kind">{esc(heading)}</p><h1 class="cw-title">{ctx.e(c.title)}</h1>'
        + fields((k, ctx.r(v)) for k, v in rows)
    )


def request(ctx: Ctx) -> str:
    text = ctx.case.request
    if not text:
        return note(ctx.t("（尚未填写诉求。）", "(No request recorded yet.)"))
    return paragraphs(ctx.r(text))


def facts(ctx: Ctx) -> str:
    from ..narrative import is_edited, narrative

    c = ctx.case
    logged = c.facts or ctx.store.list_events(c.id) or ctx.store.list_communications(c.id)
    if not logged and not is_edited(ctx.store, c.id, ctx.lang):
        # With nothing logged the generated narrative is a stock sentence, not a fact.
        return note(ctx.t("（尚未记录事实经过。）", "(No facts recorded yet.)"))
    text = narrative(ctx.store, c.id, lang=ctx.lang)
    return paragraphs(ctx.r(text)) or note(
        ctx.t("（尚未记录事实经过。）", "(No facts recorded yet.)")
    )


def timeline(ctx: Ctx) -> str:
    import matplotlib.pyplot as plt

    from ..timeline import timeline_figure, timeline_frame

    if timeline_frame(ctx.store, ctx.case.id).empty:
        return note(
            ctx.t("（尚无事件，没有可画的时间线。）", "(No events logged yet: no timeline.)")
        )
    fig = timeline_figure(ctx.store, ctx.case.id, lang=ctx.lang, redact=ctx.r, today=ctx.today)
    try:
        png = figure_png(fig)
    finally:
        plt.close(fig)  # else the notebook's inline backend would show it a second time
    alt = ctx.t("案件时间线图", "Case timeline")
    return f'<figure class="cw-figure"><img src="{data_uri(png, "image/png")}" alt="{esc(alt)}"/></figure>'


#: How the money trail matched a payment to an order (records' ``match_method``), in words.
MATCHED_BY: dict[str, tuple[str, str]] = {
    "id": ("交易号/订单号一致", "same order or transaction id"),
    "order_record": ("订单记录", "order record"),
    "amount+time+counterparty": ("金额、时间和商家一致", "amount, time and counterparty"),
    "amount+time": ("金额和时间一致", "amount and time"),
}
_ROLE: dict[str, tuple[str, str]] = {"payment": ("付款", "payment"), "refund": ("退款", "refund")}


def _bill_line(ctx: Ctx, line: dict[str, Any]) -> str:
    """Where a figure comes from: ``付款 ¥1,299.00：alipay_demo.csv 第 32 行`` (file and line)."""
    role = ctx.t(*_ROLE.get(line.get("role", ""), (line.get("role", ""),) * 2))
    amount = fmt(parse_amount(line["amount"])) if line.get("amount") else ""
    where = ctx.t(
        f"{line.get('file')} 第 {line.get('line')} 行",
        f"{line.get('file')} line {line.get('line')}",
    )
    return f"{role} {amount}：{where}" if _zh(ctx.lang) else f"{role} {amount}: {where}"


def money(ctx: Ctx) -> str:
    """Per order: what the bill lines show was paid and refunded. An order with no payment row
    found says so and gives the amount the consumer states, with that source — never ¥0.00 as
    if it were a fact. Transactions that belong to no order are listed; the order is not."""
    import numpy as np

    from ..records import money_trail

    trail = money_trail(ctx.store, ctx.case.id)
    t = ctx.t
    headers = [
        t("订单号", "Order"),
        t("已付", "Paid"),
        t("已退", "Refunded"),
        t("尚欠", "Outstanding"),
        t("状态", "Status"),
        t("匹配方式", "Matched by"),
        t("账单出处", "Bill lines"),
    ]
    rows, pending = [], []
    for rec in trail.orders.to_dict("records"):
        if rec["status"] == "no_payment":
            pending.append(rec["order"])
            continue
        lines = "<br/>".join(ctx.e(_bill_line(ctx, ln)) for ln in rec.get("lines") or [])
        method = rec.get("match_method", "")
        rows.append(
            [
                ctx.e(rec.get("order", "")),
                esc(fmt(rec.get("paid"))),
                esc(fmt(rec.get("refunded"))),
                esc(fmt(rec.get("outstanding"))),
                esc(rec.get("status_zh") if _zh(ctx.lang) else english(rec.get("status") or "")),
                esc(t(*MATCHED_BY.get(method, (method, method)))),
                lines,
            ]
        )
    out = ""
    if rows:
        totals = trail.totals
        foot = [t("合计", "Total"), fmt(totals.get("paid")), fmt(totals.get("refunded"))]
        foot += [fmt(totals.get("outstanding")), "", "", ""]
        out += table(headers, rows, cls="cw-money", foot=foot, raw_columns=range(7))
    if not rows and not _has_bills(ctx):
        out += note(
            t("（尚未导入账单，没有可列出的付款。）", "(No bills imported: no payments to list.)")
        )
        if ctx.case.amount_paid is not None:
            out += _stated_payment(ctx, pending)
    elif pending or not rows:
        out += _stated_payment(ctx, pending)
    # Only what concerns this shop: a refund from another merchant in the same bill is the
    # consumer's own business, not the reader's.
    shop = ctx.case.shop_name or ctx.case.respondent_name
    names = [bool(shop) and _names_match(str(c), shop) for c in trail.unmatched["counterparty"]]
    stray = trail.unmatched[
        (trail.unmatched["kind"] != "order").to_numpy(dtype=bool) & np.array(names, dtype=bool)
    ]
    if len(stray):
        out += note(
            t(
                "以下交易涉及本案商家，但未能对应到上列订单：",
                "These transactions concern the shop but match none of the orders above:",
            )
        )
        out += table(
            [
                t("时间", "When"),
                t("款项", "Kind"),
                t("金额", "Amount"),
                t("交易对方", "Counterparty"),
            ],
            [
                [
                    str(r["time"])[:16].replace("T", " "),
                    t("退款", "refund") if r["kind"] == "refund" else t("付款", "payment"),
                    fmt(r["amount"]),
                    ctx.r(r["counterparty"]),
                ]
                for r in stray.to_dict("records")
            ],
            cls="cw-unmatched",
        )
    return out


def _names_match(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def _has_bills(ctx: Ctx) -> bool:
    from ..records.importing import import_summary

    return bool(import_summary(ctx.store, ctx.case.id))


def _stated_payment(ctx: Ctx, pending: list[str]) -> str:
    """The payment as the consumer states it, while no bill row shows it (付款记录尚未核对到)."""
    c, t = ctx.case, ctx.t
    orders = "、".join(pending) if _zh(ctx.lang) else ", ".join(pending)
    head = t(
        f"订单 {orders}：付款记录尚未核对到。" if orders else "付款记录尚未核对到。",
        f"Order {orders}: the payment record has not been matched yet."
        if orders
        else "The payment record has not been matched yet.",
    )
    if c.amount_paid is None:
        return paragraphs(ctx.r(head))
    stated = t(
        f"消费者陈述已支付 {fmt(c.amount_paid)}（来源：投诉人登记的购买信息"
        + (f"，{c.purchase_date.isoformat()}" if c.purchase_date else "")
        + "）。",
        f"The consumer states paying {fmt(c.amount_paid)} (source: the complainant's purchase "
        "details at intake"
        + (f", {c.purchase_date.isoformat()}" if c.purchase_date else "")
        + ").",
    )
    return paragraphs(ctx.r(head + stated))


def _thumbnail(path: Any, mime: str, *, blur: bool) -> str:
    """A small JPEG of an image, re-encoded (so EXIF and GPS data are not carried over).

    ``blur`` (the public profile): a screenshot's text — a name, a phone number — cannot be
    masked like text, so the thumbnail is blurred until no line of it can be read; it still
    shows which file it is. The unblurred originals stay in the case's evidence store.
    """
    if not mime.startswith("image/"):
        return ""
    from PIL import Image, ImageFilter, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.thumbnail((200, 200))
            small = im.convert("RGB")
            if blur:
                small = small.filter(ImageFilter.GaussianBlur(3))
            buf = io.BytesIO()
            small.save(buf, format="JPEG", quality=70)
    except (UnidentifiedImageError, OSError):
        return ""  # not a decodable image: the row still lists the file and its hash
    return f'<img class="cw-thumb" src="{data_uri(buf.getvalue(), "image/jpeg")}" alt=""/>'


def reader_half(text: str, lang: str) -> str:
    """One language of a stored "中文 / English" text (a bill's description holds both): the
    Chinese submission carries no English half, the English one no Chinese half."""
    zh, sep, en = text.partition(" / ")
    if not sep or not en.isascii() or zh.isascii():
        return text
    return en if lang == "en" else zh


def submitted(ctx: Ctx) -> list[Exhibit]:
    """The evidence the submission lists, numbered as the evidence module numbers it: whole
    bills and superseded excerpts stay with the advocate (they are numbered last)."""
    from ..evidence import evidence_list, list_evidence
    from ..evidence.screenshots import exhibit_text
    from .excerpt import read_excerpt

    items = {item.id: item for item in list_evidence(ctx.store, ctx.case.id)}
    out = []
    for row in evidence_list(ctx.store, ctx.case.id, ctx.lang):
        if not row.get("submitted", True):
            continue
        item = items[row["evidence_id"]]
        path = item.path(ctx.store)
        excerpt = read_excerpt(path.read_bytes()) if row.get("excerpt") else None
        if excerpt is not None:
            name = ctx.t(
                f"账单摘录（{excerpt.file_name} 中与本案订单有关的 {len(excerpt.rows)} 笔交易）",
                f"bill excerpt ({len(excerpt.rows)} transaction(s) of the case's orders from "
                f"{excerpt.file_name})",
            )
            source = ctx.t(
                f"摘自消费者导出的账单 {excerpt.file_name}，账单期间 {excerpt.period_start} 至 "
                f"{excerpt.period_end}，原始文件 SHA-256 {excerpt.file_sha256}",
                f"from the bill {excerpt.file_name} exported by the consumer, period "
                f"{excerpt.period_start} to {excerpt.period_end}, original's SHA-256 "
                f"{excerpt.file_sha256}",
            )
        else:
            # What it is in the advocate's words, then the file: "淘宝订单详情截图（订单号 …），
            # 文件 order.png" — never a bracket inside a bracket.
            desc = reader_half(row["description"], ctx.lang)
            name = row["name"]
            if desc and desc != row["name"]:
                name = desc + ctx.t(f"，文件 {row['name']}", f", file {row['name']}")
            source = row["source"]
            if row["derived_from_no"]:
                source = ctx.t("；", "; ").join(x for x in (source, row["original"]) if x)
        proves = (
            ctx.t(
                "本案订单的付款、退款金额和时间",
                "amounts and times of the case's payments and refunds",
            )
            if excerpt is not None
            else reader_half(row["proves"], ctx.lang)
        )
        out.append(
            Exhibit(
                no=row["no"],
                evidence_id=item.id,
                name=name,
                type_label=row["type_label"],
                source=source,
                captured_at=row.get("captured_at") or "",
                sha256=row["sha256"],
                mime=row["mime"],
                path=path,
                proves=proves,
                excerpt=excerpt,
                ocr_text=exhibit_text(ctx.store, item.id) or "",  # machine-read (#13)
            )
        )
    return out


def evidence(ctx: Ctx) -> str:
    """The 证据清单 exactly as the evidence module numbers it (by type, then as added), so
    "证据3" in the advocate's facts is row 3 here and in the workbook."""
    shown = submitted(ctx)
    t = ctx.t
    if not shown:
        return note(t("（尚未添加证据。）", "(No evidence added yet.)"))
    headers = [
        t("编号", "No."),
        t("证据名称", "Item"),
        t("来源", "Source"),
        t("证明对象", "What it proves"),
        "SHA-256",
        t("缩略图", "Thumbnail"),
    ]
    rows = []
    for ex in shown:
        sep = "：" if _zh(ctx.lang) else ": "
        rows.append(
            [
                str(ex.no),
                ctx.e(f"{ex.type_label}{sep}{ex.name}"),
                ctx.e(ex.source),
                ctx.e(ex.proves),
                f'<code class="cw-hash">{esc(ex.sha256)}</code>',
                _thumbnail(ex.path, ex.mime, blur=ctx.profile == "public"),
            ]
        )
    out = table(headers, rows, cls="cw-evidence", raw_columns=range(6))
    if ctx.profile == "public":
        out += note(
            t(
                "（隐私保护版：缩略图已模糊处理，仅供识别；证据原件另附，可按 SHA-256 核对。）",
                "(Public version: thumbnails are blurred and only identify the files; the "
                "originals are attached and can be checked against their SHA-256.)",
            )
        )
    return out


def excerpt_table(ctx: Ctx, ex: Any) -> str:
    from .excerpt import COLUMNS

    t = ctx.t
    headers = [
        t("原始行号", "Line"),
        t("时间", "Time"),
        t("款项", "Kind"),
        t("金额", "Amount"),
        t("交易对方", "Counterparty"),
        t("商品", "Item"),
        t("交易号", "Transaction id"),
        t("对应订单", "Order"),
    ]
    # 收支 and 商家订单号 stay in the excerpt file; the page shows what a reader checks.
    keep = ["原始行号", "时间", "款项", "金额", "交易对方", "商品", "交易号", "对应订单"]
    assert set(keep) <= set(COLUMNS)
    rows = [[ctx.r(r[c]) for c in keep] for r in ex.rows]
    if not _zh(ctx.lang):
        en = {"付款": "payment", "退款": "refund", "订单记录": "order record"}
        rows = [[en.get(v, v) for v in r] for r in rows]
    return table(headers, rows, cls="cw-excerpt")


def exhibits(ctx: Ctx) -> str:
    """The evidence itself (see :mod:`casework.report.exhibits`)."""
    from .exhibits import meta_rows, ocr_block, render_image

    shown = submitted(ctx)
    t = ctx.t
    if not shown:
        return note(t("（没有附件。）", "(No exhibits.)"))
    parts = []
    public = ctx.profile == "public"
    for ex in shown:
        head = f'<h3 class="cw-exhibit-no">{esc(t(f"证据{ex.no}", f"Exhibit {ex.no}"))}</h3>'
        meta = fields((k, ctx.r(v)) for k, v in meta_rows(ex, t))
        if ex.excerpt is not None:
            body = excerpt_table(ctx, ex.excerpt)
        elif public:
            continue  # the public copy shows the blurred thumbnail in the list, no original
        elif ex.is_image:
            body = render_image(ex, t(f"证据{ex.no}", f"Exhibit {ex.no}")) or note(
                t(
                    "（图片无法显示，原件随材料提交。）",
                    "(The picture cannot be shown; the file goes with the submission.)",
                )
            )
            body += ocr_block(ex, t, ctx.r)
        else:
            kind = t("视频", "video") if ex.mime.startswith("video/") else t("文件", "file")
            body = paragraphs(
                t(
                    f"本证据为{kind}，原件随本材料一并提交，可按上列 SHA-256 核对。",
                    f"This exhibit is a {kind}; the file goes with the submission and can be "
                    "checked against the SHA-256 above.",
                )
            )
        # With machine-read text under it, the picture leaves room for the text on its page.
        cls = "cw-exhibit cw-has-text" if ex.ocr_text.strip() and not public else "cw-exhibit"
        parts.append(f'<div class="{cls}">{head}{meta}{body}</div>')
    if not parts:
        return note(
            t(
                "（隐私保护版不附证据原件；原件见原始证据版。）",
                "(The public version appends no originals; see the authority version.)",
            )
        )
    return "".join(parts)


def communications(ctx: Ctx) -> str:
    comms = ctx.store.list_communications(ctx.case.id)
    t = ctx.t
    if not comms:
        return note(t("（尚无沟通记录。）", "(No communications logged yet.)"))
    headers = [
        t("时间", "When"),
        t("对象", "Counterpart"),
        t("渠道", "Channel"),
        t("方向", "Direction"),
        t("工单号/投诉编号", "Reference"),
        t("内容", "Summary"),
        t("答复期限", "Reply due"),
    ]
    rows = [
        [
            f"{m.at:%Y-%m-%d %H:%M}",
            ctx.r(m.counterpart),
            m.channel.zh if _zh(ctx.lang) else english(m.channel.value),
            t("我方→对方", "outgoing") if m.direction == "out" else t("对方→我方", "incoming"),
            ctx.r(m.ref),
            ctx.r(m.summary),
            m.response_due.isoformat() if m.response_due else "",
        ]
        for m in comms
    ]
    return table(headers, rows, cls="cw-comms")


def legal_basis(ctx: Ctx) -> str:
    from ..rules import citations

    cites = citations(ctx.store, ctx.case.id, today=ctx.today)
    if not cites:
        return note(ctx.t("（没有适用的法律依据。）", "(No legal basis applies.)"))
    items = []
    for c in cites:
        extra = c.note_zh if _zh(ctx.lang) else c.note_en
        items.append(
            f"<li>{esc(citation_label(c, ctx.lang))}"
            + (f'<br/><span class="cw-cite-note">{esc(extra)}</span>' if extra else "")
            + "</li>"
        )
    return f'<ol class="cw-cites">{"".join(items)}</ol>'


def citation_label(c: Any, lang: str) -> str:
    """《法》第n条第m款（2013-10-25 文本）: the rules' own reader label (never the P/S/U tier),
    without our doubt about the text — an unverified text goes to the review sheet."""
    return plain_label(c, "zh" if _zh(lang) else "en")


def plain_label(c: Any, lang: str) -> str:
    """A citation's reader label with our notes about its text taken off and only the date of
    the text put back (when there is one)."""
    from ..rules.citations import reader_notes

    label = str(c.label(lang))
    notes = reader_notes(c.text_date, c.unverified, lang)
    base = label[: -len(notes)] if notes and label.endswith(notes) else label
    if str(c.text_date)[:1].isdigit():
        return base + reader_notes(c.text_date, False, lang)
    return base


def deadline_basis(d: Any, lang: str) -> str:
    """A deadline's legal basis for a reader, or where a logged answer-by date comes from."""
    if not d.citations:
        return str(d.citation if _zh(lang) else d.citation_en)
    return ("；" if _zh(lang) else "; ").join(citation_label(c, lang) for c in d.citations)


def english(key: str) -> str:
    """An enum key as English words: ``after_sales`` → ``after sales``."""
    return key.replace("_", " ")


def deadlines(ctx: Ctx) -> str:
    """The clocks that apply, each with its status in the reader's words; the advocate's notes
    (an estimated calendar year, an uncertain roll-over) are on the review sheet, not here."""
    from ..rules import deadlines_for
    from ..vocabulary import DeadlineStatus

    items = [
        d
        for d in deadlines_for(ctx.store, ctx.case.id, today=ctx.today)
        if DeadlineStatus.of(d.status) is not None
    ]
    t = ctx.t
    if not items:
        return note(t("（没有适用的期限。）", "(No deadlines apply.)"))
    headers = [
        t("期限", "Deadline"),
        t("起算", "From"),
        t("届满", "Due"),
        t("期间", "Period"),
        t("状态", "Status"),
        t("依据", "Basis"),
    ]
    rows = []
    for d in items:
        status = DeadlineStatus.of(d.status)
        assert status is not None
        basis = deadline_basis(d, ctx.lang)
        if not d.citations:
            basis = t(
                f"沟通记录（编号 {d.ref}）" if d.ref and d.ref.isascii() else "沟通记录",
                f"communications log (ref. {d.ref})"
                if d.ref and d.ref.isascii()
                else "communications log",
            )
        rows.append(
            [
                ctx.r(d.name(ctx.lang)),
                d.start.isoformat() if d.start else "",
                d.due.isoformat() if d.due else "",
                d.length_text.pick(ctx.lang),
                status.pick(ctx.lang),
                basis,
            ]
        )
    return table(headers, rows, cls="cw-deadlines")


def signature(ctx: Ctx) -> str:
    """The closing block: the complainant signs, the agent too when one acts, and the date."""
    c, t = ctx.case, ctx.t
    line = "＿＿＿＿＿＿＿＿＿＿＿＿"
    rows = [(t("投诉人（签名）", "Complainant (signature)"), c.complainant_name)]
    if c.agent_name:
        rows.append((t("代理人（签名）", "Agent (signature)"), c.agent_name))
    cells = "".join(
        f'<div class="cw-sign"><span class="cw-sign-label">{esc(k)}：</span>'
        f'<span class="cw-sign-line">{line}</span>'
        f'<span class="cw-sign-name">{ctx.e(v)}</span></div>'
        for k, v in rows
    )
    d = ctx.today
    day = t(f"{d.year}年{d.month}月{d.day}日", d.isoformat())
    cells += (
        f'<div class="cw-sign"><span class="cw-sign-label">{esc(t("日期", "Date"))}：</span>'
        f'<span class="cw-sign-date">{esc(day)}</span></div>'
    )
    return f'<div class="cw-signatures">{cells}</div>'


def manifest_data(ctx: Ctx) -> dict[str, Any]:
    """What the appendix embeds for ``casework verify-submission``."""
    from ..evidence import chain_head, evidence_list, manifest_sha256

    items = [i for i in evidence_list(ctx.store, ctx.case.id, ctx.lang) if i.get("submitted", True)]
    return {
        "format": "casework-manifest/1",
        "case_id": ctx.case.id,
        "profile": ctx.profile,
        "lang": ctx.lang,
        "date": ctx.today.isoformat(),
        "manifest_sha256": manifest_sha256(ctx.store, ctx.case.id),
        # The custody log's head when the report was made: a register whose log no longer
        # holds this entry was truncated or rewritten (verify-submission checks it, #18).
        "custody_head": chain_head(ctx.store, ctx.case.id),
        "evidence": [
            {"no": i["no"], "sha256": i["sha256"], "size": i["size"], "name": ctx.r(i["name"])}
            for i in items
        ],
    }


def appendix(ctx: Ctx) -> str:
    data = manifest_data(ctx)
    t = ctx.t
    explain = t(
        "收件人可逐一计算所附证据文件的 SHA-256，与证据清单所列的值核对，确认所附证据即递交时的证据。",
        "A reader can hash each attached evidence file and compare it with the value in the "
        "evidence list, to confirm the evidence is what was filed.",
    )
    rows = [
        (t("案件编号", "Case id"), ctx.case.id),
        (t("证据数量", "Evidence items"), str(len(data["evidence"]))),
        (t("证据清单校验值", "Manifest SHA-256"), data["manifest_sha256"]),
        (t("生成日期", "Generated"), data["date"]),
    ]
    return fields(rows) + paragraphs(explain) + json_script(MANIFEST_ID, data)


RENDERERS = {
    "cover": cover,
    "request": request,
    "facts": facts,
    "timeline": timeline,
    "money": money,
    "evidence": evidence,
    "communications": communications,
    "legal_basis": legal_basis,
    "deadlines": deadlines,
    "signature": signature,
    "appendix": appendix,
    "exhibits": exhibits,
}


def render_section(
    store: Store,
    name: str,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> str:
    """One section as an HTML fragment (``<section class="cw-section" …>``)."""
    if name not in RENDERERS:
        raise InvalidInput(
            f"没有这个报告部分: {name!r}（可选: {', '.join(SECTIONS)}）",
            f"no report section {name!r} (choose from: {', '.join(SECTIONS)})",
            field="section",
        )
    ctx = make_ctx(store, case_id, profile=profile, lang=lang, today=today)
    head = "" if name == "cover" else ctx.heading(name)
    return (
        f'<section class="cw-section cw-{name}" id="cw-{name}" lang="{esc(_html_lang(lang))}">'
        f"{head}{RENDERERS[name](ctx)}</section>"
    )


def render_report(
    store: Store,
    case_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> str:
    """Every section in order, as one HTML fragment (what the report cells show, concatenated)."""
    return "\n".join(
        render_section(store, n, case_id, profile=profile, lang=lang, today=today) for n in SECTIONS
    )


def _html_lang(lang: str) -> str:
    return "zh-CN" if lang == "zh" else "en"


# -- the notebook entry point ---------------------------------------------------------------

_STORES: dict[tuple[str | None, str | None, str | None], Store] = {}


def env_store() -> Store:
    """The register the environment names (CASEWORK_HOME / CASEWORK_DB_URL), opened once per
    kernel. CASEWORK_NOW (ISO time) fixes "today" — the export passes its own clock through it so
    the report and the Filing agree on the date."""
    key = (
        os.environ.get("CASEWORK_HOME"),
        os.environ.get("CASEWORK_DB_URL"),
        os.environ.get("CASEWORK_NOW"),
    )
    if key not in _STORES:
        clock = fixed(datetime.fromisoformat(key[2])) if key[2] else real_now
        _STORES[key] = Store.open(key[0], key[1], clock=clock)
    return _STORES[key]


def section(name: str, case_id: str, *, profile: str = "public", lang: str = "zh") -> Any:
    """A report section for a notebook cell: ``casework.report.section("cover", case_id)``.

    A casework error (unknown case, bad profile) is shown as a message in the cell, marked so the
    exporter refuses to put it into a submission.
    """
    from IPython.display import HTML

    if not case_id:
        return HTML(note("请先选择或登记案件。 / Pick or register a case first."))
    try:
        return HTML(render_section(env_store(), name, case_id, profile=profile, lang=lang))
    except CaseworkError as exc:
        return HTML(f'<div class="cw-error" {ERROR_ATTR}="{esc(name)}">{esc(exc.message())}</div>')
