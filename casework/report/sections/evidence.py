"""The evidence sections: the 证据清单 with hashes and thumbnails, the exhibits themselves, and the
appendix that embeds the manifest a reader can check."""

from __future__ import annotations

import io
from typing import Any

from ..exhibits import Exhibit
from ..markup import MANIFEST_ID, data_uri, esc, fields, json_script, note, paragraphs, table
from .context import Ctx, Speaker, is_zh


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


def submitted(ctx: Ctx) -> list[Exhibit]:
    """The evidence the submission lists, numbered as the evidence module numbers it: whole
    bills and superseded excerpts stay with the advocate (they are numbered last)."""
    from ...evidence import evidence_list, list_evidence
    from ...evidence.screenshots import exhibit_text
    from ..excerpt import read_excerpt

    items = {item.id: item for item in list_evidence(ctx.store, ctx.case.id)}
    out = []
    for row in evidence_list(ctx.store, ctx.case.id, ctx.lang):
        if not row.get("submitted", True):
            continue
        item = items[row["evidence_id"]]
        path = item.path(ctx.store)
        excerpt = read_excerpt(path.read_bytes()) if row.get("excerpt") else None
        name, source, proves = (
            _excerpt_words(ctx, excerpt) if excerpt is not None else _item_words(ctx, row)
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


def _excerpt_words(ctx: Ctx, excerpt: Any) -> tuple[str, str, str]:
    """A bill excerpt's name, source and what it proves: the original bill stays with the
    advocate, so the source names it by file, period and hash."""
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
    proves = ctx.t(
        "本案订单的付款、退款金额和时间", "amounts and times of the case's payments and refunds"
    )
    return name, source, proves


def _item_words(ctx: Ctx, row: dict[str, Any]) -> tuple[str, str, str]:
    """What an item is in the advocate's words, then the file: "淘宝订单详情截图（订单号 …），
    文件 order.png" — never a bracket inside a bracket."""
    desc = row["description"]  # in the reader's language already (evidence_list, #16)
    name = row["name"]
    if desc and desc != row["name"]:
        name = desc + ctx.t(f"，文件 {row['name']}", f", file {row['name']}")
    source = row["source"]
    if row["derived_from_no"]:
        source = ctx.t("；", "; ").join(x for x in (source, row["original"]) if x)
    return name, source, row["proves"]


NO_EVIDENCE = ("（尚未添加证据。）", "(No evidence added yet.)")


def list_headers(ctx: Speaker) -> list[str]:
    """The columns every 证据清单 has, a single case's and a group's."""
    t = ctx.t
    return [
        t("编号", "No."),
        t("证据名称", "Item"),
        t("来源", "Source"),
        t("证明对象", "What it proves"),
        "SHA-256",
    ]


def list_cells(ctx: Speaker, no: str, ex: Exhibit) -> list[str]:
    """One exhibit's cells under :func:`list_headers`, as HTML (user text redacted, escaped)."""
    return [
        esc(no),
        ctx.e(f"{ex.type_label}{ctx.t('：', ': ')}{ex.name}"),
        ctx.e(ex.source),
        ctx.e(ex.proves),
        f'<code class="cw-hash">{esc(ex.sha256)}</code>',
    ]


def evidence(ctx: Ctx) -> str:
    """The 证据清单 exactly as the evidence module numbers it (by type, then as added), so
    "证据3" in the advocate's facts is row 3 here and in the workbook."""
    shown = submitted(ctx)
    t = ctx.t
    if not shown:
        return note(t(*NO_EVIDENCE))
    headers = [*list_headers(ctx), t("缩略图", "Thumbnail")]
    rows = [
        [
            *list_cells(ctx, str(ex.no), ex),
            _thumbnail(ex.path, ex.mime, blur=ctx.profile == "public"),
        ]
        for ex in shown
    ]
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
    from ..excerpt import COLUMNS

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
    if not is_zh(ctx.lang):
        en = {"付款": "payment", "退款": "refund", "订单记录": "order record"}
        rows = [[en.get(v, v) for v in r] for r in rows]
    return table(headers, rows, cls="cw-excerpt")


def exhibits(ctx: Ctx) -> str:
    """The evidence itself (see :mod:`casework.report.exhibits`)."""
    from ..exhibits import meta_rows, ocr_block, render_image

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


def manifest_data(ctx: Ctx) -> dict[str, Any]:
    """What the appendix embeds for ``casework verify-submission``."""
    from ...evidence import chain_head, evidence_list, manifest_sha256

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
