"""End to end in a real browser: JupyterLab on 127.0.0.1 with Debian's Chromium driven by
Playwright. Open case.ipynb, run it, register a case through the intake form, find it in the
register, then move to the demo case and photograph the intake form, timeline and checklist.

Screenshots go to ``artifacts/ui/`` (git-ignored) or ``$CASEWORK_ARTIFACTS``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casework import settle as st
from casework.demo import build_demo
from casework.rules import deadlines_for
from casework.store import Store
from tests.conftest import REPO, SAMPLES
from tests.ui.lab import find_chromium, jupyter_lab

CHROMIUM = find_chromium()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium found (/usr/bin/chromium); "
        "`make test` as root installs Debian's chromium",
    ),
]

BILL = SAMPLES / "deg_alipay__2023-format__example-alipay-records.csv"
IDLE = re.compile(r"Python 3 \(ipykernel\) \| (空闲|Idle)")
TIMEOUT_MS = 90_000
CLI_TITLE = "命令行登记的案件：电饭煲内胆掉漆"


def artifacts() -> Path:
    path = Path(os.environ.get("CASEWORK_ARTIFACTS", REPO / "artifacts")) / "ui"
    path.mkdir(parents=True, exist_ok=True)
    return path


def processes_mentioning(text: str) -> list[int]:
    """Pids whose command line mentions ``text`` (our kernels name our runtime folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(int(proc.name))
    return found


def picker_label(home: Path, case_id: str) -> str:
    """The picker's option for ``case_id``, as the kernel builds it (select by value, not index)."""
    from casework.ui.common import Session
    from casework.ui.picker import PickerModel

    store = Store.open(home, None)
    try:
        return next(text for text, cid in PickerModel(store, Session()).choices() if cid == case_id)
    finally:
        store.close()


def settle_choice(home: Path, case_id: str) -> tuple[str, str, str]:
    """The settle form's options for the first overdue clock and the latest act, as the kernel
    labels them (select by value)."""
    from casework.ui.common import Session
    from casework.ui.timeline import TimelineModel

    store = Store.open(home, None)
    try:
        model = TimelineModel(store, Session(case_id=case_id))
        overdue = next(
            st.clock_key(d) for d in deadlines_for(store, case_id) if d.status == "overdue"
        )
        clock_label = next(text for text, key in model.clock_choices() if key == overdue)
        act_label = model.act_choices()[0][0]
        return clock_label, overdue, act_label
    finally:
        store.close()


def test_workbook_in_jupyterlab(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    home = tmp_path / "home"
    store = Store.open(home, None)
    demo = build_demo(store)
    store.close()
    root = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    scratch = tmp_path / "lab"
    scratch.mkdir()
    shots = artifacts()
    env = {"CASEWORK_HOME": str(home), "CASEWORK_DB_URL": ""}

    with jupyter_lab(root, scratch, env) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 3000})
            page.set_default_timeout(TIMEOUT_MS)
            external: list[str] = []
            page.on(
                "request",
                lambda r: (
                    external.append(r.url)
                    if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                    else None
                ),
            )
            page.goto(f"{url}/lab/tree/case.ipynb")
            # The indicator turns idle before the session is connected; the status-bar text
            # is what says the kernel can run cells (export-and-testing notes, section 8).
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).first.wait_for()
            # The Chinese language pack is loaded: the menu bar reads 文件 / 运行.
            page.locator(".lm-MenuBar-itemLabel", has_text="运行").first.wait_for()

            page.locator(".lm-MenuBar-item", has_text="运行").first.click()
            page.get_by_role("menuitem", name=re.compile("^运行所有单元格")).first.click()

            intake = page.locator(".casework-panel.cw-intake")
            intake.locator(".cw-save").wait_for()
            intake.locator(".cw-field-title input").fill("扫地机器人不工作，商家拒绝维修")
            intake.locator(".cw-field-category select").select_option(label="售后服务")
            intake.locator(".cw-field-platform input").fill("拼多多")
            intake.locator(".cw-field-shop_name input").fill("智洁家电专营店")
            intake.locator(".cw-field-complainant_name input").fill("赵敏")
            intake.locator(".cw-field-amount_paid input").fill("899.00")
            intake.locator(".cw-field-request textarea").fill("维修或退货退款")
            intake.screenshot(path=str(shots / "intake-new.png"))
            intake.locator(".cw-save").click()
            intake.locator(".cw-ok", has_text="已保存案件").wait_for()

            check = Store.open(home, None)
            try:
                saved = [
                    c for c in check.list_cases() if c.title == "扫地机器人不工作，商家拒绝维修"
                ]
                assert len(saved) == 1
                assert saved[0].platform == "拼多多" and str(saved[0].amount_paid) == "899.00"
                assert saved[0].category.value == "after_sales"
            finally:
                check.close()
            # The picker followed the new case; move everything to the demo case.
            picker = page.locator(".casework-panel.cw-picker select")
            # By value (the option's label): an index moves whenever a case is added.
            picker.select_option(value=picker_label(home, demo.id))
            intake.locator(".cw-field-title input").wait_for()
            page.wait_for_function(
                "t => document.querySelector('.cw-intake .cw-field-title input').value === t",
                arg=demo.title,
            )
            # Panels refresh one after another in the kernel; wait for the later ones.
            page.locator(
                ".casework-panel.cw-timeline td", has_text="市场监管部门决定是否受理投诉"
            ).wait_for()
            page.locator(".casework-panel.cw-routing").get_by_text(
                re.compile("建议升级")
            ).wait_for()
            intake.screenshot(path=str(shots / "intake-demo.png"))
            page.locator(".casework-panel.cw-timeline").screenshot(path=str(shots / "timeline.png"))
            page.locator(".casework-panel.cw-evidence").screenshot(
                path=str(shots / "checklist.png")
            )
            errors = page.locator(".cw-error").all_inner_texts()
            assert errors == [], errors

            # A bill through the browser's own file chooser, then the import.
            bills = page.locator(".casework-panel.cw-bills")
            with page.expect_file_chooser() as chooser:
                bills.locator(".widget-upload").click()
            chooser.value.set_files(str(BILL))
            # Wait on what only the result creates: the panel's heading already says 账单导入.
            bills.locator(".cw-detected", has_text="来源").wait_for()
            bills.locator("button", has_text="导入本案").click()
            # The import, then every panel's refresh, runs in the kernel: slow beside a second
            # test worker. Wait for its result either way, and say what a failure said.
            done = bills.locator(".cw-ok", has_text="已导入").or_(bills.locator(".cw-error"))
            done.first.wait_for(timeout=240_000)
            assert bills.locator(".cw-error").all_inner_texts() == []
            bills.locator(".cw-table td", has_text=BILL.name).wait_for()
            bills.screenshot(path=str(shots / "bills.png"))

            # And the export: the link to the submission appears, the file is under the home.
            export = page.locator(".casework-panel.cw-export")
            # The review sheet's warnings are the advocate's to accept before an export.
            accept = export.locator("label", has_text="我已核对").locator("input")
            if accept.count() and accept.is_visible():
                accept.check()
            export.locator("button", has_text="导出").click()
            # An export runs the notebook in a kernel of its own: slow on a shared machine.
            export.locator("a[download], .cw-error").first.wait_for(timeout=240_000)
            export.screenshot(path=str(shots / "export.png"))
            assert export.locator(".cw-error").all_inner_texts() == []
            export.screenshot(path=str(shots / "export.png"))
            (written,) = list((home / "exports").rglob("*.html"))
            # The link hands the advocate the very file that was written (and hashed).
            with page.expect_download() as download:
                export.locator("a[download]").click()
            assert download.value.suggested_filename == written.name
            assert Path(download.value.path()).read_bytes() == written.read_bytes()
            assert page.locator(".cw-error").all_inner_texts() == []

            # The previews below the export follow the open case (no re-run, no placeholder).
            page.locator(".cw-preview-cover", has_text=demo.title).wait_for()
            assert "请先选择或登记案件" not in page.locator(".cw-preview").first.inner_text()

            # A case made by the CLI appears in the picker by itself (no 刷新).
            made = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "casework.cli",
                    "case",
                    "new",
                    "--title",
                    CLI_TITLE,
                    "--category",
                    "quality",
                ],
                env=os.environ | env,
                capture_output=True,
                text=True,
                check=True,
            )
            assert made.stdout.strip()
            page.locator(".casework-panel.cw-picker option", has_text=CLI_TITLE).wait_for(
                state="attached"
            )

            # The portfolio notebook opens a case from its list, and the running workbook
            # follows (its picker watches the remembered case): no re-run of case.ipynb.
            cli_id = made.stdout.strip().split()[0]
            page.locator(".jp-DirListing-item", has_text="portfolio.ipynb").first.dblclick()
            page.locator(".lm-TabBar-tab.lm-mod-current", has_text="portfolio.ipynb").wait_for()
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).first.wait_for()
            page.locator(".lm-MenuBar-item", has_text="运行").first.click()
            page.get_by_role("menuitem", name=re.compile("^运行所有单元格")).first.click()
            folio = page.locator(".casework-panel.cw-portfolio-cases")
            folio.locator(".cw-open-case").wait_for()
            folio.locator("select").last.select_option(value=f"{cli_id} · {CLI_TITLE}")
            folio.locator(".cw-open-case").click()
            folio.locator(".cw-ok", has_text=f"已打开案件 {cli_id}").wait_for()
            folio.screenshot(path=str(shots / "portfolio-open.png"))
            page.locator(".lm-TabBar-tab", has_text="case.ipynb").first.click()
            page.wait_for_function(
                "t => document.querySelector('.cw-intake .cw-field-title input').value === t",
                arg=CLI_TITLE,
            )
            picker.select_option(value=picker_label(home, demo.id))
            page.wait_for_function(
                "t => document.querySelector('.cw-intake .cw-field-title input').value === t",
                arg=demo.title,
            )

            # The language switch turns every panel to English and back, without a re-run.
            page.locator(".cw-language button", has_text="English").click()
            intake.locator(".cw-save", has_text="Save").wait_for()
            for panel in ("bills", "timeline", "evidence", "comms", "routing"):
                page.locator(f".casework-panel.cw-{panel}").first.wait_for()
            page.locator(".casework-panel.cw-routing", has_text="Status").first.wait_for()
            page.screenshot(path=str(shots / "workbook-en.png"), full_page=True)
            page.locator(".cw-language button", has_text="中文").click()
            intake.locator(".cw-save", has_text="保存").wait_for()

            # The filing channel: 12315 with no respondent address lists it as missing.
            intake.locator(".cw-field-channel select").select_option(value="12315 / 市场监管部门")
            intake.locator(".cw-field-respondent_address input").fill("")
            intake.locator(".cw-required .cw-missing-field", has_text="被投诉人地址").wait_for()
            intake.screenshot(path=str(shots / "intake-12315.png"))

            # A clock marked met from the deadline table leaves the due list, audited.
            clock_label, clock, act_label = settle_choice(home, demo.id)
            settle_form = page.locator(".casework-panel.cw-timeline .cw-settle")
            settle_form.locator(".cw-settle-clock select").select_option(value=clock_label)
            settle_form.locator(".cw-settle-act select").select_option(value=act_label)
            settle_form.locator("input[type=text]").fill("联系时已提出，视为满足")
            settle_form.locator(".cw-settle-button").click()
            settle_form.locator(".cw-ok", has_text="已标记为已满足").wait_for()
            check = Store.open(home, None)
            try:
                assert check.audit_log(demo.id)[-1]["action"] == "clock_settle"
                settled = {st.clock_key(d): d.status for d in deadlines_for(check, demo.id)}
                assert settled[clock] == "met"
            finally:
                check.close()

            # A kernel restart with unsaved text: the dead panels say so; Run All reopens the
            # same case, and nothing is duplicated.
            cases_before = len(Store.open(home, None).list_cases())
            intake.locator(".cw-field-title input").fill("尚未保存的修改")
            page.locator(".lm-MenuBar-item", has_text="内核").first.click()
            page.get_by_role("menuitem", name=re.compile("^重启内核…")).first.click()
            page.locator(".jp-Dialog .jp-mod-accept").click()
            page.locator(".casework-panel.jupyter-widgets-disconnected").first.wait_for()
            page.locator(".casework-panel.cw-intake").first.screenshot(
                path=str(shots / "dead-panel.png")
            )
            page.locator(".jp-StatusBar-TextItem", has_text=IDLE).first.wait_for()
            page.locator(".lm-MenuBar-item", has_text="运行").first.click()
            page.get_by_role("menuitem", name=re.compile("^运行所有单元格")).first.click()
            page.wait_for_function(
                "t => { const i = document.querySelector('.cw-intake .cw-field-title input');"
                " return i !== null && i.value === t; }",
                arg=demo.title,
            )
            page.locator(".cw-preview-cover", has_text=demo.title).wait_for()
            after = Store.open(home, None)
            try:
                assert len(after.list_cases()) == cases_before
                assert after.get_case(demo.id).title == demo.title  # the unsaved text stayed so
            finally:
                after.close()
            assert external == [], f"the workbook made requests beyond 127.0.0.1: {external}"
        finally:
            browser.close()
    assert processes_mentioning(str(scratch)) == [], "a kernel outlived the JupyterLab server"
    assert (shots / "timeline.png").stat().st_size > 0
