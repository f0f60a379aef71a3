"""Spreadsheet bills (XLSX through openpyxl, BIFF XLS through xlrd): the cells streamed within
reading budgets, and the table under the header row found by content."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .cells import PAD, cell_text
from .errors import BudgetError, RecordsError
from .tables import Table, find_header

if TYPE_CHECKING:
    from .base import Bill


def read_excel_table(
    bill: Bill,
    header_test: Callable[[list[str]], bool],
    *,
    footer: Callable[[str], bool] | None = None,
    prefer_sheet: str | None = None,
) -> Table:
    """The first sheet (``prefer_sheet`` first) with a header row found by content."""
    sheets = bill.sheets
    order = sorted(sheets, key=lambda s: s != prefer_sheet)
    for name in order:
        raw = sheets[name]
        cells = [[cell_text(v) for v in row] for row in raw.itertuples(index=False)]
        h = find_header([",".join(c) for c in cells[:200]], header_test)
        if h is None:
            continue
        columns = [c.strip(PAD) for c in cells[h]]
        while columns and not columns[-1]:
            columns.pop()
        body = raw.iloc[h + 1 :, : len(columns)].copy()
        body.columns = columns
        lines = np.asarray(raw.index[h + 1 :]) + 1
        first = body.iloc[:, 0].map(cell_text)
        stop = len(body)
        if footer is not None:
            hits = np.flatnonzero(first.map(footer).to_numpy(dtype=bool))
            if len(hits):
                stop = int(hits[0])
        footer_rows = [",".join(r) for r in cells[h + 1 + stop :]]
        body, lines = body.iloc[:stop], lines[:stop]
        blank = body.map(cell_text).eq("").all(axis=1).to_numpy()
        body = body.loc[~blank].reset_index(drop=True)
        return Table(
            columns=columns,
            frame=body,
            lines=lines[~blank],
            preamble=[",".join(r).strip(",") for r in cells[:h]],
            footer=footer_rows,
        )
    raise RecordsError("表格中找不到表头行", "no sheet has the header row", where=bill.where)


#: What one spreadsheet may hold: rows and columns of a sheet (declared or found), cells in all,
#: and bytes unzipped. A real WeChat year is a few thousand rows of 11 columns; a bank's, the same.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 256
MAX_CELLS = 4_000_000
MAX_UNZIPPED = 400 * 2**20


def _budget(where: str, zh: str, en: str) -> BudgetError:
    return BudgetError(
        f"表格超出读取上限：{zh}（文件可能已损坏或被改动）",
        f"the spreadsheet is beyond the reading limits: {en} (damaged or altered?)",
        where=where,
    )


def read_sheets(data: bytes, where: str) -> dict[str, pd.DataFrame]:
    """Every sheet as raw cells (row i is spreadsheet row i+1), read within the budgets above.

    A cell written at XFD1048576 must not make a 16,384 × 1,048,576 grid: the cells are
    streamed as they are stored and the sheet's size is checked — declared and as found —
    before anything of that size is allocated. The readers' own warnings (xlrd prints
    ``WARNING ***`` on stdout) are captured, so ``--json`` output stays JSON.
    """
    xls = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _xls_sheets(data, where) if xls else _xlsx_sheets(data, where)
    except BudgetError:
        raise
    except Exception as exc:
        raise RecordsError(
            f"表格文件无法打开（已损坏或不是 Excel 文件）: {exc.__class__.__name__}",
            f"the spreadsheet cannot be opened (damaged or not Excel): {exc}",
            where=where,
        ) from exc


def _grid(cells: dict[tuple[int, int], Any], rows: int, cols: int) -> pd.DataFrame:
    """Sparse (row, column) → value cells (0-based) as a dense object frame; empty is NaN."""
    grid = np.full((rows, cols), np.nan, dtype=object)
    for (r, c), v in cells.items():
        grid[r, c] = v
    return pd.DataFrame(grid)


def _check_size(where: str, name: str, rows: int, cols: int) -> None:
    if rows > MAX_SHEET_ROWS:
        raise _budget(
            where,
            f"工作表「{name}」有 {rows} 行，上限 {MAX_SHEET_ROWS} 行",
            f"sheet {name!r} has {rows} rows; the limit is {MAX_SHEET_ROWS}",
        )
    if cols > MAX_SHEET_COLUMNS:
        raise _budget(
            where,
            f"工作表「{name}」有 {cols} 列，上限 {MAX_SHEET_COLUMNS} 列",
            f"sheet {name!r} has {cols} columns; the limit is {MAX_SHEET_COLUMNS}",
        )
    if rows * cols > MAX_CELLS:
        raise _budget(
            where,
            f"工作表「{name}」有 {rows}×{cols} 个单元格，上限 {MAX_CELLS} 个",
            f"sheet {name!r} spans {rows}×{cols} cells; the limit is {MAX_CELLS}",
        )


def _number(v: Any) -> Any:
    """A numeric cell as pandas gives it: an integral float is an int (1.0 → 1)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _xlsx_sheets(data: bytes, where: str) -> dict[str, pd.DataFrame]:
    import zipfile

    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if unzipped > MAX_UNZIPPED:
        raise _budget(
            where,
            f"解压后 {unzipped // 2**20} MB，上限 {MAX_UNZIPPED // 2**20} MB",
            f"{unzipped // 2**20} MB unzipped; the limit is {MAX_UNZIPPED // 2**20} MB",
        )
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    out: dict[str, pd.DataFrame] = {}
    try:
        total = 0
        for ws in wb.worksheets:
            name = ws.title
            # The declared <dimension>: refused at once when it is beyond the budget.
            if getattr(ws, "_max_row", None) and getattr(ws, "_max_column", None):
                _check_size(where, name, int(ws._max_row), int(ws._max_column))
            cells: dict[tuple[int, int], Any] = {}
            rows = cols = 0
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=wb.epoch,
                    date_formats=wb._date_formats,
                    timedelta_formats=wb._timedelta_formats,
                )
                for r, row in parser.parse():
                    for cell in row:
                        v = cell["value"]
                        if v is None or v == "" or cell["data_type"] == "e":
                            continue
                        c = int(cell["column"])
                        rows, cols = max(rows, r), max(cols, c)
                        _check_size(where, name, rows, cols)
                        cells[(r - 1, c - 1)] = _number(v)
                    if r > MAX_SHEET_ROWS:
                        _check_size(where, name, r, cols)
            total += rows * cols
            if total > MAX_CELLS:
                _check_size(where, name, total, 1)
            out[str(name)] = _grid(cells, rows, cols)
    finally:
        wb.close()
    return out


