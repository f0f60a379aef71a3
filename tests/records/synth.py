"""New bills of every supported format, written here from random rows (fictional names only).

The importers have never seen these files: each writer returns the bytes and what ``inspect``
must find (rows, totals per direction, refunds and how many of them are linked).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import openpyxl

from casework.money import from_fen
from casework.records.synthetic import alipay_text, expected, random_rows


@dataclass
class Synth:
    name: str
    data: bytes
    source: str
    layout: str
    rows: int
    totals: dict[str, str]
    refunds: int
    linked: int


def _totals(fen: dict[str, int]) -> dict[str, str]:
    return {k: f"{from_fen(fen.get(k, 0)):.2f}" for k in ("out", "in", "neutral")}


def _money(rnd: random.Random) -> int:
    return rnd.randint(1, 500000)


def alipay(seed: int, variant: str) -> Synth:
    rows = random_rows(random.Random(seed).randint(5, 80), seed=seed, refund_every=7)
    exp: dict[str, Any] = expected(rows)
    text = alipay_text(
        rows,
        start=datetime(2026, 1, 1),
        end=datetime(2026, 3, 1),
        exported=datetime(2026, 3, 2),
        variant=variant,
    )
    return Synth(
        f"支付宝交易明细_{seed}.csv",
        text.encode("gb18030"),
        "alipay",
        "app-2025" if variant == "2026" else "app-2023",
        exp["rows"],
        exp["totals"],
        exp["refunds"],
        exp["refunds"],
    )


def alipay_2021(seed: int) -> Synth:
    rnd = random.Random(seed)
    lines = [
        "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
        "收/支                 ,交易对方                ,对方账号                ,商品说明                ,"
        "收/付款方式              ,金额                  ,交易状态                ,交易分类                ,"
        "交易订单号     ,商家订单号           ,交易时间            ,",
    ]
    fen = {"out": 0, "in": 0, "neutral": 0}
    n = rnd.randint(3, 30)
    t = datetime(2022, 5, 1)
    refunds = 0
    for i in range(n):
        t += timedelta(minutes=rnd.randint(1, 900))
        cents = _money(rnd)
        label, d = rnd.choice([("支出", "out"), ("收入", "in"), ("其他", "neutral")])
        status = "交易成功"
        item = f"商品{i}"
        if i and i % 5 == 0:
            label, d, status, item = "其他", "neutral", "退款成功", f"退款-商品{i - 1}"
            refunds += 1
        fen[d] += cents
        lines.append(
            f"{label:<20},店铺{i:<16},                    ,{item:<20},"
            f"招商银行(9876)          ,{from_fen(cents):<20},{status:<20},日用百货            ,"
            f"2022{i:010d}\t,T200P{i}\t,{t:%Y-%m-%d %H:%M:%S} ,"
        )
    ins = sum(1 for ln in lines[2:] if ln.startswith("收入"))
    lines += ["-" * 84, "导出信息：", f"共{n}笔记录", f"收入：{ins}笔,{from_fen(fen['in'])}元"]
    return Synth(
        f"alipay_record_{seed}.csv",
        "\n".join(lines).encode("gb18030"),
        "alipay",
        "app-2021",
        n,
        _totals(fen),
        refunds,
        0,
    )


def alipay_web(seed: int) -> Synth:
    rnd = random.Random(seed)
    lines = [
        "支付宝交易记录明细查询",
        "账号:[someone@example.com]",
        "起始日期:[2020-01-01 00:00:00]    终止日期:[2020-03-01 00:00:00]",
        "---------------------------------交易记录明细列表------------------------------------",
        "交易号                  ,商家订单号               ,交易创建时间              ,付款时间                ,"
        "最近修改时间              ,交易来源地     ,类型              ,交易对方            ,商品名称                ,"
        "金额（元）   ,收/支     ,交易状态    ,服务费（元）   ,成功退款（元）  ,备注                  ,资金状态     ,",
    ]
    fen = {"out": 0, "in": 0, "neutral": 0}
    n = rnd.randint(2, 20)
    refunds = linked = 0
    t = datetime(2020, 1, 2)
    for i in range(n):
        t += timedelta(hours=rnd.randint(1, 30))
        cents = _money(rnd)
        if i % 4 == 3:  # a refund of the row before, with a blank 收/支
            refunds += 1
            linked += 1
            fen["neutral"] += cents
            lines.append(
                f"9000{i - 1}_1\t,T200P{i}\t,{t:%Y-%m-%d %H:%M:%S} ,                    ,"
                f"{t:%Y-%m-%d %H:%M:%S} ,淘宝        ,支付宝担保交易         ,店铺{i}      ,"
                f"退款-商品 ,{from_fen(cents)} ,        ,退款成功    ,0.00     ,0.00     ,"
                "                    ,已收入      ,"
            )
            continue
        label, d = rnd.choice([("支出", "out"), ("收入", "in")])
        fen[d] += cents
        lines.append(
            f"9000{i}\t,T200P{i}\t,{t:%Y-%m-%d %H:%M:%S} ,{t:%Y-%m-%d %H:%M:%S} ,"
            f"{t:%Y-%m-%d %H:%M:%S} ,淘宝        ,支付宝担保交易         ,店铺{i}      ,"
            f"商品 ,{from_fen(cents)} ,{label}      ,交易成功    ,0.00     ,0.00     ,"
            "                    ,已支出      ,"
        )
    lines += [
        "-" * 84,
        f"共{n}笔记录",
        f"已收入:{sum(1 for ln in lines if ',收入 ' in ln)}笔,{from_fen(fen['in'])}元",
        "导出时间:[2020-03-02 10:00:00]    用户:某",
    ]
    return Synth(
        f"web_{seed}.csv",
        "\n".join(lines).encode("gb18030"),
        "alipay",
        "web-classic",
        n,
        _totals(fen),
        refunds,
        linked,
    )


WECHAT_HEADER = [
    "交易时间",
    "交易类型",
    "交易对方",
    "商品",
    "收/支",
    "金额(元)",
    "支付方式",
    "当前状态",
    "交易单号",
    "商户单号",
    "备注",
]


def _wechat_rows(seed: int) -> tuple[list[list[Any]], dict[str, int], int]:
    """Rows (time, …) with refunds linked by 商户单号, plus expected fen per direction."""
    rnd = random.Random(seed)
    rows: list[list[Any]] = []
    fen = {"out": 0, "in": 0, "neutral": 0}
    refunds = 0
    t = datetime(2025, 3, 1)
    for i in range(rnd.randint(3, 40)):
        t += timedelta(minutes=rnd.randint(1, 600))
        cents = _money(rnd)
        if rows and i % 6 == 5 and rows[-1][4] == "支出":
            prev = rows[-1]
            prev[7] = "已全额退款"
            rows.append(
                [
                    t,
                    f"{prev[2]}-退款",
                    prev[2],
                    prev[3],
                    "收入",
                    prev[5],
                    prev[6],
                    "已全额退款",
                    prev[9],
                    "",
                    "/",
                ]
            )
            fen["in"] += prev[5]
            refunds += 1
            continue
        label, d = rnd.choice([("支出", "out"), ("支出", "out"), ("收入", "in"), ("/", "neutral")])
        fen[d] += cents
        rows.append(
            [
                t,
                "商户消费",
                f"商户{i}",
                f"商品{i}",
                label,
                cents,
                "零钱",
                "支付成功",
                f"4200{i:020d}",
                f"M{seed}{i:010d}",
                "/",
            ]
        )
    return rows, fen, refunds


def _wechat_summary(rows: list[list[Any]]) -> list[str]:
    """The summary lines WeChat writes: count and sum per 收/支 label (``/`` is 中性交易)."""
    out = []
    for label, name in (("收入", "收入"), ("支出", "支出"), ("/", "中性交易")):
        mine = [r for r in rows if r[4] == label]
        out.append(f"{name}：{len(mine)}笔 {from_fen(sum(r[5] for r in mine))}元")
    return out


def wechat_csv(seed: int) -> Synth:
    rows, fen, refunds = _wechat_rows(seed)
    pad = ",,,,,,,,,,"
    pre = [
        "微信支付账单明细",
        "微信昵称：[某某]",
        "起始时间：[2025-03-01 00:00:00] 终止时间：[2025-06-01 23:59:59]",
        "导出类型：[全部]",
        "导出时间：[2025-06-02 10:00:00]",
        "",
        f"共{len(rows)}笔记录",
        *_wechat_summary(rows),
        "注：",
        "1. 充值/提现等交易，将计入中性交易",
        "2. 本明细仅展示当前账单中的交易",
        "3. 本明细仅供个人对账使用",
        "",
        "----------------------微信支付账单明细列表--------------------",
    ]
    lines = [p + pad for p in pre] + [",".join(WECHAT_HEADER)]
    for k, r in enumerate(rows):
        party = r[2]
        if k % 4 == 1:
            party = f"{party} CO.,LIMITED"  # an unquoted comma, as WeChat writes it
        # The 2025-04 quirk: a TAB after the closing quote of the ids.
        lines.append(
            f'{r[0]:%Y-%m-%d %H:%M:%S},{r[1]},{party},"{r[3]}",{r[4]},'
            f'¥{from_fen(r[5])},{r[6]},{r[7]},"{r[8]}"\t,"{r[9]}"\t,{r[10]}'
        )
    data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
    return Synth(
        f"微信支付账单({seed}).csv",
        data,
        "wechat",
        "csv",
        len(rows),
        _totals(fen),
        refunds,
        refunds,
    )


def wechat_xlsx(seed: int, variant: str) -> Synth:
    rows, fen, refunds = _wechat_rows(seed)
    wb = openpyxl.Workbook()
    decoy = wb.active
    decoy.title = "Power Query"
    decoy.append([f"Column{i}" for i in range(1, 12)])
    ws = wb.create_sheet("Sheet1")
    pre = [
        "微信支付账单明细",
        "微信昵称：[某某]",
        "起始时间：[2025-03-01 00:00:00] 终止时间：[2025-06-01 23:59:59]",
        "导出类型：[全部账单]",
        "导出时间：[2026-06-02 10:00:00]",
        None,
        f"共{len(rows)}笔记录",
        *_wechat_summary(rows),
        "注：",
        "1. 充值/提现等交易，将计入中性交易",
        "2. 若交易记录明细无有效内容，则代表该时间段内此微信号无交易。",
        "3. 本明细仅供个人对账使用",
    ]
    if variant == "2026":
        pre.append("4. 本账单中所有时间均为UTC+08:00时间")
    pre += [None, "----------------------微信支付账单明细列表--------------------"]
    for p in pre:
        ws.append([p])
    ws.append(WECHAT_HEADER)
    for k, r in enumerate(rows):
        cells = list(r)
        if variant == "2026":
            cells[5] = cells[5] / 100  # a number cell with format \¥#,##0.00
            if k % 3 == 0:
                cells[0] = r[0]  # a real date cell
            elif k % 3 == 1:  # an Excel serial number
                cells[0] = (r[0] - datetime(1899, 12, 30)).total_seconds() / 86400
            else:
                cells[0] = f"{r[0]:%Y-%m-%d %H:%M:%S}"
        else:
            cells[0] = f"{r[0]:%Y-%m-%d %H:%M:%S}"
            cells[5] = f"¥{from_fen(r[5])}"
        cells[8], cells[9] = f"{r[8]}\t", f"{r[9]}\t"
        ws.append(cells)
        if variant == "2026":
            ws.cell(ws.max_row, 6).number_format = "\\¥#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return Synth(
        f"微信支付账单流水文件({seed}).xlsx",
        buf.getvalue(),
        "wechat",
        f"xlsx-{variant}",
        len(rows),
        _totals(fen),
        refunds,
        refunds,
    )


def jd(seed: int, layout: str) -> Synth:
    rnd = random.Random(seed)
    new = layout == "2024-12"
    head = (
        "交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注"
        if new
        else "交易时间,交易分类,商户名称,交易说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注"
    )
    lines = [
        "导出信息：",
        "京东账号名：jd_test",
        "日期区间：2025-01-01 至 2025-01-31",
        "导出交易类型：全部",
    ]
    lines += [""] * 17 + [head]
    fen = {"out": 0, "in": 0, "neutral": 0}
    t = datetime(2025, 1, 1)
    n = rnd.randint(2, 30)
    refunds = 0
    for i in range(n):
        t += timedelta(minutes=rnd.randint(5, 500))
        cents = _money(rnd)
        order = f"30{i:010d}"
        amount = f"{from_fen(cents)}"
        label, d, item, status = "支出", "out", f"商品{i} 等多件", "交易成功"
        if i % 5 == 4:  # a refund row sharing the order number of the purchase before it
            order = f"30{i - 1:010d}"
            label, d, item, status = "不计收支", "neutral", f"退款-商品{i - 1}", "退款成功"
            refunds += 1
        elif i % 5 == 3:
            amount = f"{amount}(已退款{from_fen(rnd.randint(1, cents))})"
        fen[d] += cents
        if new:
            row = (
                f"{t:%Y-%m-%d %H:%M:%S}\t,京东平台商户,{item},{amount},中国银行信用卡(1875),{status},"
                f"{label},网购,{order}\t,1000{i}\t, ,"
            )
        else:
            row = (
                f"{t:%Y-%m-%d %H:%M:%S}\t,网购,京东平台商户,{item},{label},{amount},京东白条,{status},"
                f"{order}\t,1000{i}\t,"
            )
        lines.append(row)
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    return Synth(f"京东交易流水({seed}).csv", data, "jd", layout, n, _totals(fen), refunds, refunds)


def icbc(seed: int, layout: str) -> Synth:
    rnd = random.Random(seed)
    credit = layout == "credit"
    head = (
        "交易日期,记账日期,摘要,交易场所,交易国家或地区简称,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),"
        "记账金额(支出),记账币种,余额,对方户名"
        if credit
        else "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),"
        "记账金额(支出),记账币种,余额,对方户名"
    )
    sub = "子账户类别:" if credit else '子账户序号: 00000,子账户类别: 活期,"子账户别名: "'
    lines = ["明细查询文件下载", "", '卡号: 6222****4321,"卡别名: "', "", sub, "", head]
    fen = {"out": 0, "in": 0, "neutral": 0}
    n = rnd.randint(2, 25)
    refunds = linked = 0
    day = datetime(2023, 4, 1)
    last_out: tuple[str, int] | None = None

    def cell(v: str) -> str:
        return f'"{v:<20}\t"'

    for i in range(n):
        day += timedelta(days=rnd.randint(0, 3))
        cents = _money(rnd)
        place, summary = f"支付宝-商户{i}", "消费"
        is_in = rnd.random() < 0.3
        if last_out and i % 6 == 5:
            place, cents, summary, is_in = last_out[0], last_out[1] // 2 or 1, "退款", True
            refunds += 1
            linked += 1
        money = f"{from_fen(cents):,}"
        inc, out = (money, "") if is_in else ("", money)
        fen["in" if is_in else "out"] += cents
        if not is_in:
            last_out = (place, cents)
        date = f"{day:%Y-%m-%d}     \t"
        pre = f"{date},{date}," if credit else f"{date},"
        mid = cell("CHN") if credit else f"{cell('CHN')},钞        \t"
        lines.append(
            f"{pre}{cell(summary)},{cell(place)},{mid},{cell('')},{cell('')},人民币\t,"
            f"{cell(inc)},{cell(out)},人民币\t,{cell('-1,000.00')},{cell('')},"
        )
    lines += [" ", '合计金额,,,,,"1.00 \t","2.00 \t",']
    return Synth(
        f"hisdetail{seed}.csv",
        "\n".join(lines).encode("utf-8"),
        "icbc",
        layout,
        n,
        _totals(fen),
        refunds,
        linked,
    )


def ccb(seed: int) -> Synth:
    """A CCB 交易明细 sheet (written as xlsx: no xls writer here; the cells are the same)."""
    rnd = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "交易明细_1546_20250101_20250620.xls"
    for r in (
        ["China Construction Bank"],
        ["开户机构：", "xxx"],
        ["币　　种：", "人民币"],
        ["账　　号：", "62170*********1546"],
        [],
    ):
        ws.append(r)
    ws.append(
        [
            f"{h:<20}"
            for h in (
                "记账日",
                "交易日期",
                "交易时间",
                "支出",
                "收入",
                "账户余额",
                "币种",
                "摘要",
                "对方账号",
                "对方户名",
                "交易地点",
            )
        ]
    )
    fen = {"out": 0, "in": 0, "neutral": 0}
    n = rnd.randint(2, 25)
    for i in range(n):
        cents = _money(rnd)
        out = rnd.random() < 0.75
        fen["out" if out else "in"] += cents
        ws.append(
            [
                "20250101",
                f"202501{i % 28 + 1:02d}",
                f"{i % 24:02d}:15:00",
                cents / 100 if out else 0,
                0 if out else cents / 100,
                100.0,
                "人民币",
                "消费",
                "2088***0121",
                "**超市",
                f"支付宝-支付宝外部商户-超市{i}",
            ]
        )
    ws.append(["以上数据仅供参考|具体内容请以柜台为准"])
    buf = io.BytesIO()
    wb.save(buf)
    return Synth(f"交易明细_1546_{seed}.xlsx", buf.getvalue(), "ccb", "xls", n, _totals(fen), 0, 0)


def order_entry(seed: int) -> Synth:
    rnd = random.Random(seed)
    lines = ["平台,订单编号,下单时间,店铺名称,商品名称,实付金额,支付方式,订单状态,备注"]
    cents_total = 0
    n = rnd.randint(1, 10)
    for i in range(n):
        cents = _money(rnd)
        cents_total += cents
        lines.append(
            f"拼多多,2501{i:014d},2025-01-{i + 1:02d} 10:00,某某旗舰店,商品{i},{from_fen(cents)},"
            f"微信支付,已签收,"
        )
    data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
    return Synth(
        f"orders_{seed}.csv", data, "generic", "order-entry", n, _totals({"out": cents_total}), 0, 0
    )


MEITUAN_HEADER = "交易创建时间,交易成功时间,交易类型,订单标题,收/支,支付方式,订单金额,实付金额,交易单号,商家单号,备注"


def meituan(seed: int) -> Synth:
    """A 美团账单 CSV in the app's layout: 支付, 退款 of some of them, a 月付 还款; the summary
    follows Meituan's own rule (支出 counts the 还款 row but not its amount)."""
    rnd = random.Random(seed)
    t = datetime(2025, 3, 1, 8)
    rows: list[list[str]] = []
    fen = {"out": 0, "in": 0, "neutral": 0}
    counts = {"out": 0, "in": 0}
    summary_out = 0
    refunds = 0
    n = rnd.randint(3, 25)
    for i in range(n):
        t += timedelta(minutes=rnd.randint(5, 600))
        listed = _money(rnd) % 30000 + 100
        paid = listed - rnd.choice([0, 0, 50, 120])
        title = rnd.choice(
            ["喜茶（望京店） 订单详情", "【爆款】葡式蛋挞6只", "某某快餐（中关村店）"]
        )
        method = rnd.choice(["美团月付", "招商银行储蓄卡(6527)", "中国银行信用卡(1875)"])
        rows.append(
            [
                f"{t:%Y-%m-%d %H:%M:%S}",
                f"{t + timedelta(seconds=7):%Y-%m-%d %H:%M:%S}",
                "支付",
                title,
                "支出",
                method,
                f"¥{from_fen(listed)}",
                f"¥{from_fen(paid)}",
                f"2503{i:010d}443",
                f"1KU{i:08d}",
                "/",
            ]
        )
        fen["out"] += paid
        summary_out += paid
        counts["out"] += 1
        if i % 4 == 2:
            refunds += 1
            t += timedelta(minutes=30)
            rows.append(
                [
                    f"{t:%Y-%m-%d %H:%M:%S}",
                    f"{t + timedelta(seconds=3):%Y-%m-%d %H:%M:%S}",
                    "退款",
                    title,
                    "收入",
                    method,
                    f"¥{from_fen(listed)}",
                    f"¥{from_fen(paid)}",
                    f"2503{i:010d}999",
                    f"498{i:08d}",
                    "/",
                ]
            )
            fen["in"] += paid
            counts["in"] += 1
    repay = rnd.randint(1000, 9000)
    rows.append(
        [
            f"{t + timedelta(days=1):%Y-%m-%d %H:%M:%S}",
            f"{t + timedelta(days=1):%Y-%m-%d %H:%M:%S}",
            "还款",
            "【美团月付】主动还款2025年3月账单",
            "支出",
            "中国银行储蓄卡(3147)",
            f"¥{from_fen(repay)}",
            f"¥{from_fen(repay)}",
            "25031211100401670003883284995443",
            "2503122059126546010530289443_1087639443",
            "/",
        ]
    )
    fen["out"] += repay
    counts["out"] += 1
    rows.sort(key=lambda r: r[1], reverse=True)  # newest first, as the app writes it
    pre = [
        "美团交易账单明细",
        "美团用户名：[某某某]",
        "起始时间：[2025-03-01] 终止时间：[2025-03-31]",
        "导出交易类型：[全部]",
        "导出时间：[2025-04-01 09:00:00]",
        '""',
        f"共：{len(rows)}笔记录",
        f"支出：{counts['out']}笔 {from_fen(summary_out)}元",
        f"收入：{counts['in']}笔 {from_fen(fen['in'])}元",
        "不计收支：0笔 0.00元",
        '""',
        "特别提示：",
        "1. 本明细与实际交易结果不符时，以实际交易情况为准",
        "2. 本明细仅供用户个人对账使用",
        '""',
        "【美团交易账单明细列表】",
        MEITUAN_HEADER,
    ]
    body = [",".join([*r[:8], f'"{r[8]}\t"', f'"{r[9]}\t"', r[10]]) for r in rows]
    data = ("\ufeff" + "\r\n".join(pre + body) + "\r\n").encode("utf-8")
    return Synth(
        f"美团账单_{seed}.csv", data, "meituan", "csv", len(rows), _totals(fen), refunds, refunds
    )


