"""Red/black list rules (红黑榜) and the hundred-day campaign (百日攻坚)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from config.limits import CALENDAR_DAYS, COUNT, WORKING_DAYS
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
ISSUE_BASED = {Indicator.closure_rate, Indicator.on_time_rate, Indicator.overdue_issues}
# Unbounded figures: the only indicators normalised over a board's units (docs/ranking.md "Points"); every other
# indicator is a rate or a 0–100 score and counts on its own absolute scale.
NORMALISED = {Indicator.overdue_issues, Indicator.income_growth}
INDICATOR_NAMES = {
    Indicator.closure_rate: "问题销号率",
    Indicator.on_time_rate: "按期整改率",
    Indicator.overdue_issues: "逾期问题数",
    Indicator.inspection_score: "督查平均得分",
    Indicator.income_growth: "集体收入同比增长",
    Indicator.income_vs_target: "收入目标完成率",
    Indicator.campaign_completion: "攻坚节点完成率",
}

# Activity counts measure screen time, not results; the district's own rules forbid ranking on them.
ACTIVITY_WORDS = ("login", "logon", "check_in", "checkin", "upload", "read", "click", "view", "sign_in",
                  "打卡", "登录", "上传", "阅读", "签到")
FORMALISM_MESSAGE = (
    "登录、打卡、上传、阅读等活跃度计数不能作为红黑榜指标：整治“指尖上的形式主义”，不以 App 活跃度评判单位；"
    "请按工作实效排名，例如 closure_rate、on_time_rate、overdue_issues、inspection_score、"
    "income_growth、income_vs_target 或 campaign_completion"
)


class Direction(StrEnum):
    higher = "higher"  # higher is better
    lower = "lower"


class Level(StrEnum):
    village = "village"
    town = "town"


class Board(StrEnum):
    """The three lists of a period: villages district-wide, villages within each town, towns."""

    villages = "villages"  # 全区村（社区）
    villages_in_town = "villages_in_town"  # 镇街内村（社区）
    towns = "towns"  # 镇街

    @property
    def level(self) -> Level:
        return Level.town if self is Board.towns else Level.village


BOARD_NAMES = {Board.villages: "全区村（社区）", Board.villages_in_town: "镇街内村（社区）", Board.towns: "镇（街道）"}


# Which way is better is part of what an indicator is: more overdue issues is worse, every other figure is better
# higher. The other way round would reward problems (DOMAIN.md "Scoring is monotone"), so it is refused.
NATURAL_DIRECTION = {**{key: Direction.higher for key in Indicator}, Indicator.overdue_issues: Direction.lower}


class IndicatorConfig(Strict):
    key: Indicator
    weight: float = Field(gt=0, le=1_000_000, allow_inf_nan=False)
    direction: Direction = Field(Direction.higher, description=(
        "optional: lower for overdue_issues, higher for every other indicator (the default); the other way round "
        "is refused"))
    level: list[Level] = Field(default_factory=lambda: [Level.village, Level.town])

    @model_validator(mode="before")
    @classmethod
    def _default_direction(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("direction") is None and data.get("key") in set(Indicator):
            return {**data, "direction": NATURAL_DIRECTION[Indicator(data["key"])]}
        return data

    @model_validator(mode="after")
    def _natural_direction(self) -> IndicatorConfig:
        natural = NATURAL_DIRECTION[self.key]
        if self.direction is not natural:
            raise ValueError(
                f"{self.key.value} 越{'高' if natural is Direction.higher else '低'}越好：direction = "
                f"\"{self.direction.value}\" 会让指标更差的单位排名更高（评分须单调）；请删去 direction 或设为 "
                f"\"{natural.value}\"")
        return self

    @field_validator("key", mode="before")
    @classmethod
    def _no_activity_counts(cls, value: object) -> object:
        text = str(value).lower()
        if value not in set(Indicator) and any(word in text for word in ACTIVITY_WORDS):
            raise ValueError(FORMALISM_MESSAGE)
        return value


class HardRuleKind(StrEnum):
    overdue_days_at_least = "overdue_days_at_least"  # an open issue overdue by ≥ value working days
    escalated_to_blacklist = "escalated_to_blacklist"  # an open issue the escalation ladder flagged for the list


class HardRule(Strict):
    """A unit that meets a hard rule is black-listed whatever its score (一票否决)."""

    key: HardRuleKind
    value: int = WORKING_DAYS.field(1)
    reason: str = ""

    @property
    def text(self) -> str:
        if self.reason:
            return self.reason
        if self.key is HardRuleKind.overdue_days_at_least:
            return f"有问题逾期{self.value}个工作日以上未整改"
        return "有问题经逐级督办仍未整改，列入黑榜"


class LadderStep(Strict):
    """Consecutive black listings climb this ladder (1st, 2nd in a row, …)."""

    streak: int = COUNT.field()
    action: str


class RankingRules(Strict):
    """红黑榜规则. `red_top_n`/`black_bottom_n` size the district-wide village list and the town list;
    `in_town_red_top_n`/`in_town_black_bottom_n` size each town's own village list. Weights are relative
    (renormalised over the indicators a unit has points for on a board)."""

    rule_version: str = Field("1", description=(
        "the district's own label for these rules (shown on every list); the engine's scoring rule is recorded "
        "beside it on each snapshot (domain.ranking.rule.SCORING_RULE)"))
    red_top_n: int = COUNT.field(3, lo=0, description=(
        "red list size of the district-wide village board and the town board"))
    black_bottom_n: int = COUNT.field(3, lo=0, description="black list size (by rank) of those two boards")
    in_town_red_top_n: int = COUNT.field(1, lo=0, description="red list size of each town's own village board")
    in_town_black_bottom_n: int = COUNT.field(1, lo=0, description=(
        "black list size (by rank) of each town's village board"))
    boards: list[Board] = Field(default_factory=lambda: list(Board))
    scheduled_period: str = Field("month", pattern="^(month|quarter|year)$", description=(
        "what a ranking cycle on a schedule (not after:) ranks: the last complete month, quarter or year "
        "before its occurrence; an after:<inspection round> cycle ranks that round"))
    indicators: list[IndicatorConfig] = Field(default_factory=list)
    hard_rules: list[HardRule] = Field(default_factory=list)
    ladder: list[LadderStep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> RankingRules:
        keys = [i.key for i in self.indicators]
        if len(keys) != len(set(keys)):
            raise ValueError("每个指标只能出现一次")
        if len(self.boards) != len(set(self.boards)):
            raise ValueError("每个榜单只能出现一次")
        streaks = [s.streak for s in self.ladder]
        if streaks != sorted(set(streaks)):
            raise ValueError("梯度各级的连续上榜次数（streak）须严格递增")
        return self


    def sizes(self, board: Board) -> tuple[int, int]:
        """(red top N, black bottom N) of a board."""
        if board is Board.villages_in_town:
            return self.in_town_red_top_n, self.in_town_black_bottom_n
        return self.red_top_n, self.black_bottom_n

    def indicators_for(self, level: Level) -> list[IndicatorConfig]:
        return [i for i in self.indicators if level in i.level]

    def ladder_step(self, streak: int) -> LadderStep | None:
        """The highest step whose streak is ≤ the unit's streak (the top step holds beyond it)."""
        steps = [s for s in self.ladder if s.streak <= streak]
        return steps[-1] if steps else None


