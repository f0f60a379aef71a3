"""Phone screenshots made for the tests: order, chat and payment pages as HTML, shot in Chromium.

Each page is drawn from a seed (order numbers, amounts, times, shop, chat lines all vary), so the
tests read pages the reader's code was never tuned on. A page comes with its truth: every visible
string in visual order (for character accuracy), its fields, and for chats each bubble's side and
time. Fonts: the CJK font shipped with casework (always there) and whichever system CJK fonts are
installed (``scripts/system-deps.sh`` installs WenQuanYi Zen Hei and AR PL UMing).
"""

from __future__ import annotations

import html
import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image

SHIPPED_FONT = Path(str(resources.files("casework") / "assets" / "fonts" / "wqy-microhei.ttc"))

SHOPS = ["晨曦家居旗舰店", "优品数码专营店", "山野户外官方店", "小熊母婴专卖店", "青禾茶叶旗舰店"]
PRODUCTS = [
    "加厚纯棉四件套 1.8米床",
    "65W 氮化镓快充充电器",
    "防水冲锋衣 男款 藏青色",
    "婴儿推车 轻便折叠款",
    "明前龙井 特级 250克",
]
NAMES = ["张伟", "王芳", "刘洋", "陈静", "赵磊"]
CONSUMER_LINES = [
    "你好，我收到的商品有破损，外包装也被压坏了。",
    "这个质量问题你们怎么处理？",
    "我要求退货退款，照片已经发给你们了。",
    "七天还没到，为什么不能退？",
    "请尽快给我答复。",
    "充电器用了两天就不能充电了。",
]
SELLER_LINES = [
    "亲，您好，请提供一下商品照片哦。",
    "这个需要寄回检测后才能处理。",
    "抱歉，已经使用过的商品不支持退货。",
    "我们可以给您补偿十元优惠券。",
    "好的，我们核实后会尽快回复您。",
    "人为损坏不在售后范围内。",
]


def cjk_fonts() -> list[str]:
    """CSS font families to render with: the shipped font first, then installed ones."""
    fonts = ["ShippedCJK"]
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout
        for family in ("WenQuanYi Zen Hei", "AR PL UMing CN", "Noto Sans CJK SC"):
            if family in out:
                fonts.append(family)
    return fonts


@dataclass
class Page:
    kind: str
    html: str
    #: every visible string, in visual order (top to bottom, left to right)
    truth: list[str]
    fields: dict[str, Any] = field(default_factory=dict)
    #: chats: (side, ISO time, text) per bubble
    messages: list[tuple[str, str, str]] = field(default_factory=list)
    captured_at: datetime | None = None


def _head(font: str) -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@font-face {{ font-family: ShippedCJK; src: url("file://{SHIPPED_FONT}"); }}
* {{ box-sizing: border-box; margin: 0; padding: 0; }}
body {{ width: 375px; font-family: "{font}", sans-serif; background: #f4f4f4; color: #222;
  font-size: 14px; line-height: 1.45; }}
