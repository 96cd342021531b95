"""Charts as PNG (matplotlib, Agg): Chinese labels in Noto Sans SC, the font file a PyPI package ships
(pylopdf-fonts-zh-cn, SIL OFL) registered with matplotlib's font manager — never a font assumed on the machine."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

from adapters.files import write_atomically

COLORS = ("#c0392b", "#e67e22", "#2e86c1", "#27ae60", "#7f8c8d", "#8e44ad")
NAMED = {"红榜": "#c0392b", "黑榜": "#1c2833", "交办": "#e67e22", "销号": "#27ae60"}
BANDS = ("#d5d8dc", "#aed6f1", "#5dade2", "#1b4f72")  # income bands, low to high


class Chart(Protocol):
    key: str
    title: str
    categories: list[str]
    series: dict[str, list[int]]
    stacked_by: str | None


@cache
def cjk_font() -> str:
    """Register the packaged Noto Sans SC with matplotlib once; its family name."""
    import pylopdf_fonts_zh_cn
    from matplotlib import font_manager

    path = pylopdf_fonts_zh_cn.sans_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def write_chart(path: Path, chart: Chart) -> Path:
    """One bar chart: grouped bars, or per group a stack of bands (series named "<group>|<band>")."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    family = cjk_font()
    with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False}):
        width = min(16.0, max(6.4, 0.45 * len(chart.categories) + 2))
        fig, ax = plt.subplots(figsize=(width, 4.2), dpi=120)
        try:
            top = _stacked(ax, chart) if chart.stacked_by else _grouped(ax, chart)
            ax.set_title(chart.title, fontsize=13)
            ax.set_xticks(range(len(chart.categories)))
            ax.set_xticklabels(chart.categories, rotation=45 if len(chart.categories) > 8 else 0,
                               ha="right" if len(chart.categories) > 8 else "center", fontsize=9)
            ax.spines[["top", "right"]].set_visible(False)
            ax.yaxis.get_major_locator().set_params(integer=True)
            if not chart.categories:
                ax.text(0.5, 0.5, "（无数据）", transform=ax.transAxes, ha="center", va="center", fontsize=14)
            pad = max(0.2, (3 - len(chart.categories)) / 2)  # one or two groups are not stretched over the width
            ax.set_xlim(-0.5 - pad, len(chart.categories) - 0.5 + pad)
            ax.set_ylim(0, max(1, top) * 1.2)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize=8, frameon=False, ncols=3, loc="upper right")
            fig.tight_layout()
            return write_atomically(path, lambda tmp: fig.savefig(tmp, format="png"))
        finally:
            plt.close(fig)


def _grouped(ax, chart: Chart) -> int:
    names = list(chart.series)
    bar = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        xs = [x - 0.4 + bar * (i + 0.5) for x in range(len(chart.categories))]
        values = chart.series[name]
        bars = ax.bar(xs, values, bar, label=name, color=NAMED.get(name, COLORS[i % len(COLORS)]))
        if len(chart.categories) <= 12:
            ax.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7, padding=1)
    return max((max(v, default=0) for v in chart.series.values()), default=0)


def _stacked(ax, chart: Chart) -> int:
    groups: dict[str, list[str]] = {}
    for name in chart.series:
        group, band = name.split("|", 1)
        groups.setdefault(group, []).append(band)
    bar = 0.8 / max(1, len(groups))
    last = len(groups) - 1
    top = 0
    for g, (group, bands) in enumerate(groups.items()):
        xs = [x - 0.4 + bar * (g + 0.5) for x in range(len(chart.categories))]
        bottom: Sequence[int] = [0] * len(chart.categories)
        for b, band in enumerate(bands):
            values = chart.series[f"{group}|{band}"]
            ax.bar(xs, values, bar * 0.92, bottom=bottom, color=BANDS[b % len(BANDS)],
                   edgecolor="white" if g < last else "#333333", linewidth=0.6,
                   label=band if g == last else None, hatch=None if g == last else "//")
            bottom = [a + v for a, v in zip(bottom, values, strict=True)]
        top = max(top, *bottom, 0)
    for g, group in enumerate(groups):
        if g < last:  # say which bars are the earlier year
            ax.bar([0], [0], 0, color="white", edgecolor="#999999", hatch="//", label=f"{group}（左，斜线）")
    return top
