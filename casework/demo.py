"""The demo case (演示案件): a realistic, entirely fictional complaint built from shipped data.

李华 bought wireless earbuds on Taobao during the 2026 National Day week; the left earbud was silent,
the shop refused a return because the box had been opened, the platform paid ¥200 "compensation",
and a complaint on the 12315 platform has had no acceptance decision past its 7-working-day limit.
Each feature adds its part through a step listed in :func:`steps`, so ``casework demo`` shows everything.
"""

from __future__ import annotations

from collections.abc import Callable

from .cases import Case, CaseFields, Status
from .store import Store

DEMO_TITLE = "无线降噪耳机左耳无声，商家以「已拆封」为由拒绝退货"

CASE = CaseFields(
    title=DEMO_TITLE,
    category="quality",  # type: ignore[arg-type]
    platform="淘宝",
    shop_name="声悦数码旗舰店",
    respondent_name="杭州声悦电子科技有限公司",
    respondent_address="浙江省杭州市余杭区五常街道文一西路 998 号 3 幢 502 室",
    respondent_credit_code="91330110MA2XXXXX0Q",
    complainant_name="李华",
    complainant_phone="13800138000",
    complainant_address="上海市徐汇区漕溪北路 88 号 1201 室",
    order_numbers=["4021557788990011223"],
    product="SY-Pro 无线降噪蓝牙耳机（白色）",
    purchase_date="2026-09-28",  # type: ignore[arg-type]
    amount_paid="1299.00",  # type: ignore[arg-type]
    request="退货退款，退还货款 1,299.00 元（已收到的 200.00 元补偿从中扣除，尚欠 1,099.00 元）。",
    facts=(
        "2026年9月28日在淘宝「声悦数码旗舰店」购买 SY-Pro 无线降噪耳机一副，支付 1,299.00 元；"
        "9月30日签收。10月3日首次使用即发现左耳无声，当日联系商家客服，商家称「已拆封不退」。"
        "10月5日申请退货被拒，10月9日申请平台介入，平台仅促成 200 元补偿。"
        "10月20日通过全国12315平台投诉，至今未收到是否受理的告知。"
    ),
    agent_name="王敏（消费维权志愿者）",
    authorization_on_file=True,
    channel="12315",
)

EVENTS: list[dict[str, str]] = [
    {
        "at": "2026-09-28 20:15",
        "kind": "purchase",
        "actor": "consumer",
        "text": "在淘宝「声悦数码旗舰店」下单 SY-Pro 无线降噪耳机，订单号 4021557788990011223",
    },
    {
        "at": "2026-09-28 20:16",
        "kind": "payment",
        "actor": "payment",
        "text": "支付宝付款 1,299.00 元",
    },
    {
        "at": "2026-09-29 09:30",
        "kind": "shipped",
        "actor": "seller",
        "text": "商家发货（中通快递）",
    },
    {
        "at": "2026-09-30 14:02",
        "kind": "delivered",
        "actor": "courier",
        "text": "快递签收，运单号 75300112233445",
    },
    {
        "at": "2026-10-03 10:20",
        "kind": "defect_found",
        "actor": "consumer",
        "text": "首次使用发现左耳无声，重置配对无效，拍摄视频留存",
    },
    {
        "at": "2026-10-03 10:40",
        "kind": "contacted_seller",
        "actor": "consumer",
        "text": "通过旺旺联系商家客服，说明左耳无声，要求退货",
    },
    {
        "at": "2026-10-03 11:05",
        "kind": "seller_replied",
        "actor": "seller",
        "text": "商家客服称「耳机属于已拆封商品，不支持七天无理由退货」",
    },
    {
        "at": "2026-10-05 09:00",
        "kind": "return_requested",
        "actor": "consumer",
        "text": "在淘宝提交退货退款申请（质量问题）",
    },
    {
        "at": "2026-10-06 18:30",
        "kind": "seller_replied",
        "actor": "seller",
        "text": "商家拒绝退货申请，理由「人为损坏」，未提供依据",
    },
    {
        "at": "2026-10-09 10:00",
        "kind": "platform_complaint",
        "actor": "platform",
        "text": "申请淘宝小二介入",
    },
    {
        "at": "2026-10-12 16:45",
        "kind": "refund_received",
        "actor": "platform",
        "text": "平台协调后商家支付 200.00 元补偿，消费者未同意以此结案",
    },
    {
        "at": "2026-10-20 09:30",
        "kind": "complaint_filed",
        "actor": "regulator",
        "text": "通过全国12315平台向杭州市余杭区市场监督管理局投诉",
    },
]

COMMUNICATIONS: list[dict[str, str]] = [
    {
        "at": "2026-10-03 10:40",
        "counterpart": "声悦数码旗舰店 客服",
        "counterpart_kind": "seller",
        "channel": "platform_chat",
        "direction": "out",
        "ref": "",
        "summary": "说明左耳无声，要求退货退款；客服称已拆封不退。",
    },
    {
        "at": "2026-10-09 10:00",
        "counterpart": "淘宝客服（小二）",
        "counterpart_kind": "platform",
        "channel": "platform_chat",
        "direction": "out",
        "ref": "TB-KF-20261009-0042",
        "summary": "申请平台介入，提交聊天记录和故障视频。",
        "response_due": "2026-10-12",
    },
    {
        "at": "2026-10-12 16:30",
        "counterpart": "淘宝客服（小二）",
        "counterpart_kind": "platform",
        "channel": "platform_chat",
        "direction": "in",
        "ref": "TB-KF-20261009-0042",
        "summary": "平台答复：商家同意补偿 200 元，不同意退货。消费者表示不接受。",
    },
    {
        "at": "2026-10-20 09:30",
        "counterpart": "全国12315平台",
        "counterpart_kind": "regulator",
        "channel": "12315_online",
        "direction": "out",
        "ref": "1233010020261020000123",
        "summary": "提交投诉：要求退货退款。平台显示已分送杭州市余杭区市场监督管理局。",
        "response_due": "2026-10-29",
        "follow_up": "2026-11-02",
    },
]


def steps() -> list[Callable[[Store, Case], None]]:
    """The feature steps, in order: each adds its part to the case (evidence, then the bill).

    This module is the demo's wiring, above records and evidence (#16): nothing below imports it.
    The steps are imported here for start-up speed only: they need pandas and Pillow, which
    ``import casework.demo`` should not pay for."""
    from .evidence.demo import demo_step
    from .evidence.screenshot_demo import read_demo_screenshots
    from .records.demo import import_demo_bill

    return [demo_step, import_demo_bill, read_demo_screenshots, demo_consent]


def demo_consent(store: Store, case: Case) -> None:
    """李华 was shown the notice and agreed, in person, to every use (#17): the demo exports."""
    from .consent import give_all

    give_all(store, case.id)


def find_demo(store: Store) -> Case | None:
    return next((c for c in store.list_cases() if c.title == DEMO_TITLE), None)


def build_demo(store: Store) -> Case:
    """Build the demo case in ``store`` (or return the one already there) and run every step."""
    existing = find_demo(store)
    if existing is not None:
        return existing
    case = store.create_case(CASE)
    for ev in EVENTS:
        store.add_event(case.id, **ev)
    for comm in COMMUNICATIONS:
        store.add_communication(case.id, **comm)
    store.set_status(case.id, Status.GATHERING_EVIDENCE, "demo")
    store.set_status(case.id, Status.FILED, "全国12315平台投诉")
    store.set_status(case.id, Status.AWAITING_REPLY, "等待受理告知")
    for step in steps():
        step(store, store.get_case(case.id))
    return store.get_case(case.id)
