"""The sections of a group complaint's submission (共同投诉材料, 办法 Art. 12), as HTML.

Everything is read live from the member cases: the member table (name — masked in the public
profile —, order, date, amount paid, individual request), each member's money trail line, and
one evidence list numbered per member (证据甲-3 is member 甲's evidence no. 3, the same number
as in that member's own submission). The group's own case holds the common request and facts,
its contacts and its clocks, shown with the single case's own renderers. The nomination (推选书)
and the members' 授权委托书 are in :mod:`.group_letters`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..groups import Group, Member, basis, get_group
from ..money import fmt
from ..store import Store
from .markup import esc, fields, note, paragraphs, table
from .redaction import PROFILE_EN, PROFILE_ZH, Redactor, check_profile, person_names
from .sections import LANGS, Ctx, make_ctx
from .sections.evidence import NO_EVIDENCE, list_cells, list_headers

#: Section ids in order, with their (中文, English) headings; numbered ones first.
TITLES: dict[str, tuple[str, str]] = {
    "request": ("投诉请求（共同诉求）", "Request"),
    "facts": ("事实与理由", "Facts and reasons"),
    "members": ("投诉人名单", "Complainants"),
    "money": ("资金往来", "Money trail"),
    "evidence": ("证据清单", "Evidence list"),
    "communications": ("沟通记录", "Communications log"),
    "legal_basis": ("法律依据", "Legal basis"),
    "deadlines": ("期限", "Deadlines"),
}
_NUMERALS = "一二三四五六七八九十"


@dataclass
class GroupCtx:
    """What every group section needs: the group (members read live), language, redactor."""

    store: Store
    group: Group
    lang: str
    profile: str
    r: Redactor
    today: date

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def e(self, value: object) -> str:
        return esc(self.r(value))

    def heading(self, name: str) -> str:
        zh, en = TITLES[name]
        n = list(TITLES).index(name) + 1
        return f"<h2>{esc(self.t(f'{_NUMERALS[n - 1]}、{zh}', f'{n}. {en}'))}</h2>"

    def case_ctx(self, case_id: str) -> Ctx:
        """A single case's context with the group's redactor, for the renderers they share."""
        ctx = make_ctx(self.store, case_id, profile=self.profile, lang=self.lang, today=self.today)
        return dataclasses.replace(ctx, r=self.r)


def group_redactor(store: Store, group: Group, profile: str) -> Redactor:
    """One redactor for every member: all their names and addresses masked, all their order
    numbers and reference numbers and the respondent kept."""
    names: list[str] = []
    addresses: list[str] = []
    keep: list[str] = []
    for m in group.members:
        c = m.case
        names += person_names(c.complainant_name) + person_names(c.agent_name)
        addresses += [c.complainant_address] if c.complainant_address else []
        keep += [*c.order_numbers, *(x.ref for x in store.list_communications(c.id) if x.ref)]
    r = group.respondent
    keep += [r.respondent_name, r.respondent_address, r.respondent_credit_code, r.shop_name]
    keep += [r.platform, *(x.ref for x in store.list_communications(group.id) if x.ref)]
    return Redactor(profile, tuple(names), tuple(addresses), tuple(k for k in keep if k))


def make_group_ctx(
    store: Store,
    group_id: str,
    *,
    profile: str = "public",
    lang: str = "zh",
    today: date | None = None,
) -> GroupCtx:
    check_profile(profile)
    make_ctx(store, group_id, profile=profile, lang=lang)  # the same checks of lang and id
    assert lang in LANGS
    group = get_group(store, group_id)
    r = group_redactor(store, group, profile)
    return GroupCtx(store, group, lang, profile, r, today or store.clock().date())


def _day(d: date | None, lang: str) -> str:
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.isoformat()


def reps_names(ctx: GroupCtx) -> str:
    names = [ctx.r(m.case.complainant_name) for m in ctx.group.representatives]
    return ctx.t("、", ", ").join(n for n in names if n)


# -- the sections --------------------------------------------------------------------------------


def cover(ctx: GroupCtx) -> str:
    g, t = ctx.group, ctx.t
    r = g.respondent
    respondent = t("，", ", ").join(
        x
        for x in (
            r.respondent_name,
            r.shop_name and t(f"店铺：{r.shop_name}", f"shop: {r.shop_name}"),
        )
        if x
    )
    rows = [
        (t("案件编号", "Case id"), g.id),
        (t("材料类型", "Kind"), t("共同投诉", "group complaint")),
        (t("依据", "Basis"), basis(ctx.today).label(ctx.lang)),
        (
            t("投诉人", "Complainants"),
            t(f"{len(g.members)} 人（见投诉人名单）", f"{len(g.members)} (see the list)"),
        ),
        (t("代表人", "Representatives"), reps_names(ctx) or t("尚未推选", "not chosen yet")),
        (t("被投诉人", "Respondent"), respondent),
        (t("被投诉人地址", "Respondent's address"), r.respondent_address),
        (t("平台", "Platform"), r.platform),
        (
            t("涉及金额合计", "Amount paid, all members"),
            fmt(g.total_paid) if g.total_paid is not None else "",
        ),
        (t("材料日期", "Date"), ctx.today.isoformat()),
        (t("版本", "Version"), t(PROFILE_ZH[ctx.profile], PROFILE_EN[ctx.profile])),
    ]
    heading = t("共同投诉材料", "Submission: group complaint")
    return (
        f'<p class="cw-kind">{esc(heading)}</p><h1 class="cw-title">{ctx.e(g.case.title)}</h1>'
        + fields((k, ctx.r(v)) for k, v in rows)
    )


def request(ctx: GroupCtx) -> str:
    g, t = ctx.group, ctx.t
    common = g.case.request or t(
        "请求市场监督管理部门依法受理本共同投诉，组织被投诉人与各投诉人调解，"
        "支持各投诉人的个人请求（见投诉人名单）。",
        "We ask the market regulator to accept this group complaint, to mediate between the "
        "respondent and each complainant, and to support each complainant's own request (see "
        "the list of complainants).",
    )
    own = [
        f"{m.letter}（{ctx.r(m.case.complainant_name)}）：{ctx.r(m.case.request)}"
        for m in g.members
        if m.case.request
    ]
    if ctx.lang == "en":
        own = [
            f"{m.letter} ({ctx.r(m.case.complainant_name)}): {ctx.r(m.case.request)}"
            for m in g.members
            if m.case.request
        ]
    return paragraphs(ctx.r(common)) + (
        f'<ul class="cw-own">{"".join(f"<li>{esc(x)}</li>" for x in own)}</ul>' if own else ""
    )


def facts(ctx: GroupCtx) -> str:
    g, t = ctx.group, ctx.t
    r = g.respondent
    span = g.purchase_span
    who = r.respondent_name or r.shop_name
    when = ""
    if span:
        when = (
            _day(span[0], ctx.lang)
            if span[0] == span[1]
            else t(
                f"{_day(span[0], 'zh')}至{_day(span[1], 'zh')}期间",
                f"between {span[0]} and {span[1]}",
            )
        )
    common = g.case.facts or t(
        f"下列 {len(g.members)} 名消费者{when}分别在{r.platform or '网络平台'}向{who}购买商品，"
        "与被投诉人发生同一种类的消费者权益争议，同意共同投诉。",
        f"The {len(g.members)} consumers below each bought goods from {who} on "
        f"{r.platform or 'an online platform'} {when}, have the same kind of dispute with the "
        "respondent, and agree to complain together.",
    )
    parts = [paragraphs(ctx.r(common))]
    for m in g.members:
        if m.case.facts:
            label = t(f"投诉人{m.letter}：", f"Complainant {m.letter}: ")
            parts.append(f"<p><b>{esc(label)}</b>{ctx.e(m.case.facts)}</p>")
    return "".join(parts)


def members(ctx: GroupCtx) -> str:
    t = ctx.t
    headers = [
        t("编号", "No."),
        t("投诉人", "Complainant"),
        t("订单号", "Order number(s)"),
        t("购买日期", "Purchase date"),
        t("支付金额", "Amount paid"),
        t("个人请求", "Own request"),
        t("代表人", "Representative"),
    ]
    rows = [
        [
            m.letter,
            ctx.r(m.case.complainant_name),
            "、".join(m.case.order_numbers),
            m.case.purchase_date.isoformat() if m.case.purchase_date else "",
            fmt(m.case.amount_paid) if m.case.amount_paid is not None else "",
            ctx.r(m.case.request),
            t("是", "yes") if m.is_representative else "",
        ]
        for m in ctx.group.members
    ]
    total = ctx.group.total_paid
    foot = [t("合计", "Total"), "", "", "", fmt(total) if total is not None else "", "", ""]
    return table(headers, rows, cls="cw-members", foot=foot)


def money_line(ctx: GroupCtx, m: Member) -> str:
    """One member's money trail: per order what the bill rows show, with file and line; an order
    with no payment row found gives the amount the consumer states, and says so."""
    from ..records import money_trail

    t = ctx.t
    parts = []
    for rec in money_trail(ctx.store, m.case_id).orders.to_dict("records"):
        order = rec.get("order", "")
        if rec["status"] == "no_payment":
            continue
        where = "；".join(
            f"{ln.get('file')} 第 {ln.get('line')} 行" for ln in rec.get("lines") or []
        )
        if ctx.lang == "en":
            where = "; ".join(
                f"{ln.get('file')} line {ln.get('line')}" for ln in rec.get("lines") or []
            )
        parts.append(
            t(
                f"订单 {order}：已付 {fmt(rec.get('paid'))}，已退 {fmt(rec.get('refunded'))}，"
                f"尚欠 {fmt(rec.get('outstanding'))}（账单：{where}）",
                f"order {order}: paid {fmt(rec.get('paid'))}, refunded {fmt(rec.get('refunded'))}, "
                f"outstanding {fmt(rec.get('outstanding'))} (bill: {where})",
            )
        )
    if not parts:
        c = m.case
        stated = fmt(c.amount_paid) if c.amount_paid is not None else ""
        parts.append(
            t(
                "付款记录尚未核对到"
                + (f"；消费者陈述已支付 {stated}（来源：投诉人登记的购买信息）" if stated else ""),
                "the payment record has not been matched yet"
                + (
                    f"; the consumer states paying {stated} (source: the purchase details at intake)"
                    if stated
                    else ""
                ),
            )
        )
    return ctx.r(t("；", "; ").join(parts))


def money(ctx: GroupCtx) -> str:
    rows = [
        [m.letter, ctx.r(m.case.complainant_name), money_line(ctx, m)] for m in ctx.group.members
    ]
    t = ctx.t
    return table(
        [t("编号", "No."), t("投诉人", "Complainant"), t("资金往来", "Money trail")],
        rows,
        cls="cw-money-lines",
    )


def evidence_rows(ctx: GroupCtx) -> list[dict[str, Any]]:
    """Every member's submitted evidence, numbered 甲-1, 甲-2, 乙-1 … (the member's own number)."""
    from .sections import submitted

    out = []
    for m in ctx.group.members:
        for ex in submitted(ctx.case_ctx(m.case_id)):
            out.append({"no": f"{m.letter}-{ex.no}", "member": m, "exhibit": ex})
    return out


def evidence(ctx: GroupCtx) -> str:
    rows = evidence_rows(ctx)
    t = ctx.t
    if not rows:
        return note(t(*NO_EVIDENCE))
    headers = list_headers(ctx)
    body = [list_cells(ctx, t(f"证据{row['no']}", row["no"]), row["exhibit"]) for row in rows]
    out = table(headers, body, cls="cw-evidence", raw_columns=range(5))
    return out + note(
        t(
            "（编号中的甲、乙、丙……为投诉人名单中的编号；证据原件随材料提交，可按 SHA-256 核对。）",
            "(甲, 乙, 丙 … are the numbers of the list of complainants; the originals go with the "
            "submission and can be checked against their SHA-256.)",
        )
    )


def communications(ctx: GroupCtx) -> str:
    from .sections import communications as single

    return single(ctx.case_ctx(ctx.group.id))


def deadlines(ctx: GroupCtx) -> str:
    """The group's own clocks: its filing starts the same clocks as a single case's."""
    from .sections import deadlines as single

    return single(ctx.case_ctx(ctx.group.id))


def legal_basis(ctx: GroupCtx) -> str:
    """The group article in force, then what the route plan cites for the group's respondent."""
    from ..rules.basis import citation_label
    from ..rules.citations import dedupe
    from ..rules.routing import plan_route

    g = ctx.group
    events, comms = ctx.store.list_events(g.id), ctx.store.list_communications(g.id)
    plan = plan_route(g.as_case(), events, comms, ctx.today)
    cites = [basis(filed_on(ctx)), *dedupe(plan.citations)]
    items = "".join(f"<li>{esc(citation_label(c, ctx.lang))}</li>" for c in cites)
    return f'<ol class="cw-cites">{items}</ol>'


