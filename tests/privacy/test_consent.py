"""The consent ledger (#17 item 2): an export to a recipient without consent is blocked with one
clear line; with consent it passes and records the recipient; withdrawal blocks again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.access import access_log
from casework.cli import cli
from casework.consent import (
    default_recipient,
    give,
    ledger,
    missing_consent,
    notice,
    record_intake,
    withdraw,
)
from casework.errors import InvalidInput, NotFound
from casework.report import export_case
from casework.report.exporters import ExportError
from casework.report.review import review
from casework.store import Store
from casework.store.filings import list_filings

from .helpers import personal_case


def test_missing_consent_names_each_gap_and_empties_when_covered(store: Store) -> None:
    case_id = personal_case(store)
    assert [m.scope for m in missing_consent(store, case_id, "court")] == [
        "notice",
        "processing",
        "recipient",
    ]  # no bill: nothing sensitive is held, so no separate consent is asked for
    record_intake(store, case_id, recipients=["court"], how="electronic")
    assert missing_consent(store, case_id, "court") == []
    gaps = missing_consent(store, case_id, "merchant")
    assert [(m.scope, m.recipient) for m in gaps] == [("recipient", "merchant")]
    assert "商家" in gaps[0].zh and "merchant" in gaps[0].en
    withdraw(store, case_id, "processing")
    [gap] = missing_consent(store, case_id, "court")
    assert gap.scope == "processing" and "撤回" in gap.zh and "withdrew" in gap.en


def test_the_notice_version_and_hash_are_stored(store: Store) -> None:
    case_id = personal_case(store)
    give(store, case_id, "notice", on="2026-11-01")
    book = ledger(store, case_id)
    assert book.summary()["notice"] == "shown"
    assert book.entries[0].notice_version == notice().version and book.entries[0].on == "2026-11-01"
    assert "个人信息" in notice().zh and "withdraw" in notice().en


def test_paper_consent_needs_an_evidence_item_of_the_case(store: Store) -> None:
    case_id = personal_case(store)
    other = personal_case(store)
    from casework.evidence import add_evidence

    paper = add_evidence(store, other, b"%PDF-1.4 signed", type="other", name="同意书.pdf")
    with pytest.raises(InvalidInput):
        give(store, case_id, "processing", how="paper")
    with pytest.raises(NotFound):
        give(store, case_id, "processing", how="paper", evidence_id=paper.id)
    entry = give(store, other, "processing", how="paper", evidence_id=paper.id)
    assert entry.evidence_id == paper.id and entry.how == "paper"
    with pytest.raises(InvalidInput):
        give(store, case_id, "recipient", recipient="neighbour")
    with pytest.raises(InvalidInput):
        withdraw(store, case_id, "notice")


def test_an_imported_bill_asks_for_the_sensitive_consent(store: Store) -> None:
    from ..report.helpers import jd_case

    case_id = jd_case(store)  # it records every consent
    assert missing_consent(store, case_id, "regulator") == []
    withdraw(store, case_id, "sensitive")
    assert [m.scope for m in missing_consent(store, case_id, "regulator")] == ["sensitive"]


def test_the_review_sheet_blocks_a_recipient_not_covered(store: Store) -> None:
    case_id = personal_case(store, channel="12315")
    assert default_recipient("12315") == "regulator"
    record_intake(store, case_id, recipients=["regulator"])
    assert not [i for i in review(store, case_id).blocking if i.code.startswith("consent")]
    [item] = [i for i in review(store, case_id, recipient="court").blocking]
    assert (
        item.code == "consent.missing" and "人民法院" in item.zh and item.where == "recipient=court"
    )
    other = personal_case(store, channel="other")
    [item] = [i for i in review(store, other).blocking if i.code.startswith("consent")]
    assert item.code == "consent.recipient" and "--recipient" in item.zh


def test_cli_consent_give_show_withdraw_and_one_line_errors(store: Store, home: Path) -> None:
    if not store.is_sqlite:
        pytest.skip("the CLI opens the home's SQLite register")
    case_id = personal_case(store)
    run = CliRunner().invoke

    def cw(*args: str) -> object:
        return run(cli, ["--home", str(home), *args])

    r = cw("consent", "give", case_id, "all", "--recipient", "court", "--recipient", "lawyer")
    assert r.exit_code == 0, r.output
    assert "人民法院 (court): 已同意" in r.output and "律师 (lawyer): 已同意" in r.output
    r = cw("consent", "withdraw", case_id, "recipient", "--recipient", "lawyer", "--json")
    assert r.exit_code == 0 and '"lawyer": "withdrawn"' in r.output
    r = cw("consent", "give", case_id, "recipient")
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1
    assert "错误 error:" in r.output and "--recipient" in r.output
    r = cw("consent", "give", case_id, "processing", "--how", "paper")
    assert r.exit_code == 2 and "--evidence" in r.output
    r = cw("consent", "show", case_id, "--notice")
    assert r.exit_code == 0 and notice().version in r.output
    r = cw("export", case_id, "--check", "--recipient", "lawyer")
    assert r.exit_code == 1 and "撤回" in r.output


@pytest.mark.slow
def test_export_blocked_then_passes_with_its_recipient_then_blocked_again(store: Store) -> None:
    case_id = personal_case(store)
    with pytest.raises(ExportError) as err:
        export_case(store, case_id, to="html", accept_warnings=True)
    text = err.value.message()
    assert "\n" not in text and "不能导出" in text and "人民法院" in text and "not exported" in text
    assert list_filings(store, case_id) == []
    record_intake(store, case_id, recipients=["court", "lawyer"])
    result = export_case(store, case_id, to="html", accept_warnings=True)
    assert result.recipient == "court"  # the channel's recipient by default
    result = export_case(store, case_id, to="html", accept_warnings=True, recipient="lawyer")
    filings = list_filings(store, case_id)
    assert [f.data["recipient"] for f in filings] == ["court", "lawyer"]
    exports = [r for r in access_log(store, case_id) if r["action"] == "access.export"]
    assert [r["detail"]["recipient"] for r in exports] == ["court", "lawyer"]
    assert all(r["actor"] == store.actor for r in exports)
    withdraw(store, case_id, "recipient", recipient="court")
    with pytest.raises(ExportError) as err:
        export_case(store, case_id, to="html", accept_warnings=True)
    assert "撤回" in err.value.message() and len(list_filings(store, case_id)) == 2
    with pytest.raises(InvalidInput):
        export_case(store, case_id, to="html", accept_warnings=True, recipient="neighbour")