def _xls_sheets(data: bytes, where: str) -> dict[str, pd.DataFrame]:
    """BIFF .xls through xlrd, its log (``WARNING *** …``) kept off stdout."""
    import xlrd

    log = io.StringIO()
    book = xlrd.open_workbook(file_contents=data, logfile=log, on_demand=True)
    out: dict[str, pd.DataFrame] = {}
    try:
        for i in range(book.nsheets):
            sheet = book.sheet_by_index(i)
            _check_size(where, sheet.name, sheet.nrows, sheet.ncols)
            cells: dict[tuple[int, int], Any] = {}
            rows = cols = 0
            for r in range(sheet.nrows):
                types, values = sheet.row_types(r), sheet.row_values(r)
                for c, (t, v) in enumerate(zip(types, values, strict=False)):
                    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        continue
                    if t == xlrd.XL_CELL_DATE:
                        try:
                            v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            pass  # left a number: the time is then judged as a serial
                    elif t == xlrd.XL_CELL_NUMBER:
                        v = _number(v)
                    elif t == xlrd.XL_CELL_BOOLEAN:
                        v = bool(v)
                    elif v == "":
                        continue
                    cells[(r, c)] = v
                    rows, cols = max(rows, r + 1), max(cols, c + 1)
            out[str(sheet.name)] = _grid(cells, rows, cols)
            book.unload_sheet(i)
    finally:
        book.release_resources()
    return out