def filed_on(ctx: GroupCtx) -> date:
    """The day the group complaint was filed (its first 提交投诉 event), else today: the text
    of the measures in force that day applies."""
    filed = [
        e.at.date()
        for e in ctx.store.list_events(ctx.group.id)
        if e.kind.value == "complaint_filed"
    ]
    return min(filed) if filed else ctx.today


_EXHIBIT_NO = re.compile(r'(<h3 class="cw-exhibit-no">|alt=")(证据|Exhibit )(\d+)')


def exhibits(ctx: GroupCtx) -> str:
    """The evidence itself, member by member, as a single case's submission appends it, each
    numbered as the combined list numbers it (证据甲-3). The public copy appends no originals."""
    from .sections import exhibits as single

    heading = f"<h2>{esc(ctx.t('附件：证据', 'Exhibits'))}</h2>"
    if ctx.profile == "public":
        return heading + note(
            ctx.t(
                "（隐私保护版不附证据原件；原件见原始证据版。）",
                "(The public version appends no originals; see the authority version.)",
            )
        )
    parts = []
    for m in ctx.group.members:
        html = single(ctx.case_ctx(m.case_id))
        if 'class="cw-exhibit' not in html:
            continue  # this member has no evidence to append
        number = f"{m.letter}-" if ctx.lang == "zh" else f"{m.letter} "
        parts.append(_EXHIBIT_NO.sub(lambda g: f"{g[1]}{g[2]}{number}{g[3]}", html))  # noqa: B023
    return heading + ("".join(parts) or note(ctx.t("（没有附件。）", "(No exhibits.)")))