.bar {{ height: 22px; padding: 3px 14px; font-size: 12px; font-weight: 600; background: #fff; }}
.nav {{ height: 44px; text-align: center; font-size: 17px; padding-top: 10px; background: #fff;
  border-bottom: 1px solid #e6e6e6; }}
.card {{ background: #fff; margin: 8px; border-radius: 10px; padding: 10px 12px; }}
.row {{ display: flex; justify-content: space-between; padding: 3px 0; }}
.k {{ color: #888; }} .v {{ color: #333; }}
</style></head><body>"""


def _money(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def _moment(rnd: random.Random) -> datetime:
    """A time in 2026, to the second (the same draws, in the same order, for every page)."""
    month, day, hour = rnd.randint(3, 10), rnd.randint(1, 28), rnd.randint(8, 22)
    return datetime(2026, month, day, hour, rnd.randint(0, 59), rnd.randint(0, 59))


def _t(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


def order_page(seed: int, font: str) -> Page:
    rnd = random.Random(seed)
    shop, product = rnd.choice(SHOPS), rnd.choice(PRODUCTS)
    name = rnd.choice(NAMES)
    order_no = str(rnd.randint(10**18, 10**19 - 1))
    txn = "2026" + "".join(str(rnd.randint(0, 9)) for _ in range(24))
    goods = rnd.randint(1990, 259900)
    ship = rnd.choice([0, 0, 600, 1000])
    paid = goods + ship
    created = _moment(rnd)
    paid_at = created + timedelta(seconds=rnd.randint(20, 300))
    shipped = paid_at + timedelta(hours=rnd.randint(5, 40), seconds=rnd.randint(0, 3000))
    done = shipped + timedelta(days=rnd.randint(2, 5), seconds=rnd.randint(0, 30000))
    phone = f"1{rnd.randint(30, 89)}****{rnd.randint(1000, 9999)}"
    clock = f"{rnd.randint(9, 23)}:{rnd.randint(10, 59)}"
    address = f"广东省深圳市南山区科技园路 {rnd.randint(1, 200)} 号"
    e = html.escape
    rows = [
        ("订单编号", order_no),
        ("支付宝交易号", txn),
        ("创建时间", _t(created)),
        ("付款时间", _t(paid_at)),
        ("发货时间", _t(shipped)),
        ("成交时间", _t(done)),
    ]
    body = (
        _head(font)
        + f"""
<div class="bar">{clock}</div>
<div class="nav">订单详情</div>
<div class="card" style="background:#ff5000;color:#fff"><div style="font-size:18px">交易成功</div></div>
<div class="card"><div>收货人：{e(name)} {phone}</div>
<div class="k" style="font-size:13px">{address}</div></div>
<div class="card"><div style="font-weight:600">{e(shop)}</div>
<div style="display:flex;margin-top:8px"><div style="width:70px;height:70px;background:#dfe5ec;border-radius:6px"></div>
<div style="margin-left:10px;flex:1"><div>{e(product)}</div><div class="k" style="font-size:12px">默认规格</div></div>
<div style="text-align:right">¥{_money(goods)}<div class="k">×1</div></div></div>
<div class="row" style="margin-top:8px"><span class="k">商品总价</span><span class="v">¥{_money(goods)}</span></div>
<div class="row"><span class="k">运费</span><span class="v">¥{_money(ship)}</span></div>
<div class="row"><span>实付款</span><span style="color:#ff5000;font-size:16px">¥{_money(paid)}</span></div></div>
<div class="card">"""
        + "".join(
            f'<div class="row"><span class="k">{k}</span><span class="v">{v}</span></div>'
            for k, v in rows
        )
        + """</div></body></html>"""
    )
    truth = [clock, "订单详情", "交易成功", f"收货人：{name} {phone}"]
    truth += [address]
    truth += [shop, product, f"¥{_money(goods)}", "默认规格", "×1"]
    truth += [
        "商品总价",
        f"¥{_money(goods)}",
        "运费",
        f"¥{_money(ship)}",
        "实付款",
        f"¥{_money(paid)}",
    ]
    for k, v in rows:
        truth += [k, v]
    iso = lambda d: d.isoformat() + "+08:00"  # noqa: E731
    fields = {
        "order_numbers": [order_no],
        "payment_txn_id": txn,
        "paid_fen": paid,
        "goods_total_fen": goods,
        "shipping_fen": ship,
        "created_at": iso(created),
        "paid_at": iso(paid_at),
        "shipped_at": iso(shipped),
        "completed_at": iso(done),
        "shop": shop,
        "product": product,
        "status": "交易成功",
        "consignee": {"name": name[0] + "*" * (len(name) - 1), "phone": phone},
    }
    return Page("order", body, truth, fields)


def payment_page(seed: int, font: str) -> Page:
    rnd = random.Random(seed)
    shop, product = rnd.choice(SHOPS), rnd.choice(PRODUCTS)
    fen = rnd.randint(990, 99900)
    when = _moment(rnd)
    order_no = "2026" + "".join(str(rnd.randint(0, 9)) for _ in range(24))
    merchant = "T200P" + str(rnd.randint(10**18, 10**19 - 1))
    clock = f"{rnd.randint(9, 23)}:{rnd.randint(10, 59)}"
    rows = [
        ("支付时间", _t(when)),
        ("付款方式", "招商银行储蓄卡(8705)"),
        ("商品说明", product),
        ("收款方全称", shop),
        ("创建时间", _t(when - timedelta(seconds=rnd.randint(5, 90)))),
        ("订单号", order_no),
        ("商家订单号", merchant),
    ]
    body = (
        _head(font)
        + f"""
<div class="bar">{clock}</div>
<div class="nav">账单详情</div>
<div class="card" style="text-align:center;padding:18px">
<div style="font-size:15px">{html.escape(shop)}</div>
<div style="font-size:30px;font-weight:600;margin:6px 0">-{_money(fen)}</div>
<div class="k">交易成功</div></div>
<div class="card">"""
        + "".join(
            f'<div class="row"><span class="k">{k}</span><span class="v" style="text-align:right">{html.escape(v)}</span></div>'
            for k, v in rows
        )
        + "</div></body></html>"
    )
    truth = [clock, "账单详情", shop, f"-{_money(fen)}", "交易成功"]
    for k, v in rows:
        truth += [k, v]
    fields = {
        "amount_fen": fen,
        "status": "交易成功",
        "order_no": order_no,
        "merchant_order_no": merchant,
        "time": when.isoformat() + "+08:00",
        "counterparty": shop,
    }
    return Page("payment", body, truth, fields)


def chat_page(seed: int, font: str) -> Page:
    """A chat: separators ``M月D日 HH:MM``, ``昨天 HH:MM`` and ``HH:MM`` resolved against the
    capture time, bubbles left (the shop) and right (the phone's owner, green)."""
    rnd = random.Random(seed)
    shop = rnd.choice(SHOPS)
    captured = datetime(
        2026, rnd.randint(4, 10), rnd.randint(10, 28), rnd.randint(15, 21), rnd.randint(0, 59)
    )
    day1 = captured - timedelta(days=rnd.randint(3, 9))
    day1 = day1.replace(hour=rnd.randint(9, 12), minute=rnd.randint(0, 59), second=0)
    day2 = (captured - timedelta(days=1)).replace(
        hour=rnd.randint(8, 13), minute=rnd.randint(0, 59), second=0
    )
    day3 = captured.replace(hour=rnd.randint(9, 14), minute=rnd.randint(0, 59), second=0)
    consumer, seller = rnd.sample(CONSUMER_LINES, 3), rnd.sample(SELLER_LINES, 3)
    plan = [
        (
            f"{day1.month}月{day1.day}日 {day1:%H:%M}",
            day1,
            [("consumer", consumer[0]), ("counterpart", seller[0])],
        ),
        (f"昨天 {day2:%H:%M}", day2, [("consumer", consumer[1]), ("counterpart", seller[1])]),
        (f"{day3:%H:%M}", day3, [("counterpart", seller[2]), ("consumer", consumer[2])]),
    ]
    clock = f"{captured:%H:%M}"
    parts = [
        _head(font).replace("background: #f4f4f4", "background: #ededed"),
        f'<div class="bar">{clock}</div><div class="nav">{html.escape(shop)}</div>',
        '<div style="padding:4px 0 60px">',
    ]
    truth = [clock, shop]
    messages = []
    for sep, when, bubbles in plan:
        parts.append(
            f'<div style="text-align:center;color:#999;font-size:12px;margin:12px 0 6px">{sep}</div>'
        )
        truth.append(sep)
        for side, text in bubbles:
            if side == "consumer":
                parts.append(
                    '<div style="display:flex;justify-content:flex-end;margin:8px 10px">'
                    f'<div style="max-width:235px;background:#95ec69;border-radius:6px;padding:8px 10px">{html.escape(text)}</div>'
                    '<div style="width:36px;height:36px;border-radius:4px;background:#7aa7d8;margin-left:8px;flex:none"></div></div>'
                )
            else:
                parts.append(
                    '<div style="display:flex;margin:8px 10px">'
                    '<div style="width:36px;height:36px;border-radius:4px;background:#e8a15a;margin-right:8px;flex:none"></div>'
                    f'<div style="max-width:235px;background:#fff;border-radius:6px;padding:8px 10px">{html.escape(text)}</div></div>'
                )
            truth.append(text)
            messages.append((side, when.isoformat() + "+08:00", text))
    parts.append(
        '</div><div style="position:fixed;bottom:0;width:375px;height:50px;background:#f7f7f7;'
        'border-top:1px solid #ddd"></div></body></html>'
    )
    return Page("chat", "".join(parts), truth, {"counterpart": shop}, messages, captured)


def shoot(pages: list[Page], chromium: str) -> list[bytes]:
    """PNG screenshots of the pages at a phone's 2× scale (750 px wide)."""
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        ctx = browser.new_context(viewport={"width": 375, "height": 667}, device_scale_factor=2)
        page = ctx.new_page()
        for p in pages:
            page.set_content(p.html, wait_until="load")
            page.evaluate("document.fonts.ready")
            shots.append(page.screenshot(full_page=True))
        browser.close()
    return shots


def degrade(png: bytes, *, scale: float = 0.6, quality: int = 60) -> bytes:
    """A downscaled JPEG copy, as a screenshot looks after passing through a chat app."""
    with Image.open(io.BytesIO(png)) as img:
        small = img.convert("RGB").resize(
            (round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS
        )
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=quality)
        return out.getvalue()
