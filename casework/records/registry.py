"""Which importer reads a file (识别账单来源): by content, never by file name.

Each importer looks at the head of the file and claims it or not; two claims for one file is an
error (as in beangulp's ``identify``). Files that are not bills at all — a photo, a web page, a
PDF, a zip, an Alipay 记账本 export — are named for what they are, in one line.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from io import BytesIO

from .alipay import AlipayImporter
from .base import HEAD_LINES, Bill, Head, Importer
from .ccb import CcbImporter
from .cells import cell_text
from .cmb import CmbCreditImporter
from .encodings import head_text
from .errors import RecordsError, UnsupportedBill
from .generic import GenericImporter
from .icbc import IcbcImporter
from .jd import JdImporter
from .meituan import MeituanImporter
from .tables import find_header
from .wechat import WechatImporter

IMPORTERS: list[Importer] = [
    AlipayImporter(),
    WechatImporter(),
    JdImporter(),
    MeituanImporter(),
    IcbcImporter(),
    CcbImporter(),
    CmbCreditImporter(),
    GenericImporter(),
]

_MAGIC: list[tuple[bytes, str, str]] = [
    (b"\x89PNG", "PNG 图片（截图？）", "a PNG image (a screenshot?)"),
    (b"\xff\xd8\xff", "JPEG 图片（照片或截图？）", "a JPEG image (a photo or screenshot?)"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"RIFF", "图片或音视频文件", "an image or media file"),
    (
        b"%PDF",
        "PDF 文件（账单的 PDF 版本只能作为证据附上，不能导入明细）",
        "a PDF (attach it as evidence; its rows cannot be imported)",
    ),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip archive"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf", "7z 压缩包", "a 7z archive"),
]

#: Exports that are not transaction statements at all: (zh, en, test on the head text).
_NOT_BILLS: list[tuple[str, str, Callable[[str], bool]]] = [
    (
        "支付宝记账本导出（不是交易明细，没有交易号和状态），请导出「交易流水」",
        "an Alipay 记账本 (cashbook) export, not a transaction statement: it has no transaction "
        "ids or statuses; export the 交易流水 instead",
        lambda t: "记账本" in t or ("记录时间" in t and "交易号" not in t and "账目分类" in t),
    ),
    (
        "支付宝账务明细（余额收支明细），不是交易明细，请导出「交易流水」",
        "an Alipay balance log (账务明细), not the transaction statement; export the 交易流水",
        lambda t: "收支明细列表" in t,
    ),
]


def _header(*columns: str) -> Callable[[list[str]], bool]:
    """A test on the file's own header row: a line whose cells include all ``columns``."""
    wanted = set(columns)
    return lambda lines: find_header(lines, lambda cells: wanted <= set(cells)) is not None


def _title(*words: str) -> Callable[[list[str]], bool]:
    """A test on the file's banner: its first non-blank line names one of ``words``."""

    def test(lines: list[str]) -> bool:
        first = next((ln.strip(" ,#\t\ufeff") for ln in lines if ln.strip(" ,#\t\ufeff")), "")
        return any(w in first for w in words)

    return test


#: Bills recognised without an importer: (zh, en, test on the head lines, shipped mapping
#: preset or ""). Tried in this order, after every importer, and only on the file's own
#: structure — its banner (first line) or its header row: a word inside a data row (a Meituan
#: payment from 招商银行储蓄卡) never decides what a file is.
_KNOWN: list[tuple[str, str, Callable[[list[str]], bool], str]] = [
    (
        "招商银行借记卡流水",
        "a China Merchants Bank (CMB) debit statement",
        _header("记账日期", "货币", "交易金额", "联机余额"),
        "cmb_debit",
    ),
    (
        "招商银行账单",
        "a China Merchants Bank (CMB) statement",
        _title("招商银行"),
        "",
    ),
    (
        "中国银行信用卡账单",
        "a Bank of China (BOC) credit card statement",
        _header("交易日", "银行记账日", "卡号后四位", "交易描述", "存入", "支出"),
        "boc_credit",
    ),
    (
        "中国银行借记卡流水",
        "a Bank of China (BOC) debit statement",
        _header("记账日期", "记账时间", "币别", "金额", "余额", "交易名称"),
        "boc_debit",
    ),
    ("中国银行账单", "a Bank of China (BOC) statement", _title("中国银行"), ""),
    (
        "交通银行借记卡流水",
        "a Bank of Communications (BOCOM) debit statement",
        _header("交易类型", "借贷", "交易金额"),
        "bocom_debit",
    ),
    (
        "交通银行信用卡账单",
        "a Bank of Communications (BOCOM) credit card statement",
        _header("交易说明", "交易币种/金额", "入账币种/金额"),
        "bocom_credit",
    ),
    (
        "农业银行借记卡流水",
        "an Agricultural Bank of China (ABC) debit statement",
        _header("交易摘要", "交易金额", "本次余额"),
        "abc_debit",
    ),
    (
        "广发银行信用卡账单",
        "a China Guangfa Bank (CGB) credit card statement",
        _header("交易摘要", "交易金额", "交易货币", "入账金额"),
        "cgb_credit",
    ),
    (
        "中信银行信用卡账单",
        "a CITIC Bank credit card statement",
        _header("交易描述", "卡末四位"),
        "citic_credit",
    ),
    (
        "浦发银行账单",
        "an SPDB statement",
        _header("顺序号", "交易日期", "交易类型", "存入金额"),
        "spdb_debit",
    ),
]

#: The order identification runs in (a test pins it): importers first, each by its own header;
#: then the bills casework names but has no importer for.
ORDER = [imp.source for imp in IMPORTERS] + [zh for zh, *_ in _KNOWN]