def _cmb_rows(seed: int) -> tuple[list[list[str]], dict[str, int], int]:
    """Rows of a January statement: December and January days, purchases, a refund of one of
    them, a repayment; amounts signed as the bank writes them."""
    rnd = random.Random(seed)
    rows: list[list[str]] = []
    fen = {"out": 0, "in": 0, "neutral": 0}
    refunds = 0
    for i in range(rnd.randint(3, 20)):
        month, day = rnd.choice([(12, rnd.randint(20, 31)), (1, rnd.randint(1, 19))])
        cents = _money(rnd)
        shop = rnd.choice(["财付通-某某超市", "支付宝-远山户外旗舰店", "京东支付-京东商城"])
        rows.append(
            [
                f"{month:02d}/{day:02d}",
                f"{month:02d}/{min(day + 1, 28):02d}",
                shop,
                f"{from_fen(cents):,}",
                "1234",
                f"{from_fen(cents):,}(CN)",
            ]
        )
        fen["out"] += cents
        if i % 3 == 1:
            back = cents // 2 or 1
            rows.append(
                [
                    f"01/{20 + i % 5:02d}",
                    f"01/{21 + i % 5:02d}",
                    "退款-" + shop,
                    f"-{from_fen(back):,}",
                    "1234",
                    f"-{from_fen(back):,}(CN)",
                ]
            )
            fen["in"] += back
            refunds += 1
    repay = _money(rnd)
    rows.append(
        ["", "01/22", "掌上生活还款", f"-{from_fen(repay):,}", "1234", f"-{from_fen(repay):,}"]
    )
    fen["neutral"] += repay
    return rows, fen, refunds


