"""Where casework keeps things: the casework home (案件工作目录) and the register's URL.

* ``CASEWORK_HOME`` (or ``--home``): a folder holding ``register.sqlite3``, ``evidence/`` and
  ``exports/``. Default: ``~/.casework``.
* ``CASEWORK_DB_URL`` (or ``--db``): a SQLAlchemy URL, e.g. ``postgresql://user@host/casework``,
  for a team's shared register. Evidence files still live under the home folder (shared storage).
* ``CASEWORK_MAX_EVIDENCE_MB``: the largest evidence file accepted, in MB (default 200).
* ``CASEWORK_USER``: who the audit and access log name (default: on PostgreSQL the connection's
  user, else ``advocate``).
* ``CASEWORK_RETENTION_YEARS``: years a closed case is kept before ``casework retention`` lists
  it for ``casework purge`` (default 3; ``casework retention --set-years N`` sets the register's).

Every setting is checked here, before it is used, so a typo gives one message naming the setting
rather than a driver's traceback.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from .errors import ConfigError

#: The register backends casework is built and tested for. Another SQLAlchemy dialect might load
#: but would run untested SQL (and MySQL's driver is not shipped).
_SCHEMES = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
_USE = "sqlite:///路径 或 postgresql://用户@主机/库", "sqlite:///PATH or postgresql://USER@HOST/DB"


def home_dir(home: str | os.PathLike[str] | None = None) -> Path:
    path = Path(home or os.environ.get("CASEWORK_HOME") or Path.home() / ".casework")
    return path.expanduser().resolve()


def _hide_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest.split("/", 1)[0]:
        return url
    auth, _, host = rest.partition("@")
    if ":" in auth:
        auth = auth.split(":", 1)[0] + ":***"
    return f"{scheme}://{auth}@{host}"


def check_db_url(url: str, *, source: str = "--db / CASEWORK_DB_URL") -> str:
    """The URL SQLAlchemy should open, or :class:`ConfigError` naming what is wrong.

    Plain ``postgresql://`` means psycopg 3 here (the only driver we ship).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = _hide_password(url.strip())
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"数据库地址无法识别: {shown!r}（应为 {_USE[0]}）",
            f"not a database URL: {shown!r} (use {_USE[1]})",
            where=source,
        ) from None
    driver = _SCHEMES.get(parsed.drivername)
    if driver is None:
        raise ConfigError(
            f"不支持的数据库类型 {parsed.drivername!r}（只支持 {_USE[0]}）",
            f"unsupported database {parsed.drivername!r} (only {_USE[1]})",
            where=source,
        )
    if driver == "sqlite" and not parsed.database:
        raise ConfigError(
            f"SQLite 地址缺少文件路径: {shown!r}（应为 {_USE[0]}）",
            f"the SQLite URL names no file: {shown!r} (use {_USE[1]})",
            where=source,
        )
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def db_url(home: Path, db: str | None = None) -> str:
    if db:
        return check_db_url(db)
    env = os.environ.get("CASEWORK_DB_URL")
    if env:
        return check_db_url(env, source="CASEWORK_DB_URL")
    return f"sqlite:///{home / 'register.sqlite3'}"


def env_number(name: str, default: float, *, low: float, high: float) -> float:
    """A number from the environment, finite and in ``(low, high]``, else a ConfigError naming it.

    ``float()`` accepts ``nan``, ``inf`` and ``1e400`` (= inf); none of them is a size.
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low < value <= high:
        raise ConfigError(
            f"环境变量 {name} 应为大于 {low:g}、不超过 {high:g} 的数字，现为 {text!r}",
            f"{name} must be a number above {low:g} and at most {high:g}, not {text!r}",
            where=name,
        )
    return value
