"""The report's operations: compile the figures of a period, write the report (.docx from the template and
.md beside it), its charts (PNG) and its explain workbook (.xlsx) — on a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.charts import write_chart
from adapters.explain_book import DetailSheet, IndexLine, write_explain
from adapters.report_docx import docx_markdown, render_report, write_markdown
from config.dates import cn_date
from config.errors import InputError, Problem
from domain.calendar import Period, parse_period
from domain.report import brief, chart_data, engine, rules
from domain.report.basis import Window
from domain.report.chart_data import Series
from domain.report.engine import SlotValue
from domain.report.slots import BY_NUMBER, Kind

if TYPE_CHECKING:
    from domain.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Report:
    """A period's report: every slot filled (or said to have no data), the charts' numbers, the brief's."""

    period: Period
    as_of: datetime
    title: str
    slots: list[SlotValue]
    charts: list[Series]
    brief: dict[str, int] = field(default_factory=dict)

    @property
    def yearly(self) -> bool:
        return self.period.is_yearly

    @property
    def missing(self) -> list[SlotValue]:
        """The slots with no data (said （无数据） in the document and the index)."""
        return [s for s in self.slots if s.value is None]

    def slot(self, number: int) -> SlotValue:
        return self.slots[number - 1]


@dataclass(frozen=True)
class Written:
    docx: Path
    markdown: Path
    charts: list[Path]
    explain: Path | None = None


def compile_report(uow: UnitOfWork, period: str | Period) -> Report:
    """`report --json`: every slot of the seed's report for the period, counted up to the as-of moment."""
    period = parse_period(period) if isinstance(period, str) else period
    if uow.today < period.start:
        raise InputError("报告日期早于报告期", [Problem("--as-of", f"{cn_date(uow.today)}在{period.label}开始之前；"
                                                               f"请给出{period.label}内或之后的日期")])
    if period.kind.value not in ("year", "quarter"):
        raise InputError("报告只按年度或季度编写",
                         [Problem("--period", f"{period.key}：应为 2022（年度）或 2022-Q4（季度）")])
    window = Window(period, uow.as_of)
    cfg = uow.config
    slots = engine.compute(uow.session, cfg, window)
    title = cfg.report.title if period.is_yearly else f"{cfg.district.name}{period.label}村级集体经济工作调度情况"
    figures, raised = brief.issue_figures(uow.session, window)  # one pass over the issues for both
    return Report(period, uow.as_of, title, slots, chart_data.all_series(uow.session, cfg, window, raised), figures)


def write_report(uow: UnitOfWork, report: Report, *, out: Path, explain: Path | None = None,
                 charts_dir: Path | None = None, config_dir: Path | None = None) -> Written:
    """`report --out FILE.docx [--explain FILE.xlsx]`: the document from the district's template (or the shipped
    one), the Markdown beside it, the charts as PNG beside it (and embedded), the explain workbook."""
    out = Path(out)
    charts_dir = charts_dir or out.parent
    stem = out.stem
    pngs = []
    for n, series in enumerate(report.charts, start=1):
        path = write_chart(charts_dir / f"{stem}-{n}-{series.key}.png", series)
        pngs.append((path, f"图{n} {series.caption}"))
    template = uow.config.report.template_for(report.yearly, config_dir)
    docx = render_report(template, template_context(report, uow.config.district.income_bands_yuan), pngs, out)
    md = write_markdown(out.with_suffix(".md"), docx_markdown(docx, pngs))
    book = write_explain(explain, *explain_sheets(report)) if explain else None
    return Written(docx, md, [p for p, _ in pngs], book)


def template_context(report: Report, bands: list[int]) -> dict[str, object]:
    """What the template's placeholders say: `s1`…`s46` (each figure with its unit, or （无数据）), and the
    words around them."""
    ctx: dict[str, object] = {}
    for s in report.slots:
        unit = BY_NUMBER[s.slot].unit
        ctx[f"s{s.slot}"] = rules.NO_DATA if s.value is None else f"{s.value}{unit}"
    short = report.slot(4).exact
    day = report.as_of.date() if report.as_of.date() < report.period.end else report.period.end
    ctx.update(
        title=report.title, year=report.period.year, last_year=report.period.year - 1, period=report.period.label,
        as_of=cn_date(day) if day < report.period.end else "目前", below=short or 0,
        since="今年以来" if report.yearly else "本季度",
        band1=f"{bands[0] // 10_000}万", band2=f"{bands[1] // 10_000}万" if len(bands) > 1 else "",
        **{k: v for k, v in report.brief.items()},
    )
    return ctx


def explain_sheets(report: Report) -> tuple[list[IndexLine], list[DetailSheet]]:
    index, sheets, named = [], [], set()
    for s in report.slots:
        index.append(IndexLine(s.slot, "名称" if s.kind is Kind.name else "数字", s.definition, s.text,
                               s.exact, s.rows.sheet if s.rows else None, s.note,
                               s.rows.denominator if s.rows else None))
        if s.rows is not None and s.rows.sheet not in named:  # a percentage reads its numerator's sheet
            named.add(s.rows.sheet)
            sheets.append(DetailSheet(s.rows.sheet, s.rows.headers, _lazy(s.rows.fetch), s.rows.measure,
                                      s.rows.aggregate))
    return index, sheets


def _lazy(fetch):
    """The rows, queried only when the workbook writes that sheet (one cursor open at a time)."""
    yield from fetch()
