"""Files shipped inside the package (随包数据): where each lives, for every layer to ask.

The lowest layer: it imports nothing of casework, so the demo data, the records templates and the
evidence drawings can all find their files without importing one another (#16).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_path(*parts: str) -> Path:
    """A file or folder shipped inside the ``casework`` package."""
    return Path(str(resources.files("casework").joinpath(*parts)))


def data_path(name: str) -> Path:
    """A file shipped with the demo (``casework/data/demo/NAME``)."""
    return package_path("data", "demo", name)
