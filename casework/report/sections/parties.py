"""The sections in the case's own words: cover, request, facts, timeline figure, communications
log and the signature block."""

from __future__ import annotations

from collections.abc import Iterable

from ...money import fmt
from ..markup import data_uri, esc, fields, figure_png, note, paragraphs, table
from ..redaction import PROFILE_EN, PROFILE_ZH
from .context import Ctx, Speaker, channel_and_addressee, english, is_zh


def authorization(ctx: Ctx) -> str:
    """What the cover may say of the agent's authorization (授权委托书): "attached" only with
    the letter among the evidence, named by its number; the intake form's ticked box alone
    means signed but not attached; nothing is claimed otherwise."""
    from ...evidence import evidence_list

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
        (t("问题类型", "Problem"), c.category.zh if is_zh(ctx.lang) else english(c.category.value)),
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
    from ...narrative import is_edited, narrative

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

    from ...timeline import case_timeline, timeline_figure

    if case_timeline(ctx.store, ctx.case.id).frame.empty:
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
            m.channel.zh if is_zh(ctx.lang) else english(m.channel.value),
            t("我方→对方", "outgoing") if m.direction == "out" else t("对方→我方", "incoming"),
            ctx.r(m.ref),
            ctx.r(m.summary),
            m.response_due.isoformat() if m.response_due else "",
        ]
        for m in comms
    ]
    return table(headers, rows, cls="cw-comms")


def signature(ctx: Ctx) -> str:
    """The closing block: the complainant signs, the agent too when one acts, and the date."""
    c, t = ctx.case, ctx.t
    rows = [(t("投诉人（签名）", "Complainant (signature)"), c.complainant_name)]
    if c.agent_name:
        rows.append((t("代理人（签名）", "Agent (signature)"), c.agent_name))
    return signature_block(ctx, rows)


def signature_block(ctx: Speaker, rows: Iterable[tuple[str, str]]) -> str:
    """A line to sign on per (label, name), the name printed under it (redacted), then the
    date: the closing block of a single case's submission and of a group's."""
    line = "＿＿＿＿＿＿＿＿＿＿＿＿"
    cells = "".join(
        f'<div class="cw-sign"><span class="cw-sign-label">{esc(k)}：</span>'
        f'<span class="cw-sign-line">{line}</span>'
        f'<span class="cw-sign-name">{ctx.e(v)}</span></div>'
        for k, v in rows
    )
    d = ctx.today
    day = ctx.t(f"{d.year}年{d.month}月{d.day}日", d.isoformat())
    cells += (
        f'<div class="cw-sign"><span class="cw-sign-label">{esc(ctx.t("日期", "Date"))}：</span>'
        f'<span class="cw-sign-date">{esc(day)}</span></div>'
    )
    return f'<div class="cw-signatures">{cells}</div>'