CMB_TITLE = "招商银行信用卡对账单（个人消费卡账户 2025年01月）"
CMB_HEADER = ["交易日", "记账日", "交易摘要", "人民币金额", "卡号末四位", "交易地金额"]


def cmb_credit(seed: int, layout: str) -> Synth:
    rows, fen, refunds = _cmb_rows(seed)
    if layout == "csv":

        def q(v: str) -> str:
            return f'"{v}"' if "," in v else v

        lines = [CMB_TITLE, ",".join(CMB_HEADER)] + [",".join(q(v) for v in r) for r in rows]
        data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
        name = f"招商银行信用卡对账单_{seed}.csv"
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([CMB_TITLE])
        ws.append(CMB_HEADER)
        for r in rows:
            amount = float(r[3].replace(",", ""))
            ws.append([r[0], r[1], r[2], amount, r[4], r[5]])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
        name = f"招商银行信用卡对账单_{seed}.xlsx"
    return Synth(name, data, "cmb_credit", layout, len(rows), _totals(fen), refunds, refunds)


def all_formats(seed: int) -> list[Synth]:
    return [
        alipay(seed, "2023"),
        alipay(seed, "2026"),
        alipay_2021(seed),
        alipay_web(seed),
        wechat_csv(seed),
        wechat_xlsx(seed, "2025"),
        wechat_xlsx(seed, "2026"),
        jd(seed, "2024-12"),
        jd(seed, "old"),
        icbc(seed, "credit"),
        icbc(seed, "debit-v1"),
        ccb(seed),
        meituan(seed),
        cmb_credit(seed, "csv"),
        cmb_credit(seed, "xlsx"),
        order_entry(seed),
    ]
