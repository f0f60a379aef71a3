"""Report sections rendered straight from the register (no notebook): content, escaping, privacy."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import nbformat
import pytest

from casework.demo import build_demo
from casework.errors import InvalidInput, NotFound
from casework.report import SECTIONS, render_report, render_section
from casework.report.exporters import CaseworkHTMLExporter, ExportError, clean_report
from casework.report.markup import ERROR_ATTR, MANIFEST_ID
from casework.store import Store

from .helpers import ID_RE, MOBILE_RE, PAYLOADS, assert_inert, external, hostile_case, parse


def test_every_section_renders_in_order_with_its_heading(store: Store) -> None:
    case = build_demo(store)
    html = render_report(store, case.id)
    page = parse(html)
    ids = [a["id"] for t, a in page.tags if t == "section"]
    assert ids == [f"cw-{n}" for n in SECTIONS]
    text = page.body_text
    for heading in (
        "投诉材料",
        "一、投诉请求（诉求）",
        "二、事实与理由",
        "五、证据清单",
        "六、沟通记录",
        "附录：证据校验",
    ):
        assert heading in text
    assert case.order_numbers[0] in text  # order numbers are evidence: kept in public
    assert "TB-KF-20261009-0042" in text


def test_public_profile_leaks_no_phone_or_id_number(store: Store) -> None:
    case = build_demo(store)
    store.update_case(
        case.id,
        {"facts": case.facts + " 投诉人身份证 11010519491231002X，备用电话 139 1234 5678。"},
    )
    text = parse(render_report(store, case.id, profile="public")).body_text
    assert not MOBILE_RE.search(text), MOBILE_RE.search(text)
    assert not ID_RE.search(text)
    assert case.complainant_name not in text and "李*" in text
    assert "漕溪北路" not in text and "上海市徐汇区****" in text
    authority = parse(render_report(store, case.id, profile="authority")).body_text
    assert case.complainant_phone in authority and case.complainant_name in authority
    assert case.complainant_address in authority


def test_script_injection_stays_text(store: Store) -> None:
    case_id = hostile_case(store)
    page = parse(render_report(store, case_id))
    assert_inert(page)
    assert PAYLOADS["title"] in page.body_text


def test_english_headings(store: Store) -> None:
    case = build_demo(store)
    html = render_section(store, "request", case.id, lang="en")
    assert "1. Request" in html and 'lang="en"' in html
    cover = parse(render_section(store, "cover", case.id, lang="en")).body_text
    # Our own joiners and labels are English; only the advocate's text stays Chinese.
    assert f"{case.respondent_name}, shop: {case.shop_name}, credit code:" in cover


def test_bad_names_are_refused(store: Store) -> None:
    case = build_demo(store)
    with pytest.raises(InvalidInput):
        render_section(store, "summary", case.id)
    with pytest.raises(InvalidInput):
        render_section(store, "cover", case.id, profile="everyone")
    with pytest.raises(NotFound):
        render_section(store, "cover", "2026-9999")


def test_appendix_embeds_the_manifest(store: Store) -> None:
    from casework.evidence import manifest_sha256

    case = build_demo(store)
    html = render_section(store, "appendix", case.id)
    start = html.index(f'id="{MANIFEST_ID}">') + len(MANIFEST_ID) + 6
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["case_id"] == case.id
    assert data["manifest_sha256"] == manifest_sha256(store, case.id)


def _notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for html in cells:
        cell = nbformat.v4.new_code_cell("casework.report.section(...)")
        cell.metadata["tags"] = ["report"]
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
        nb.cells.append(cell)
    ui = nbformat.v4.new_code_cell("casework.ui.intake(case_id)")
    ui.metadata["tags"] = ["ui"]
    ui.outputs = [nbformat.v4.new_output("stream", name="stdout", text="widget 13800138000")]
    nb.cells.append(ui)
    return nb


def test_exporter_keeps_only_report_cells_and_hides_code(sqlite_store: Store) -> None:
    case = build_demo(sqlite_store)
    nb = _notebook([render_section(sqlite_store, n, case.id) for n in SECTIONS])
    html, _ = CaseworkHTMLExporter().from_notebook_node(nb)
    page = parse(html)
    assert "widget 13800138000" not in page.body_text
    assert "casework.report.section" not in page.body_text
    assert [a.get("lang") for t, a in page.tags if t == "html"] == ["zh-CN"]
    assert external(page.urls()) == []


def test_a_failed_section_never_reaches_a_submission() -> None:
    nb = _notebook([f'<div class="cw-error" {ERROR_ATTR}="cover">没有编号为 X 的案件</div>'])
    with pytest.raises(ExportError, match="没有编号为 X 的案件"):
        clean_report(nb)
    nb = _notebook(["<p>ok</p>"])
    nb.cells[0].outputs.append(
        nbformat.v4.new_output("error", ename="KeyError", evalue="'x'", traceback=["Traceback…"])
    )
    with pytest.raises(ExportError, match="KeyError"):
        clean_report(nb)


def test_english_submission_declares_its_language(sqlite_store: Store) -> None:
    case = build_demo(sqlite_store)
    nb = _notebook([render_section(sqlite_store, n, case.id, lang="en") for n in SECTIONS])
    nb.metadata["casework"] = {"lang": "en", "title": "Earbuds"}
    html, _ = CaseworkHTMLExporter().from_notebook_node(nb)
    page = parse(html)
    assert [a.get("lang") for t, a in page.tags if t == "html"] == ["en"]
    assert "5. Evidence list" in page.body_text and "Earbuds" in page.body_text


def test_section_reads_the_register_named_by_the_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework.report import section

    store = Store.open(home)
    case = build_demo(store)
    monkeypatch.setenv("CASEWORK_HOME", str(home))
    monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-29T10:00:00+08:00")
    shown = section("request", case.id, profile="public", lang="zh").data
    assert "一、投诉请求（诉求）" in shown
    missing = section("cover", "2026-9999").data
    assert ERROR_ATTR in missing and "2026-9999" in missing
    assert "请先选择" in section("cover", "").data


def test_public_thumbnails_are_blurred(sqlite_store: Store) -> None:
    from PIL import Image, ImageFilter

    case = build_demo(sqlite_store)

    def thumbs(profile: str) -> list[Image.Image]:
        page = parse(render_section(sqlite_store, "evidence", case.id, profile=profile))
        srcs = [a["src"] for t, a in page.tags if t == "img"]
        return [Image.open(io.BytesIO(base64.b64decode(s.split(",", 1)[1]))) for s in srcs]

    sharp, blurred = thumbs("authority"), thumbs("public")
    assert sharp and len(sharp) == len(blurred)

    def edges(im: Image.Image) -> float:
        hist = im.convert("L").filter(ImageFilter.FIND_EDGES).histogram()
        return sum(i * n for i, n in enumerate(hist)) / sum(hist)

    # Text in a screenshot is edges; blurring removes most of them.
    assert all(edges(b) < edges(s) / 2 for s, b in zip(sharp, blurred, strict=True))


def test_a_second_export_in_the_same_second_never_overwrites_a_filing(sqlite_store: Store) -> None:
    from casework.report.export import default_path

    first = default_path(sqlite_store, "2026-0001", "html", "public", "zh")
    first.parent.mkdir(parents=True)
    first.write_text("filed")
    second = default_path(sqlite_store, "2026-0001", "html", "public", "zh")
    assert second != first and second.name.endswith("-2.html")


def test_the_report_must_list_the_evidence_set_that_was_verified(sqlite_store: Store) -> None:
    from casework.evidence import manifest_sha256
    from casework.report.export import check_embedded_manifest

    case = build_demo(sqlite_store)
    nb = _notebook([render_section(sqlite_store, "appendix", case.id)])
    check_embedded_manifest(nb, manifest_sha256(sqlite_store, case.id), case.id)
    with pytest.raises(ExportError, match="证据有变动"):
        check_embedded_manifest(nb, "0" * 64, case.id)
    with pytest.raises(ExportError):
        check_embedded_manifest(_notebook(["<p>no appendix</p>"]), "0" * 64, case.id)


def test_evidence_list_numbers_are_the_evidence_modules(sqlite_store: Store) -> None:
    """The advocate cites "证据3" from the workbook's list: the report's row 3 is that item,
    and the manifest numbers it the same."""
    from casework.evidence import evidence_list

    case = build_demo(sqlite_store)
    every = evidence_list(sqlite_store, case.id, "zh")
    # The demo adds its items out of type order, so numbering by id would differ.
    assert [r["no"] for r in every] != [r["evidence_id"] for r in every]
    # The whole bill stays with the advocate, numbered after everything the submission lists,
    # so the submission's numbers are the workbook's and run without a gap.
    listed = [r for r in every if r["submitted"]]
    assert [r["no"] for r in listed] == list(range(1, len(listed) + 1))
    assert [r["type"] for r in every if not r["submitted"]] == ["transaction_record"]
    page = parse(render_section(sqlite_store, "evidence", case.id))
    table_rows = [chunk.strip() for chunk in page.text if chunk.strip() and chunk.strip().isdigit()]
    assert table_rows[: len(listed)] == [str(r["no"]) for r in listed]
    text = page.body_text
    for row in listed:
        assert row["sha256"] in text
    # Row n names item n: its hash follows its number in the text.
    positions = [text.index(r["sha256"]) for r in listed]
    assert positions == sorted(positions)
    html = render_section(sqlite_store, "appendix", case.id)
    start = html.index(f'id="{MANIFEST_ID}">') + len(MANIFEST_ID) + 6
    manifest = json.loads(html[start : html.index("</script>", start)])
    assert [(e["no"], e["sha256"]) for e in manifest["evidence"]] == [
        (r["no"], r["sha256"]) for r in listed
    ]


#: What each empty section says, in the order of the report.
EMPTY_NOTES = {
    "zh": (
        "尚未填写诉求",
        "尚未记录事实经过",
        "尚无事件",
        "尚未导入账单",
        "尚未添加证据",
        "尚无沟通记录",
        "没有适用的期限",
        "证据数量0",
    ),
    "en": (
        "No request recorded",
        "No facts recorded",
        "No events logged",
        "No bills",
        "No evidence added yet",
        "No communications logged yet",
        "No deadlines apply",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_minimal_case_says_plainly_what_is_empty(sqlite_store: Store, lang: str) -> None:
    case = sqlite_store.create_case(title="只有标题的案件", category="quality")
    page = parse(render_report(sqlite_store, case.id, lang=lang))
    text = page.body_text
    assert ERROR_ATTR not in render_report(sqlite_store, case.id, lang=lang)
    expected = EMPTY_NOTES[lang]
    for phrase in expected:
        assert phrase in text, phrase
    ids = [a["id"] for t, a in page.tags if t == "section"]
    assert ids == [f"cw-{n}" for n in SECTIONS]


def test_citations_read_for_a_reader() -> None:
    """The law, article and date of the text; our reliability tier never shows, an unverified
    source says so once, a source without an article has no 第—条."""
    from casework.rules.basis import citation_label
    from casework.rules.citations import Citation

    def cite(article: str, text_date: str, unverified: bool) -> Citation:
        return Citation(
            law="civil_code",
            law_zh="民法典",
            law_en="Civil Code",
            article=article,
            paragraph="",
            tier="P",
            text_date=text_date,
            rank="law",
            rank_zh="法律",
            rank_order=1,
            unverified=unverified,
        )

    assert (
        citation_label(cite("188", "2020-05-28", False), "zh")
        == "《民法典》第188条（2020-05-28 文本）"
    )
    assert citation_label(cite("188", "2020-05-28", False), "en") == (
        "Civil Code, Art. 188 (text of 2020-05-28)"
    )
    # Our doubt about a text is the advocate's (the review sheet), never the reader's.
    assert citation_label(cite("—", "未核实 / not verified", True), "zh") == "《民法典》"
    assert (
        citation_label(cite("9", "1995-08-25", True), "zh") == "《民法典》第9条（1995-08-25 文本）"
    )
    assert "verified" not in citation_label(cite("—", "x", True), "en")


def test_cover_claims_the_authorization_letter_only_when_it_is_evidence(store: Store) -> None:
    """The intake form's ticked box is the advocate's word that a letter was signed; "attached"
    is said only of a letter in the evidence set, by its number."""
    from casework.evidence import add_evidence, evidence_list

    case = build_demo(store)  # agent named, box ticked, no letter among the evidence
    zh = parse(render_section(store, "cover", case.id)).body_text
    en = parse(render_section(store, "cover", case.id, lang="en")).body_text
    assert "已签署，未附扫描件" in zh and "已附" not in zh
    assert "signed, scan not attached" in en and "attached (" not in en

    store.update_case(case.id, {"authorization_on_file": False})
    zh = parse(render_section(store, "cover", case.id)).body_text
    assert "授权委托书" not in zh  # nothing is claimed

    add_evidence(store, case.id, b"%PDF-1.4 letter", type="authorization_letter", name="授权.pdf")
    no = next(r["no"] for r in evidence_list(store, case.id) if r["type"] == "authorization_letter")
    zh = parse(render_section(store, "cover", case.id)).body_text
    en = parse(render_section(store, "cover", case.id, lang="en")).body_text
    assert f"已附（证据{no}）" in zh
    assert f"attached (evidence no. {no})" in en
