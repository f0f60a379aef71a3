"""Evidence for the demo case (演示证据): three synthetic screenshots and photos, all fictional.

:func:`draw_demo_files` draws them with Pillow and the shipped CJK font (run once; the PNGs are
committed under ``casework/data/demo/``). :func:`demo_step` adds them to the demo case, plus a
cropped copy of the chat as a derived file, so the checklist shows met items (order record,
defect photo, chat log) and missing ones (unboxing video, test report, authorization letter …).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..cases import Case
from ..resources import data_path, package_path
from ..store import Store
from .items import EvidenceFields, add_evidence

ORDER_PNG = "evidence_order.png"
DEFECT_PNG = "evidence_defect.png"
CHAT_PNG = "evidence_chat.png"
FONT = "wqy-microhei.ttc"
W, H = 540, 900


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = package_path("assets", "fonts", FONT)
    return ImageFont.truetype(str(path), size)


def _save(img: Image.Image, path: Path) -> None:
    # A small palette keeps each demo PNG in the tens of kilobytes.
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(path, optimize=True)


def _order(path: Path) -> None:
    img = Image.new("RGB", (W, H), "#f5f5f5")
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, W, 70), fill="#ff5000")
    d.text((20, 20), "订单详情", font=_font(28), fill="white")
    d.rectangle((15, 90, W - 15, 230), fill="white")
    d.text((30, 105), "交易成功", font=_font(26), fill="#ff5000")
    d.text((30, 150), "收货人：李华  138****8000", font=_font(20), fill="#333")
    d.text((30, 185), "上海市徐汇区漕溪北路 88 号（演示数据）", font=_font(18), fill="#666")
    d.rectangle((15, 250, W - 15, 470), fill="white")
    d.text((30, 265), "声悦数码旗舰店", font=_font(22), fill="#333")
    d.rectangle((30, 305, 150, 425), fill="#dde3ea")
    d.ellipse((55, 330, 95, 370), fill="white", outline="#99a")
    d.ellipse((90, 355, 130, 395), fill="white", outline="#99a")
    d.text((165, 310), "SY-Pro 无线降噪蓝牙耳机", font=_font(20), fill="#333")
    d.text((165, 345), "颜色分类：白色", font=_font(18), fill="#888")
    d.text((165, 390), "¥1,299.00  ×1", font=_font(22), fill="#333")
    d.rectangle((15, 490, W - 15, 760), fill="white")
    rows = [
        ("订单编号", "4021557788990011223"),
        ("支付宝交易号", "2026092822001156781234567890"),
        ("创建时间", "2026-09-28 20:15:02"),
        ("付款时间", "2026-09-28 20:16:10"),
        ("发货时间", "2026-09-29 09:30:44"),
        ("成交时间", "2026-09-30 14:02:31"),
    ]
    for n, (k, v) in enumerate(rows):
        d.text((30, 505 + n * 42), k, font=_font(18), fill="#888")
        d.text((180, 505 + n * 42), v, font=_font(18), fill="#333")
    d.text((30, 800), "实付款 ¥1,299.00", font=_font(24), fill="#ff5000")
    d.text((30, 850), "演示截图，内容虚构 / demo, fictional", font=_font(16), fill="#aaa")
    _save(img, path)


def _defect(path: Path) -> None:
    img = Image.new("RGB", (W, 720), "#e9e4dc")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((90, 170, 450, 520), radius=60, fill="#fafafa", outline="#bbb", width=3)
    for x in (170, 370):  # two earbuds in their case
        d.ellipse((x - 55, 250, x + 55, 360), fill="white", outline="#999", width=3)
        d.rectangle((x - 12, 350, x + 12, 450), fill="white", outline="#999", width=3)
    d.ellipse((100, 225, 240, 385), outline="#e02020", width=6)
    d.text((105, 400), "左耳 L：无声", font=_font(24), fill="#e02020")
    d.text((40, 40), "2026-10-03 10:20 拍摄", font=_font(22), fill="#444")
    d.text((40, 80), "首次使用左耳无声，重置配对无效", font=_font(22), fill="#444")
    d.text((40, 570), "序列号 SN: SYP2609A01234（演示）", font=_font(20), fill="#444")
    d.text((40, 660), "演示照片，内容虚构 / demo, fictional", font=_font(16), fill="#888")
    _save(img, path)


def _chat(path: Path) -> None:
    img = Image.new("RGB", (W, H), "#ededed")
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, W, 70), fill="#ffffff")
    d.text((20, 20), "声悦数码旗舰店 客服", font=_font(24), fill="#222")
    messages = [
        ("me", "2026-10-03 10:40", "你好，耳机今天第一次用，左耳完全没有声音，重置配对也不行。"),
        ("me", "", "我要退货退款。"),
        ("shop", "2026-10-03 11:05", "亲，耳机属于已拆封商品，不支持七天无理由退货哦。"),
        ("me", "", "这是质量问题，不是无理由退货。"),
        ("shop", "", "建议您寄回检测，人为损坏不在保修范围。"),
    ]
    y = 95
    font = _font(19)
    for who, when, text in messages:
        if when:
            d.text((W // 2 - 80, y), when, font=_font(15), fill="#999")
            y += 30
        lines = [text[i : i + 17] for i in range(0, len(text), 17)]
        height = 20 + 28 * len(lines)
        if who == "me":
            box = (W - 40 - 17 * 20, y, W - 30, y + height)
            d.rounded_rectangle(box, radius=10, fill="#95ec69")
        else:
            box = (30, y, 40 + 17 * 20, y + height)
            d.rounded_rectangle(box, radius=10, fill="#ffffff")
        for n, line in enumerate(lines):
            d.text((box[0] + 12, y + 10 + 28 * n), line, font=font, fill="#111")
        y += height + 22
    d.text((30, H - 50), "演示截图，内容虚构 / demo, fictional", font=_font(16), fill="#aaa")
    _save(img, path)


def draw_demo_files(folder: Path) -> list[Path]:
    """Draw the demo evidence PNGs into ``folder`` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / ORDER_PNG, folder / DEFECT_PNG, folder / CHAT_PNG]
    for draw, path in zip((_order, _defect, _chat), paths, strict=True):
        draw(path)
    return paths


