"""The work report's names and template (`[report]`): what the ledger cannot know — the theme-education
campaign of the year, the party-building brands when the ledger holds none — and the Word template a
district may replace with its own wording."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from config.schema_base import Strict

TEMPLATES = Path(__file__).resolve().parent / "templates"
WORK_REPORT_TEMPLATE = TEMPLATES / "work-report.docx"
BRIEF_TEMPLATE = TEMPLATES / "work-brief.docx"


class ReportConfig(Strict):
    """`[report]`: names for the work report (汇报) and the templates that word it."""

    title: str = Field("关于发展壮大村级集体经济工作情况的汇报", description="the report's title")
    theme_education: str | None = Field(
        None, description="the theme-education campaign of the year (结合开展**主题教育), e.g. 党史学习教育")
    brands: list[str] = Field(default_factory=list, description=(
        "party-building brands (党建品牌) named when the party ledger holds none: first, second, then the rest"))
    template: Path | None = Field(None, description="a replacement for the shipped work-report template (.docx)")
    brief_template: Path | None = Field(None, description="a replacement for the shipped quarterly brief template")

    def template_for(self, yearly: bool, base: Path | None = None) -> Path:
        """The template a report uses: the district's replacement (relative to the config file) or the shipped one."""
        chosen = self.template if yearly else self.brief_template
        if chosen is None:
            return WORK_REPORT_TEMPLATE if yearly else BRIEF_TEMPLATE
        return chosen if chosen.is_absolute() or base is None else base / chosen
