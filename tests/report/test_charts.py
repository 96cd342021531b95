"""The charts' Chinese font comes from a package (never a font assumed on the machine), and an empty chart still
writes a PNG that says （无数据）."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from adapters.charts import cjk_font, write_chart


@dataclass
class Chart:
    key: str
    title: str
    categories: list[str]
    series: dict[str, list[int]] = field(default_factory=dict)
    stacked_by: str | None = None


def test_the_font_is_the_packaged_noto_sans_sc():
    import pylopdf_fonts_zh_cn
    from matplotlib import font_manager

    family = cjk_font()
    assert family == "Noto Sans SC"
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(found) == pylopdf_fonts_zh_cn.sans_path()


def test_charts_render_grouped_stacked_and_empty(tmp_path):
    grouped = write_chart(tmp_path / "a.png", Chart("a", "各月问题交办与销号", ["1月", "2月"],
                                                    {"交办": [3, 1], "销号": [0, 2]}))
    stacked = write_chart(tmp_path / "b.png", Chart("b", "收入分档", ["青山镇"],
                                                    {"2021年|低": [2], "2021年|高": [1], "2022年|低": [1],
                                                     "2022年|高": [3]}, stacked_by="year"))
    empty = write_chart(tmp_path / "c.png", Chart("c", "各督查轮次红黑榜", []))
    for png in (grouped, stacked, empty):
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 3_000