def sniff(bill: Bill) -> Head:
    """The head of the file, or a clear error when it is not a bill at all."""
    data = bill.data
    if not data[:65536].strip() and not data.strip():  # (no copy of a big file)
        raise RecordsError("文件是空的", "the file is empty", where=bill.where)
    for magic, zh, en in _MAGIC:
        if data.startswith(magic):
            raise RecordsError(
                f"这不是账单，看起来是{zh}", f"not a bill: it looks like {en}", where=bill.where
            )
    if data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypisom", b"ftypmp42"):
        raise RecordsError(
            "这不是账单，看起来是照片或视频（HEIC/MP4）",
            "not a bill: it looks like a photo or video (HEIC/MP4)",
            where=bill.where,
        )
    if data.startswith(b"PK\x03\x04"):
        return _zip_head(bill)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _excel_head(bill)
    lines = head_text(data, HEAD_LINES)[0]
    sample = "\n".join(lines).lstrip("\ufeff").lower()
    if (
        sample.lstrip().startswith(("<!doctype", "<html", "<?xml", "<table", "<head", "<body"))
        or "<html" in sample[:2000]
    ):
        raise RecordsError(
            "这不是账单文件，看起来是网页（HTML），请下载官方导出的 CSV/Excel 账单",
            "not a bill: it looks like a web page (HTML); download the official CSV/Excel export",
            where=bill.where,
        )
    if "\x00" in sample[:4096]:
        raise RecordsError(
            "这不是文本账单，看起来是二进制文件（已损坏或格式不明）",
            "not a text bill: it looks like a binary file (corrupt or unknown)",
            where=bill.where,
        )
    if not lines:
        raise RecordsError(
            "文件无法解码为文本（既非 UTF-8 也非 GB18030）",
            "the file cannot be decoded as text (neither UTF-8 nor GB18030)",
            where=bill.where,
        )
    return Head(kind="text", lines=lines)


def _zip_head(bill: Bill) -> Head:
    try:
        names = zipfile.ZipFile(BytesIO(bill.data)).namelist()
    # A damaged central directory can claim any zip version or size (NotImplementedError,
    # ValueError, OverflowError): found by the mutation test, all one clear refusal.
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OverflowError, EOFError):
        raise RecordsError(
            "文件像 zip / xlsx 但已损坏（下载不完整？）",
            "the file looks like a zip / xlsx but is damaged (incomplete download?)",
            where=bill.where,
        ) from None
    if not any(n.startswith("xl/") for n in names):
        raise RecordsError(
            "这是 zip 压缩包，请先解压（支付宝、微信账单的压缩包密码在 App 或公众号消息里）",
            "this is a zip archive: unzip it first (the Alipay / WeChat password "
            "is shown in the app or sent by message)",
            where=bill.where,
        )
    return _excel_head(bill)


def _excel_head(bill: Bill) -> Head:
    sheets = {
        name: [[cell_text(v) for v in row] for row in df.head(HEAD_LINES).itertuples(index=False)]
        for name, df in bill.sheets.items()
    }
    return Head(
        kind="excel", sheets=sheets, lines=[",".join(r) for rows in sheets.values() for r in rows]
    )


def detect(bill: Bill, importers: Sequence[Importer] = IMPORTERS) -> tuple[Importer, str, Head]:
    """The one importer that claims the file, and the layout it sees."""
    head = sniff(bill)
    claims = [(imp, layout) for imp in importers if (layout := imp.identify(head)) is not None]
    if len(claims) > 1:
        names = ", ".join(f"{imp.source}/{layout}" for imp, layout in claims)
        raise RecordsError(
            f"多个导入器都认领了这个文件: {names}（程序错误，请报告）",
            f"more than one importer claims this file: {names} (a bug; report it)",
            where=bill.where,
        )
    if claims:
        return claims[0][0], claims[0][1], head
    text = "\n".join(ln.replace('"', "").replace("\t", "") for ln in head.lines)
    flat = ",".join(c.strip() for c in text.replace("\n", ",").split(","))
    for zh, en, test in _NOT_BILLS:
        if test(text) or test(flat):
            raise RecordsError(
                f"这不是交易明细：{zh}", f"not a transaction statement: {en}", where=bill.where
            )
    lines = [ln.replace('"', "").replace("\t", "") for ln in head.lines]
    for zh, en, known, preset in _KNOWN:
        if known(lines):
            how_zh = f"--mapping {preset}" if preset else "--mapping 列映射.json"
            how_en = f"--mapping {preset}" if preset else "--mapping MAP.json"
            raise UnsupportedBill(
                f"识别为{zh}，没有专用导入器；请用通用导入：{how_zh}",
                f"recognised as {en}, which has no importer of its own; use the generic importer: "
                f"{how_en}",
                where=bill.where,
            )
    first = next((ln.strip() for ln in head.lines if ln.strip()), "")[:40]
    raise RecordsError(
        f"无法识别的账单格式（第一行: {first!r}）；支持支付宝、微信支付、京东、美团、工商银行、建设银行、"
        "招商银行信用卡和订单录入模板",
        f"unknown bill format (first line: {first!r}); supported: Alipay, WeChat "
        "Pay, JD, Meituan, ICBC, CCB, CMB credit card and the order-entry template",
        where=bill.where,
    )


def source_label(source: str) -> str:
    """The Chinese name of a source (``alipay`` → 支付宝), for people; the code when unknown."""
    return next((imp.label for imp in IMPORTERS if imp.source == source), source)
