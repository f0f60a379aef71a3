"""Regenerate the README tour pictures in docs/images/ from the fictional demo case.

    .venv/bin/python scripts/tour-images.py [OUT_DIR] [--pdf-only]

Builds the demo case in a throwaway register, opens notebooks/case.ipynb on it in a throwaway
JupyterLab (127.0.0.1, the repository's Lab settings) with Debian's Chromium driven by Playwright,
photographs four panels, and renders the demo's PDF submission with pdftoppm (the public copy's
cover and facts, an exhibit page of the authority copy; ``--pdf-only`` skips the browser). Each
picture is cropped, resized and reduced to a palette so it stays small (well under 250 KB).
Nothing of the advocate's own register is read or written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from casework.clock import fixed  # noqa: E402
from casework.demo import build_demo  # noqa: E402
from casework.report import export_case  # noqa: E402
from casework.store import Store  # noqa: E402
from tests.conftest import NOW  # noqa: E402
from tests.ui.lab import find_chromium, jupyter_lab  # noqa: E402

IDLE = re.compile(r"Python 3 \(ipykernel\) \| (空闲|Idle)")
WIDTH = 860  # pixels: readable on GitHub without zooming, small on disk
MAX_HEIGHT = 1100
#: (file name, panel CSS class, text that shows the panel has loaded the demo case)
PANELS = [
    ("1-intake.png", "cw-intake", "已保存"),
    ("2-money-trail.png", "cw-money", "4021557788990011223"),
    ("3-timeline-deadlines.png", "cw-timeline", "市场监管部门决定是否受理投诉"),
    ("4-evidence-checklist.png", "cw-evidence", "evidence_order.png"),
]


def shrink(src: Path, dest: Path, *, max_height: int = MAX_HEIGHT) -> int:
    """Crop to ``max_height``, scale to ``WIDTH``, keep 256 colours; return the size in bytes."""
    with Image.open(src) as shot:
        im: Image.Image = shot.convert("RGB")
    if im.width > WIDTH:
        im = im.resize((WIDTH, im.height * WIDTH // im.width), Image.Resampling.LANCZOS)
    if im.height > max_height:
        im = im.crop((0, 0, im.width, max_height))
    im.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(dest, optimize=True)
    return dest.stat().st_size


def set_case_id(notebook: Path, case_id: str) -> None:
    """Point the copied workbook's parameters cell at the demo case (as papermill would)."""
    nb = json.loads(notebook.read_text("utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = (
                f'case_id = "{case_id}"\nreport_mode = False\nprofile = "public"\nlang = "zh"\n'
            )
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1), "utf-8")


def panels(root: Path, scratch: Path, env: dict[str, str], out: Path, raw: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found (/usr/bin/chromium): apt-get install chromium")
    with jupyter_lab(root, scratch, env) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 3000})
            page.set_default_timeout(90_000)
            page.goto(f"{url}/lab/tree/case.ipynb")
            page.get_by_text(IDLE).first.wait_for()
            page.locator(".lm-MenuBar-item", has_text="运行").first.click()
            page.get_by_role("menuitem", name=re.compile("^运行所有单元格")).first.click()
            # The intake form is photographed right after a save, as an advocate sees it.
            intake = page.locator(".cw-intake")
            intake.locator(".cw-save").wait_for()
            intake.locator(".cw-save").click()
            for name, css, marker in PANELS:
                panel = page.locator(f".casework-panel.{css}")
                panel.get_by_text(marker).first.wait_for()
                panel.scroll_into_view_if_needed()
                panel.screenshot(path=str(raw / name))
                print(f"{out / name}: {shrink(raw / name, out / name) // 1024} KB")
        finally:
            browser.close()


def pdf_page(pdf: Path, page: int, raw: Path, dest: Path) -> None:
    stem = raw / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    print(f"{dest}: {shrink(stem.with_suffix('.png'), dest, max_height=1400) // 1024} KB")


def exhibit_page(pdf: Path, marker: str) -> int:
    """The page of the exhibits whose text holds ``marker`` (e.g. 证据3)."""
    pages = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    start = next(n for n, text in enumerate(pages, 1) if "附件：证据" in text)
    return next(n for n, t in enumerate(pages, 1) if n >= start and marker in t)


def pdf_pages(store: Store, case_id: str, out: Path, raw: Path) -> None:
    """The submission as the reader gets it: the public copy's cover and facts, and an exhibit
    page of the authority copy (the chat the facts cite, 证据3). The demo's review warnings are
    accepted, as ``casework demo`` does."""
    public = export_case(store, case_id, to="pdf", out=raw / "demo.pdf", accept_warnings=True)
    pdf_page(public.path, 1, raw, out / "5-submission-pdf-page-1.png")
    pdf_page(public.path, 2, raw, out / "6-submission-facts.png")
    authority = export_case(
        store,
        case_id,
        to="pdf",
        profile="authority",
        out=raw / "demo-authority.pdf",
        accept_warnings=True,
    )
    page = exhibit_page(authority.path, "证据3")
    pdf_page(authority.path, page, raw, out / "7-submission-exhibit.png")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else REPO / "docs" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casework-tour-") as tmp:
        work = Path(tmp)
        home, root, scratch, raw = (work / n for n in ("home", "notebooks", "lab", "raw"))
        scratch.mkdir()
        raw.mkdir()
        # The submission is dated 2026-11-29, the day the demo's story ends (the panels use the
        # machine's clock for "today", as the workbook does).
        store = Store.open(home, None, clock=fixed(NOW))
        case = build_demo(store)
        shutil.copytree(REPO / "notebooks", root)
        set_case_id(root / "case.ipynb", case.id)
        env = {
            "CASEWORK_HOME": str(home),
            "CASEWORK_DB_URL": "",
            "CASEWORK_NOW": NOW.isoformat(),
        }
        if "--pdf-only" not in sys.argv:
            panels(root, scratch, env, out, raw)
        pdf_pages(store, case.id, out, raw)
        store.close()


if __name__ == "__main__":
    main()
