"""The document's PDF (文书 PDF): laid out from its plain text — the same text the advocate
edited — with the project's bundled CJK font, like the authorization letter."""

from __future__ import annotations

import re

from ..report.exporters import FONT, html_to_pdf
from ..report.markup import esc

_CSS = """
@font-face { font-family: "CaseworkCJK"; src: url("%s"); }
@page { size: A4; margin: 25mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #666; } }
body { font-family: "CaseworkCJK", sans-serif; font-size: 12pt; line-height: 1.9; color: #111; }
h1 { text-align: center; font-size: 19pt; letter-spacing: 0.3em; margin: 0 0 8mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 1mm; }
p { margin: 0 0 2mm; text-indent: 2em; }
p.flat { text-indent: 0; }
p.list { text-indent: 0; padding-left: 2em; font-size: 11pt; }
p.sign { text-indent: 0; text-align: right; margin-top: 3mm; }
.note { margin-top: 8mm; border-top: 1px solid #999; padding-top: 3mm; font-size: 10.5pt; }
"""

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|附件|说明$|其他反映渠道$)")
_FLAT = re.compile(r"^(?:(?:申请人|投诉人|被投诉人|被申请人|委托代理人|上级主管部门)：|12345)")
_LIST = re.compile(r"^\d+\. ")
_SIGN = re.compile(r"（签名）：|^\d{4}年\d{1,2}月\d{1,2}日$")


def text_html(text: str, title: str = "") -> str:
    """The text as a self-contained HTML page: the first line is the title, numbered headings
    (一、…), the salutation and party lines flat, the evidence list indented, signatures right."""
    lines = [line for line in text.strip().splitlines()]
    head = lines[0].strip() if lines else title
    body: list[str] = []
    note = False
    prev = ""
    for i, line in enumerate(lines[1:]):
        s = line.strip()
        if not s:
            continue
        after_salute, prev = prev == "此致", s
        if s in ("说明", "其他反映渠道") and not note:
            body.append("<div class='note'>")
            note = True
        if _HEADING.match(s):
            body.append(f"<h2>{esc(s)}</h2>")
        elif _SIGN.search(s):
            body.append(f"<p class='sign'>{esc(s)}</p>")
        elif _LIST.match(s):
            body.append(f"<p class='list'>{esc(s)}</p>")
        elif s == "此致":
            body.append(f"<p>{esc(s)}</p>")
        elif s.endswith("：") or _FLAT.match(s) or i == 0 or after_salute:
            body.append(f"<p class='flat'>{esc(s)}</p>")
        else:
            body.append(f"<p>{esc(s)}</p>")
    if note:
        body.append("</div>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{esc(head)}</title><style>{_CSS % FONT.as_uri()}</style></head><body>"
        f"<h1>{esc(head)}</h1>{''.join(body)}</body></html>"
    )


def text_pdf(text: str) -> bytes:
    return html_to_pdf(text_html(text))


__all__ = ["text_html", "text_pdf"]
