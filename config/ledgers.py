"""The rules of the support-project ledger (扶持项目) and the contract clean-up (合同清理): project kinds and
their lead departments, fund sources, milestone reminders; the review stages with their owners and working-day
deadlines, and the reasons a contract can be found non-compliant.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from config.schema_base import KEY_PATTERN, Strict


class ProjectKind(Strict):
    """A kind of support project (项目类型): its key (kept in the ledger), display name and usual lead."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str
    lead: str | None = Field(None, pattern=KEY_PATTERN, description="default lead department key")


def _kinds() -> list[ProjectKind]:
    return [
        ProjectKind(key="central", name="中央扶持壮大村级集体经济项目", lead="organization"),
        ProjectKind(key="pilot", name="村级集体经济试点项目", lead="finance"),
        ProjectKind(key="provincial", name="省扶持壮大村级集体经济项目", lead="organization"),
        ProjectKind(key="district", name="区级集体经济项目", lead="rural-work"),
    ]


class ProjectRules(Strict):
    """Support projects (扶持项目)."""

    kinds: list[ProjectKind] = Field(default_factory=_kinds)
    fund_sources: list[str] = Field(default_factory=lambda: ["中央财政", "省级财政", "区级财政", "村集体自筹",
                                                             "社会资本"],
                                    description="the fund columns of the project sheet, in yuan")
    remind_days_before: int = Field(3, ge=0, description="a reminder this many working days before a milestone")
    category: str = Field("项目建设", description="the issue category of a missed milestone")

    @model_validator(mode="after")
    def _unique(self) -> ProjectRules:
        for what, values in (("kinds.key", [k.key for k in self.kinds]), ("kinds.name", [k.name for k in self.kinds]),
                             ("fund_sources", self.fund_sources)):
            if len(set(values)) != len(values):
                raise ValueError(f"{what} 中各项应互不相同")
        if not self.kinds:
            raise ValueError("至少需要一种项目类别")
        return self

    def kind(self, text: str) -> ProjectKind | None:
        """A kind by key or display name."""
        return next((k for k in self.kinds if text in (k.key, k.name)), None)


class ReviewStage(Strict):
    """A level of the contract review (审查层级): who does it and in how many working days."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str
    owner: str = Field(pattern=r"^(village|town|department:[a-z0-9][a-z0-9_-]*|office|coordinators)$",
                       description="village (the contract's), town (its town), department:<key>, office")
    days: int = Field(ge=1, description="working days from the previous stage's completion (the first: from the "
                                        "clean-up's start)")


def _stages() -> list[ReviewStage]:
    return [
        ReviewStage(key="self-check", name="村级自查", owner="village", days=10),
        ReviewStage(key="town-review", name="镇级初审", owner="town", days=10),
        ReviewStage(key="joint-review", name="区级联审", owner="department:rural-work", days=15),
    ]


class ContractRules(Strict):
    """The contract clean-up (经营合同清理)."""

    stages: list[ReviewStage] = Field(default_factory=_stages)
    reasons: list[str] = Field(default_factory=lambda: ["未公开招标", "租金明显偏低", "期限过长", "未备案",
                                                        "合同要素不全", "程序不规范"])
    remind_days_before: int = Field(2, ge=0, description="a reminder this many working days before a stage's deadline")
    rectify_days: int = Field(20, ge=1, description="the deadline of a rectification issue, in working days")
    category: str = Field("合同管理", description="the issue category of a rectification")

    @model_validator(mode="after")
    def _unique(self) -> ContractRules:
        for what, values in (("stages.key", [s.key for s in self.stages]),
                             ("stages.name", [s.name for s in self.stages]), ("reasons", self.reasons)):
            if len(set(values)) != len(values):
                raise ValueError(f"{what} 中各项应互不相同")
        if not self.stages:
            raise ValueError("至少需要一个审查环节")
        return self

    def stage(self, text: str) -> ReviewStage | None:
        return next((s for s in self.stages if text in (s.key, s.name)), None)
