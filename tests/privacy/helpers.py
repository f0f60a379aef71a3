"""A complaint with personal data everywhere a case keeps it, for the privacy tests (#17)."""

from __future__ import annotations

from casework.store import Store

#: The complainant's values: after a purge none of them may be found anywhere.
PERSONAL = {
    "name": "欧阳娜娜",
    "phone": "13987654321",
    "address": "云南省昆明市五华区翠湖南路 77 号 4 单元 902 室",
    "agent": "司马光明（志愿者）",
    "order": "7788112299334455667",
    "facts_word": "欧阳娜娜的邻居作证",
    "summary_word": "客服答应给欧阳娜娜回电",
}


#: Another complainant's values (a case that must keep them).
OTHER = {
    "name": "诸葛小云",
    "phone": "13711112222",
    "address": "四川省成都市武侯区某街 5 号",
    "agent": "",
    "order": "5566001122334455",
    "facts_word": "诸葛小云亲眼所见",
    "summary_word": "客服答应给诸葛小云回电",
}


def personal_case(
    store: Store, *, channel: str = "court", who: dict[str, str] | None = None
) -> str:
    """A case with every field a submission to a court needs, and personal data in each."""
    p = who or PERSONAL
    case = store.create_case(
        title=f"{p['name']}的空气炸锅漏电",
        category="quality",
        platform="京东",
        shop_name="炸锅小铺",
        respondent_name="某某电器有限公司",
        respondent_address="广东省佛山市顺德区某路 1 号",
        complainant_name=p["name"],
        complainant_phone=p["phone"],
        complainant_address=p["address"],
        agent_name=p["agent"],
        authorization_on_file=True,
        order_numbers=[p["order"]],
        product="空气炸锅",
        purchase_date="2026-10-01",
        amount_paid="459.00",
        request="退货退款 459.00 元",
        facts=f"2026年10月1日购买，10月3日使用时漏电。{p['facts_word']}。",
        channel=channel,
    )
    store.add_event(
        case.id,
        at="2026-10-03 09:00",
        kind="defect_found",
        actor="consumer",
        text=f"{p['name']}发现漏电",
    )
    store.add_communication(
        case.id,
        at="2026-10-04 10:00",
        counterpart="京东客服",
        channel="phone",
        summary=p["summary_word"],
        ref="JD-REF-991",
    )
    return case.id
