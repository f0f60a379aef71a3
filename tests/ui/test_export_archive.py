"""The export panel hands a case over (#12): the archive button writes a ZIP that imports."""

from __future__ import annotations

from pathlib import Path

from casework.archive import import_archive
from casework.demo import build_demo
from casework.store import Store
from casework.ui import Session
from casework.ui.export import ExportModel, ExportView


def test_archive_button_writes_an_archive_another_register_imports(
    sqlite_store: Store, tmp_path: Path
) -> None:
    demo = build_demo(sqlite_store).id
    view = ExportView(ExportModel(sqlite_store, Session(case_id=demo)))
    view.archive_button.click()
    assert not view.notice.is_error, view.notice.value
    assert "移交归档" in view.notice.value
    [zipped] = list((sqlite_store.home / "exports" / demo).glob("*.zip"))
    assert zipped.name in view.result.value
    other = Store.open(tmp_path / "colleague")
    try:
        done = import_archive(other, zipped)
        assert list(done.cases) == [demo]
        case = other.get_case(done.cases[demo])
        assert case.title == sqlite_store.get_case(demo).title
        assert done.evidence > 0
    finally:
        other.close()
