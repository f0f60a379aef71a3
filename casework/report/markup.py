"""Small HTML builders for the report sections. Every piece of user text goes through :func:`esc`
(after redaction), so a case titled ``<script>alert(1)</script>`` prints as text."""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

MANIFEST_ID = "casework-manifest"
#: The marker the exporter looks for: a section that failed must never reach a submission.
ERROR_ATTR = "data-casework-error"


def esc(value: object) -> str:
    """Text → HTML text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def paragraphs(text: str) -> str:
    """Plain text with line breaks → ``<p>`` per paragraph (escaped)."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    return "".join(f"<p>{esc(p)}</p>" for p in parts)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    cls: str = "",
    raw_columns: Iterable[int] = (),
    foot: Sequence[Any] | None = None,
) -> str:
    """A table whose cells are escaped, except the columns in ``raw_columns`` (already HTML)."""
    raw = set(raw_columns)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)

    def cells(row: Sequence[Any], tag: str = "td") -> str:
        return "".join(f"<{tag}>{v if i in raw else esc(v)}</{tag}>" for i, v in enumerate(row))

    body = "".join(f"<tr>{cells(r)}</tr>" for r in rows)
    tfoot = f"<tfoot><tr>{cells(foot)}</tr></tfoot>" if foot else ""
    return (
        f'<table class="cw-table {cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody>{tfoot}</table>"
    )


def fields(pairs: Iterable[tuple[str, str]]) -> str:
    """A two-column label / value list (values escaped; empty ones left out)."""
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs if v)
    return f'<table class="cw-fields">{rows}</table>'


def note(text: str, *, cls: str = "cw-note") -> str:
    return f'<p class="{cls}">{esc(text)}</p>'


def json_script(element_id: str, value: Any) -> str:
    """Data for machines inside the page (never executed: type application/json). ``<``, ``>``
    and ``&`` are escaped so no user text can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def figure_png(fig: Any, *, dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()