def _crop(path: Path) -> bytes:
    """The seller's refusal cut out of the chat screenshot (a derived file)."""
    import io

    with Image.open(path) as img:
        out = io.BytesIO()
        img.crop((0, 290, W, 410)).save(out, format="PNG", optimize=True)
        return out.getvalue()


#: The three demo files: what each is, proves and was captured with, and the events it backs.
DEMO_ITEMS: list[dict[str, Any]] = [
    {
        "file": ORDER_PNG,
        "type": "order_record",
        "description": "淘宝订单详情截图（订单号 4021557788990011223）",
        "proves": "买卖合同成立；商品、价格 1,299.00 元、付款和签收时间",
        "captured_at": "2026-10-03 10:30",
        "captured_how": "手机截图",
        "captured_from": "淘宝 App（iPhone）",
        "events": ["purchase"],
    },
    {
        "file": DEFECT_PNG,
        "type": "defect_photo",
        "description": "左耳耳机无声的照片（含序列号）",
        "proves": "商品存在质量问题：左耳无声",
        "captured_at": "2026-10-03 10:20",
        "captured_how": "手机拍照",
        "captured_from": "iPhone 相机",
        "events": ["defect_found"],
    },
    {
        "file": CHAT_PNG,
        "type": "chat_log",
        "description": "与商家客服的旺旺聊天记录截图",
        "proves": "已及时告知商家质量问题；商家以「已拆封」为由拒绝退货",
        "captured_at": "2026-10-03 11:10",
        "captured_how": "手机截图",
        "captured_from": "淘宝 App 旺旺（iPhone）",
        "events": ["contacted_seller", "seller_replied"],
    },
]


def demo_step(store: Store, case: Case) -> None:
    """Add the demo evidence to the demo case. Other steps may have added evidence first (an
    imported bill); adding again is harmless, since the same content is stored once."""
    events = {e.kind.value: e.id for e in store.list_events(case.id) if e.id is not None}
    added = {}
    for spec in DEMO_ITEMS:
        said = {k: v for k, v in spec.items() if k not in ("file", "type", "events")}
        added[spec["file"]] = add_evidence(
            store,
            case.id,
            data_path(spec["file"]),
            type=spec["type"],
            fields=EvidenceFields(
                captured_by="李华", events=[events[k] for k in spec["events"]], **said
            ),
        )
    chat = added[CHAT_PNG]
    add_evidence(
        store,
        case.id,
        _crop(data_path(CHAT_PNG)),
        type="chat_log",
        name="evidence_chat_crop.png",
        fields=EvidenceFields(
            derived_from=chat.id,
            description="聊天记录截图的裁剪件：商家拒绝退货的答复",
            proves="商家以「已拆封」为由拒绝退货",
            # a crop shows what the screenshot showed, when it was taken
            captured_at=chat.captured_at,
            captured_how="由聊天记录截图裁剪",
            captured_by="王敏（代理人）",
        ),
    )
