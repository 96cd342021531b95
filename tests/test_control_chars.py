"""Control characters and NUL are refused where text comes in (arguments, sheets, the config, the settings),
naming where and which character, exit status 1, nothing written — they would break every output later
(IllegalCharacterError in exports, XMLSyntaxError in bulletins)."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile

from models.org import Village
from tests.conftest import EXAMPLES
from tests.test_roster import GOOD, HEADERS, count, xlsx


def test_an_argument_with_a_control_character_is_refused_before_anything_runs(cli, example_db):
    failed = cli("issues", "open", "--title", "bad\x01title", "--village", "330101001", code=1)
    assert "--title: 第 4 个字符是控制字符 U+0001" in failed.error
    failed = cli("issues", "open", "--title=ok", "--village", "330101001", "--description=x\x00y", code=1)
    assert "--description: 第 2 个字符是控制字符 U+0000" in failed.error
    failed = cli("issues", "show", "1\x1b", code=1)  # a positional argument is named by its position
    assert "第 3 个参数: 第 2 个字符是控制字符 U+001B" in failed.error
    assert json.loads(cli("issues", "list", "--json").stdout) == []
    # tab and line feed are text
    cli("issues", "open", "--title", "台账\t不全", "--village", "330101001", "--description", "一\n二")


def test_a_sheet_with_a_control_character_is_refused_by_row_and_column(cli, district_db, tmp_path):
    path = tmp_path / "roster.csv"
    rows = [list(r) for r in GOOD]
    rows[1][1] = "长春\x00村"
    rows[2][7] = "张\x07敏"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADERS, *rows])
    failed = cli("roster", "import", path, code=1)
    assert f"{path} row 3: 村社区: 第 3 个字符是控制字符 U+0000" in failed.error
    assert f"{path} row 4: 书记: 第 2 个字符是控制字符 U+0007" in failed.error
    assert count(district_db, Village) == 0
    # an .xlsx carries them as _x0001_ escapes, which the reader decodes
    rows = [list(r) for r in GOOD]
    rows[0][7] = "Wang-MARK"
    plain = xlsx(tmp_path / "plain.xlsx", HEADERS, rows)
    book = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(book, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename).replace(b"MARK", b"_x0001_"))
    failed = cli("roster", "import", book, code=1)
    assert f"{book} row 2: 书记: 第 6 个字符是控制字符 U+0001" in failed.error
    assert count(district_db, Village) == 0


def test_the_config_and_the_settings_refuse_control_characters(cli, home, tmp_path, monkeypatch):
    config = tmp_path / "district.toml"
    shutil.copy(EXAMPLES / "district.toml", config)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "', 'name = "\\u0002', 1), encoding="utf-8")
    failed = cli("config", "check", config, code=1)
    assert f"{config}: district.name: 第 1 个字符是控制字符 U+0002" in failed.error
    monkeypatch.setenv("DUDAO_ACTING_USER", "林\x1f春燕")
    from config.settings import get_settings

    get_settings.cache_clear()
    failed = cli("config", "check", code=1)
    assert "DUDAO_ACTING_USER: 第 2 个字符是控制字符 U+001F" in failed.error
