"""The example district's ledgers: the shipped sheets are what make_ledgers.py writes, and the demo step loads
them through the real imports, raises the missed milestone's issue once and loads them again unchanged."""

from __future__ import annotations

import importlib.util

from tests.ledgers.conftest import EXAMPLES, table


def _script():
    spec = importlib.util.spec_from_file_location("make_ledgers", EXAMPLES / "make_ledgers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_sheets_are_what_the_script_writes(tmp_path):
    from adapters.sheets import cell_text

    written = _script().write(tmp_path)
    for path in written:
        shipped, fresh = table(EXAMPLES / path.name), table(path)
        assert shipped.headers == fresh.headers
        cells = [[[cell_text(v) for v in r] for _, r in t.rows] for t in (shipped, fresh)]
        assert cells[0] == cells[1]


def test_demo_step_loads_sweeps_and_loads_again_unchanged(example_db, example_cfg, capsys):
    from cli.demo.context import DemoContext
    from cli.demo.ledgers import step_ledgers
    from config.settings import get_settings

    ctx = DemoContext(get_settings(), example_cfg, EXAMPLES / "district.toml", "区委组织部")
    step_ledgers(ctx)
    out = capsys.readouterr().out
    assert "逾期节点立问题 1 个" in out
    assert "问题 0 个" in out and "提醒 0 条" in out
    assert "中央扶持壮大村级集体经济项目" in out and any(w == "support projects" for w, _ in ctx.look)
