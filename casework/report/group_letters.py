"""The documents a group complaint generates for signature, and its closing pages.

- 推选代表人书 (nomination of representatives): the members agree to complain together and name
  their representatives in writing (办法 Art. 12 ¶2), with what a representative may not do
  without those represented (change or give up a request, settle); one signature line each.
- 授权委托书 per member: the single case's letter (:mod:`.authorization`), with the
  representatives as 受托人.
- the signature block and the appendix with the manifest of every member's evidence.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .authorization import letter_body
from .group import GroupCtx, filed_on, reps_names
from .markup import MANIFEST_ID, esc, fields, json_script, paragraphs, table
from .sections.parties import signature_block

_LINE = "＿＿＿＿＿＿＿＿"


def nomination(ctx: GroupCtx) -> str:
    from ..groups import basis

    g, t = ctx.group, ctx.t
    r = g.respondent
    who = r.respondent_name or r.shop_name
    reps = reps_names(ctx) or _LINE
    cite = basis(filed_on(ctx)).label(ctx.lang)
    text = t(
        f"我们是下列 {len(g.members)} 名投诉人，均在{r.platform or '网络平台'}向{who}购买商品，"
        f"与被投诉人发生同一种类的消费者权益争议。依据{cite}，我们同意共同投诉，并一致推选 {reps} "
        "为代表人，代为进行投诉。\n"
        "代表人的行为对其所代表的投诉人发生效力；但代表人变更、放弃投诉请求，或者与被投诉人达成"
        "调解协议，应当经被代表的投诉人同意。",
        f"We, the {len(g.members)} complainants below, each bought goods from {who} on "
        f"{r.platform or 'an online platform'} and have the same kind of dispute with the "
        f"respondent. Under {cite} we agree to complain together and name {reps} as our "
        "representative(s).\nWhat a representative does binds those represented; but changing or "
        "giving up a request, or a mediated settlement with the respondent, needs the consent of "
        "those represented.",
    )
    headers = [
        t("编号", "No."),
        t("投诉人", "Complainant"),
        t("订单号", "Order"),
        t("签名", "Signature"),
        t("日期", "Date"),
    ]
    rows = [
        [m.letter, ctx.r(m.case.complainant_name), "、".join(m.case.order_numbers), _LINE, _LINE]
        for m in g.members
    ]
    title = t("推选代表人书", "Nomination of representatives")
    return (
        f'<div class="cw-letter"><h2 class="cw-letter-title">{esc(title)}</h2>'
        + paragraphs(ctx.r(text))
        + fields(
            [
                (t("被投诉人", "Respondent"), ctx.r(who)),
                (t("共同投诉", "Group complaint"), ctx.r(g.case.title)),
            ]
        )
        + table(headers, rows, cls="cw-nomination")
        + "</div>"
    )


def authorizations(ctx: GroupCtx) -> str:
    """Each member's 授权委托书 to the representatives, on a page of its own."""
    t = ctx.t
    agents = reps_names(ctx) or t("（代表人）", "(the representatives)")
    parts = []
    for m in ctx.group.members:
        c = m.case
        masked = c.model_copy(
            update={
                "complainant_name": ctx.r(c.complainant_name),
                "complainant_phone": ctx.r(c.complainant_phone),
                "complainant_address": ctx.r(c.complainant_address),
                "agent_name": agents,
                "channel": "12315",
            }
        )
        title, body = letter_body(masked, ctx.lang)
        head = t(f"{title}（投诉人{m.letter}）", f"{title} (complainant {m.letter})")
        parts.append(
            f'<div class="cw-letter"><h2 class="cw-letter-title">{esc(head)}</h2>{body}</div>'
        )
    return "".join(parts)


def signature(ctx: GroupCtx) -> str:
    """The representatives sign the submission (or every member, with none chosen)."""
    t = ctx.t
    signers = ctx.group.representatives or ctx.group.members
    label = (
        t("代表人（签名）", "Representative (signature)")
        if ctx.group.representatives
        else t("投诉人（签名）", "Complainant (signature)")
    )
    return signature_block(ctx, [(label, m.case.complainant_name) for m in signers])


def manifest_data(ctx: GroupCtx) -> dict[str, Any]:
    """Every member's evidence manifest, and one hash over them (what the Filing records)."""
    from ..evidence import manifest_sha256
    from .group import evidence_rows

    members = [
        {
            "letter": m.letter,
            "case_id": m.case_id,
            "manifest_sha256": manifest_sha256(ctx.store, m.case_id),
        }
        for m in ctx.group.members
    ]
    joined = json.dumps(members, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "format": "casework-group-manifest/1",
        "case_id": ctx.group.id,
        "profile": ctx.profile,
        "lang": ctx.lang,
        "date": ctx.today.isoformat(),
        "manifest_sha256": hashlib.sha256(joined).hexdigest(),
        "members": members,
        "evidence": [
            {"no": row["no"], "sha256": row["exhibit"].sha256, "name": ctx.r(row["exhibit"].name)}
            for row in evidence_rows(ctx)
        ],
    }


def appendix(ctx: GroupCtx) -> str:
    data = manifest_data(ctx)
    t = ctx.t
    rows = [
        (t("案件编号", "Case id"), ctx.group.id),
        (t("证据数量", "Evidence items"), str(len(data["evidence"]))),
        (t("证据清单校验值", "Manifest SHA-256"), data["manifest_sha256"]),
        (t("生成日期", "Generated"), data["date"]),
    ]
    explain = t(
        "收件人可逐一计算所附证据文件的 SHA-256，与证据清单所列的值核对，确认所附证据即递交时的证据。",
        "A reader can hash each attached evidence file and compare it with the value in the "
        "evidence list, to confirm the evidence is what was filed.",
    )
    return fields(rows) + paragraphs(explain) + json_script(MANIFEST_ID, data)
