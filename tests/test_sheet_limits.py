"""A sheet is measured by its real used range before any reader allocates it; one over the row/column limit
is refused with its size (exit 1, no crash), whatever its <dimension> claims."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import EXAMPLES, ROOT


def _roster_with(path, far_cell: str | None = None, *, styled_only: bool = False):
    """The example roster's header and a row, plus one cell far away (with a value, or only a style)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(["镇街", "村社区", "类型", "编码"])
    ws.append(["青山镇", "青山村", "村", "330101001"])
    if far_cell:
        if styled_only:
            ws[far_cell].font = Font(bold=True)  # no value: written as <c r=… s=…/>
        else:
            ws[far_cell] = "x"
    wb.save(path)
    return path


def _dudao(*args, home) -> subprocess.CompletedProcess:
    """The console script in its own process: an allocation failure kills it (signal 6), not the test session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUDAO_")}
    env.update(DUDAO_HOME=str(home), DUDAO_CONFIG_PATH=str(EXAMPLES / "district.toml"), COLUMNS="200")
    return subprocess.run([sys.executable, "-c", "from cli.main import run; run()", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_a_stray_cell_at_xfd1048576_is_refused_with_its_size_not_a_crash(tmp_path):
    big = _roster_with(tmp_path / "roster.xlsx", "XFD1048576")
    assert big.stat().st_size < 10_000
    done = _dudao("roster", "import", big, "--dry-run", home=tmp_path / "var")
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    assert str(big) in done.stderr and "A1:XFD1048576" in done.stderr
    assert "1048576 行 × 16384 列" in done.stderr and "100000 行 × 64 列" in done.stderr
    # only what holds a value counts: a far cell that carries a style only, or a <dimension> that lies, does not
    from adapters.sheets import read_table

    styled = _roster_with(tmp_path / "styled.xlsx", "XFD1048576", styled_only=True)
    assert len(read_table(styled).rows) == 1
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(_roster_with(tmp_path / "plain.xlsx")) as src, zipfile.ZipFile(lying, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            dst.writestr(item, data)
    assert len(read_table(lying).rows) == 1


@pytest.mark.parametrize("name, content, size", [
    ("long.csv", "编码,村社区\n" + "330101001,青山村\n" * 100_000, "100001 行 × 2 列"),
    ("wide.csv", "编码,村社区\n330101001" + ",x" * 64 + "\n", "2 行 × 65 列"),
])
def test_a_csv_over_the_limit_is_refused_with_its_size(tmp_path, name, content, size):
    from adapters.sheets import read_table
    from config.errors import InputError

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.problems[0].where == str(path) and size in err.value.problems[0].message
    (tmp_path / "ok.csv").write_text("编码,村社区\n" + "330101001,青山村\n" * 99_999 + ",,,\n\n", encoding="utf-8")
    assert len(read_table(tmp_path / "ok.csv").rows) == 99_999  # at the limit, trailing blanks not counted