class Phase(Strict):
    name: str
    start_day: int = CALENDAR_DAYS.field()
    end_day: int = CALENDAR_DAYS.field()


class Milestone(Strict):
    """A campaign milestone: by day `day` every village must have done `item` (a checklist item)."""

    key: str = Field(pattern=KEY_PATTERN)
    item: str
    day: int = CALENDAR_DAYS.field()
    owner: str = Field("town", pattern=r"^(town|department:[a-z0-9][a-z0-9_-]*)$",
                       description="who owns a missed milestone: the village's town, or department:<key>")
    remind_days_before: int = WORKING_DAYS.field(3, lo=0)


class CampaignConfig(Strict):
    """The hundred-day campaign (百日攻坚行动)."""

    key: str | None = Field(None, pattern=KEY_PATTERN, description="default: the start date, e.g. 2022-08-15")
    name: str = "百日攻坚行动"
    start: date
    length_days: int = CALENDAR_DAYS.field(100, lo=1)
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _inside(self) -> CampaignConfig:
        for m in self.milestones:
            if m.day > self.length_days:
                raise ValueError(f"节点 {m.key!r} 的第 {m.day} 天晚于百日攻坚的最后一天（第 {self.length_days} 天）")
        for p in self.phases:
            if p.end_day < p.start_day or p.end_day > self.length_days:
                raise ValueError(f"阶段 {p.name!r} 须在百日攻坚的 {self.length_days} 天之内")
        keys = [m.key for m in self.milestones]
        if len(keys) != len(set(keys)):
            raise ValueError("各节点的 key 应互不相同")
        items = [m.item for m in self.milestones]
        if len(items) != len(set(items)):
            raise ValueError("各节点的事项应互不相同（每个村的清单中每个事项只出现一次）")
        return self

    @property
    def campaign_key(self) -> str:
        return self.key or self.start.isoformat()

    @property
    def end(self) -> date:
        """The campaign's last day (day `length_days`)."""
        return self.start + timedelta(days=self.length_days)

    def milestone(self, key_or_item: str) -> Milestone | None:
        return next((m for m in self.milestones if key_or_item in (m.key, m.item)), None)
