"""Red/black list rules (红黑榜) and the hundred-day campaign (百日攻坚)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from config.schema_base import KEY_PATTERN, Strict


class Indicator(StrEnum):
    closure_rate = "closure_rate"  # 问题销号率
    on_time_rate = "on_time_rate"  # 按期整改率
    overdue_issues = "overdue_issues"  # 逾期问题数
    inspection_score = "inspection_score"  # 督查平均得分
    income_growth = "income_growth"  # 集体经济收入同比增长 (yearly periods)
    income_vs_target = "income_vs_target"  # 收入目标完成率 (yearly periods)
    campaign_completion = "campaign_completion"  # 攻坚节点完成率 (while a campaign runs)


YEARLY_ONLY = {Indicator.income_growth, Indicator.income_vs_target}

# Activity counts measure screen time, not results; the district's own rules forbid ranking on them.
ACTIVITY_WORDS = ("login", "logon", "check_in", "checkin", "upload", "read", "click", "view", "sign_in",
                  "打卡", "登录", "上传", "阅读", "签到")
FORMALISM_MESSAGE = (
    "activity counts (logins, check-ins, uploads, messages read) cannot be ranking indicators: "
    "the rule against 'formalism at the fingertips' (指尖上的形式主义) forbids judging units by app "
    "activity; rank on results such as closure_rate, on_time_rate, overdue_issues, inspection_score, "
    "income_growth, income_vs_target or campaign_completion"
)


class Direction(StrEnum):
    higher = "higher"  # higher is better
    lower = "lower"


class Level(StrEnum):
    village = "village"
    town = "town"


class IndicatorConfig(Strict):
    key: Indicator
    weight: float = Field(gt=0)
    direction: Direction = Direction.higher
    level: list[Level] = Field(default_factory=lambda: [Level.village, Level.town])

    @field_validator("key", mode="before")
    @classmethod
    def _no_activity_counts(cls, value: object) -> object:
        text = str(value).lower()
        if value not in set(Indicator) and any(word in text for word in ACTIVITY_WORDS):
            raise ValueError(FORMALISM_MESSAGE)
        return value


class HardRule(Strict):
    """A unit that meets a hard rule is black-listed whatever its score (一票否决)."""

    key: str = Field(pattern="^(overdue_days_at_least|escalated_to_blacklist)$")
    value: int = Field(1, ge=1)
    reason: str = ""


class LadderStep(Strict):
    """Consecutive black listings climb this ladder (1st, 2nd in a row, …)."""

    streak: int = Field(ge=1)
    action: str


class RankingRules(Strict):
    rule_version: str = "1"
    red_top_n: int = Field(3, ge=0)
    black_bottom_n: int = Field(3, ge=0)
    indicators: list[IndicatorConfig] = Field(default_factory=list)
    hard_rules: list[HardRule] = Field(default_factory=list)
    ladder: list[LadderStep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> RankingRules:
        keys = [i.key for i in self.indicators]
        if len(keys) != len(set(keys)):
            raise ValueError("each indicator may appear once")
        streaks = [s.streak for s in self.ladder]
        if streaks != sorted(set(streaks)):
            raise ValueError("ladder steps must have strictly ascending streak numbers")
        return self


class Phase(Strict):
    name: str
    start_day: int = Field(ge=0)
    end_day: int = Field(ge=0)


class Milestone(Strict):
    """A campaign milestone: by day `day` every village must have done `item` (a checklist item)."""

    key: str = Field(pattern=KEY_PATTERN)
    item: str
    day: int = Field(ge=0)
    owner: str = Field("town", description="who owns a missed milestone: town, or department:<key>")
    remind_days_before: int = Field(3, ge=0)


class CampaignConfig(Strict):
    """The hundred-day campaign (百日攻坚行动)."""

    name: str = "百日攻坚行动"
    start: date
    length_days: int = Field(100, ge=1)
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _inside(self) -> CampaignConfig:
        for m in self.milestones:
            if m.day > self.length_days:
                raise ValueError(f"milestone {m.key!r} day {m.day} is after the campaign's last day")
        for p in self.phases:
            if p.end_day < p.start_day or p.end_day > self.length_days:
                raise ValueError(f"phase {p.name!r} must lie inside the campaign's {self.length_days} days")
        keys = [m.key for m in self.milestones]
        if len(keys) != len(set(keys)):
            raise ValueError("milestone keys must be unique")
        return self
