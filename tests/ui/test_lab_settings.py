"""The JupyterLab settings the workbook ships (jupyter/): valid, Chinese, and quiet."""

from __future__ import annotations

import json
import runpy

from tests.conftest import REPO

SETTINGS = REPO / "jupyter" / "lab" / "settings"


def test_overrides_turn_lab_chinese_and_stop_the_news_toast() -> None:
    overrides = json.loads((SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert overrides["@jupyterlab/extensionmanager-extension:plugin"]["enabled"] is False
    # Widget state holds case data: Lab must not write it into the notebooks when they are saved.
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is False


def test_the_chinese_language_pack_is_installed() -> None:
    from jupyterlab_server.translation_utils import get_language_packs

    packs, _message = get_language_packs("en")
    assert "zh_CN" in packs, "pip install jupyterlab-language-pack-zh-CN"


def test_lab_config_points_at_the_settings() -> None:
    from traitlets.config import Config

    config = Config()
    runpy.run_path(
        str(REPO / "jupyter" / "jupyter_lab_config.py"), init_globals={"get_config": lambda: config}
    )
    assert config.LabApp.app_settings_dir == str(SETTINGS)
