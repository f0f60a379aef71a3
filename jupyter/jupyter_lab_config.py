# JupyterLab settings for the casework workbook. Use with
#   JUPYTER_CONFIG_PATH=jupyter jupyter lab --notebook-dir=notebooks
# (`make lab` and the browser test do). overrides.json under lab/settings turns the interface to
# Chinese (jupyterlab-language-pack-zh-CN), and stops the "official Jupyter news?" toast and the
# extension manager, so Lab makes no requests beyond 127.0.0.1.
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "lab" / "settings")
c.LabApp.extension_manager = "readonly"
# A FileUpload widget sends the whole file in one kernel message; tornado's default cap (10 MiB)
# would drop an unboxing video silently. Evidence files may be up to 200 MB (CASEWORK_MAX_EVIDENCE_MB).
c.ServerApp.tornado_settings = {"websocket_max_message_size": 256 * 1024 * 1024}
