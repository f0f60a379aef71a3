"""Never lose your place (#15): the open case is remembered per user in the casework home, the
picker lists titles, status and last activity, searches, and sees a case another writer made; the
previews follow the open case; the language switch rebuilds every panel in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework.demo import build_demo
from casework.store import Store
from casework.ui import Session
from casework.ui.common import SESSION, dead_panel_style
from casework.ui.picker import PickerModel, PickerView
from casework.ui.resume import recall, remember, remembered_file


@pytest.fixture
def workbook_env(home: Path, monkeypatch: pytest.MonkeyPatch):
    """The notebook's own path: the environment names the home, the kernel session is used."""
    monkeypatch.setenv("CASEWORK_HOME", str(home))
    monkeypatch.delenv("CASEWORK_DB_URL", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "zhao")
    SESSION.case_id = ""
    SESSION.lang = "zh"
    yield home
    SESSION.case_id = ""
    SESSION.lang = "zh"


def test_a_restarted_kernel_reopens_the_case_the_user_had_open(
    workbook_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import casework.ui
    from casework.ui import common

    store = casework.ui.default_store()
    demo = build_demo(store)
    picker = casework.ui.picker("")
    assert SESSION.case_id == ""  # nothing remembered yet: the new-case form
    picker.view.dropdown.value = demo.id
    assert remembered_file(store).name == "zhao.json"
    assert recall(store) == demo.id
    # The kernel restarts: a new session, and the notebook's case_id is "" again.
    fresh = Session()
    monkeypatch.setattr(common, "SESSION", fresh)
    monkeypatch.setattr(casework.ui, "SESSION", fresh)
    casework.ui.picker("")
    intake = casework.ui.intake("")
    assert fresh.case_id == demo.id
    assert intake.view.inputs["title"].value == demo.title
    assert len(store.list_cases()) == 1  # nothing duplicated


def test_a_remembered_case_that_is_gone_or_damaged_opens_nothing(store: Store) -> None:
    remember(store, "2099-0001")
    assert recall(store) == ""
    remembered_file(store).write_text("{not json", encoding="utf-8")
    assert recall(store) == ""
    demo = build_demo(store)
    remember(store, demo.id)
    assert recall(store) == demo.id


def test_the_picker_shows_titles_status_activity_and_searches(store: Store) -> None:
    demo = build_demo(store)
    other = store.create_case(title="扫地机器人不工作", category="after_sales", platform="拼多多")
    view = PickerView(PickerModel(store, Session()), poll=False)
    labels = [text for text, _id in view.dropdown.options]
    assert any(demo.id in t and "等待答复" in t and demo.title in t for t in labels)
    assert any(f"{other.updated_at:%Y-%m-%d %H:%M}" in t for t in labels)
    view.search.value = "拼多多"
    assert [cid for _t, cid in view.dropdown.options] == ["", other.id]
    view.search.value = "no such thing"
    assert [cid for _t, cid in view.dropdown.options] == [""]


def test_a_case_made_elsewhere_appears_without_reload(store: Store, home: Path) -> None:
    build_demo(store)
    view = PickerView(PickerModel(store, Session()), poll=False)
    assert view.check_register() is False
    elsewhere = Store.open(home, store.url if not store.is_sqlite else None)
    try:
        made = elsewhere.create_case(title="另一位同事登记的案件", category="quality")
    finally:
        elsewhere.close()
    assert view.check_register() is True
    assert made.id in [cid for _t, cid in view.dropdown.options]


def test_a_change_to_the_open_case_elsewhere_is_announced(store: Store) -> None:
    demo = build_demo(store)
    session = Session(case_id=demo.id)
    view = PickerView(PickerModel(store, session), poll=False)
    store.update_case(demo.id, {"platform": "京东"})
    assert view.check_register() is True
    assert "已在别处更改" in view.notice.value and "刷新" in view.notice.value


def test_previews_follow_the_open_case_and_the_language(workbook_env: Path) -> None:
    import casework.ui

    store = casework.ui.default_store()
    demo = build_demo(store)
    cover = casework.ui.preview("cover", "")
    assert "请先选择" not in cover.value and demo.title not in cover.value
    SESSION.case_id = demo.id
    assert demo.title in cover.value and 'lang="zh-CN"' in cover.value
    SESSION.lang = "en"
    assert 'lang="en"' in cover.value
    # Report mode is the report package's own static section, no widget.
    static = casework.ui.preview("cover", demo.id, report_mode=True)
    assert demo.title in static._repr_html_()


def test_the_language_switch_rebuilds_every_panel_in_place(workbook_env: Path) -> None:
    import casework.ui

    store = casework.ui.default_store()
    demo = build_demo(store)
    panels = [
        casework.ui.picker(demo.id),
        casework.ui.intake(),
        casework.ui.timeline(),
        casework.ui.evidence(),
        casework.ui.communications(),
        casework.ui.routing(),
    ]
    panels[0].view.language.value = "en"
    assert SESSION.lang == "en"
    assert panels[1].view.save_button.description == "Save"
    assert all(p.view.lang == "en" for p in panels)
    panels[0].view.language.value = "zh"
    assert panels[1].view.save_button.description == "保存"
    assert panels[1].view.inputs["title"].value == demo.title


def test_a_dead_panel_says_so_in_its_language() -> None:
    assert "jupyter-widgets-disconnected" in dead_panel_style("zh")
    assert "内核已重启" in dead_panel_style("zh")
    assert "The kernel is gone" in dead_panel_style("en")


def test_the_language_switch_keeps_what_was_typed_and_not_saved(workbook_env: Path) -> None:
    import casework.ui

    store = casework.ui.default_store()
    demo = build_demo(store)
    picker = casework.ui.picker(demo.id)
    intake = casework.ui.intake()
    intake.view.inputs["facts"].value = "尚未保存的事实经过"
    intake.view.inputs["channel"].value = "12315"
    picker.view.language.value = "en"
    assert intake.view.save_button.description == "Save"
    assert intake.view.inputs["facts"].value == "尚未保存的事实经过"
    assert intake.view.inputs["channel"].value == "12315"
    picker.view.language.value = "zh"
    assert intake.view.inputs["facts"].value == "尚未保存的事实经过"
    # Nothing was saved by the switch: the register still holds the demo's facts.
    assert store.get_case(demo.id).facts == demo.facts
