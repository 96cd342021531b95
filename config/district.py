"""The district config (TOML): district, towns, teams, departments, contacts, cycles and rules.

`load_district_config(path)` returns a validated `DistrictConfig` or raises `ConfigError` listing
every problem with the file, the key path and what was expected.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from config.channels import NotificationsConfig
from config.cycles import CycleConfig, CycleKind
from config.errors import ConfigError, Problem, validation_message
from config.ledgers import ContractRules, ProjectRules
from config.limits import YEARS, YUAN
from config.meetings import MeetingCycleConfig
from config.ranking import CampaignConfig, RankingRules
from config.report import ReportConfig
from config.rules import (
    ContactConfig,
    DepartmentConfig,
    InspectionRules,
    IssueRules,
    ResearchRules,
    TeamConfig,
    TownConfig,
)
from config.schema_base import Strict

DEFAULT_SWEEP = {
    "key": "deadline-sweep",
    "kind": "deadline_sweep",
    "trigger": "DTSTART:20200101T090000\nRRULE:FREQ=DAILY",
    "holiday_policy": "skip",
}


# the words an escalation step may name besides unit tags (domain/issues/stages.py LADDER_TARGETS) and the fixed
# audiences (models/audience.py FIXED); the config layer sits below both, so they are repeated here
LADDER_WORDS = ("town-leader", "owner")
FIXED_AUDIENCES = ("office", "leadership", "coordinators")


class DistrictInfo(Strict):
    """The district (区) this installation serves."""

    code: str
    name: str
    province: str | None = Field(None, description="the province (省), named in the work report")
    income_floor_yuan: int = YUAN.field(50_000, description="every village should reach this (底线)")
    income_bands_yuan: list[YUAN.item()] = Field(default_factory=lambda: [100_000, 200_000])
    acting_user: str | None = Field(None, description="default actor for audit events")


class DemoConfig(Strict):
    """The fixed season the example district replays (`dudao demo`)."""

    season: int = YEARS.field(2022)
    roster: str = "roster.xlsx"


class DistrictConfig(Strict):
    district: DistrictInfo
    towns: list[TownConfig] = Field(default_factory=list)
    departments: list[DepartmentConfig] = Field(default_factory=list)
    teams: list[TeamConfig] = Field(default_factory=list)
    contacts: list[ContactConfig] = Field(default_factory=list)
    cycles: list[CycleConfig] = Field(default_factory=list)
    issues: IssueRules = Field(default_factory=IssueRules)
    inspection: InspectionRules = Field(default_factory=InspectionRules)
    research: ResearchRules = Field(default_factory=ResearchRules)
    campaign: CampaignConfig | None = None
    meetings: list[MeetingCycleConfig] = Field(default_factory=list)
    ranking: RankingRules = Field(default_factory=RankingRules)
    projects: ProjectRules = Field(default_factory=ProjectRules)
    contracts: ContractRules = Field(default_factory=ContractRules)
    notifications: NotificationsConfig = Field(default_factory=NotificationsConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
    demo: DemoConfig | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_sweep(cls, data: object) -> object:
        """The deadline sweep is an ordinary cycle with a shipped default: every working day at 09:00."""
        if isinstance(data, dict) and isinstance(data.get("cycles", []), list):
            cycles = data.get("cycles", [])
            if not any(isinstance(c, dict) and c.get("kind") == CycleKind.deadline_sweep for c in cycles):
                data = {**data, "cycles": [*cycles, DEFAULT_SWEEP]}
        return data

    def meeting(self, cycle_key: str) -> MeetingCycleConfig:
        """The [[meetings]] entry of a meeting cycle."""
        for m in self.meetings:
            if m.cycle == cycle_key:
                return m
        raise KeyError(cycle_key)

    def cycle(self, key: str) -> CycleConfig:
        for c in self.cycles:
            if c.key == key:
                return c
        raise KeyError(key)


def cross_references(cfg: DistrictConfig) -> list[Problem]:
    """What pydantic cannot see alone: duplicates and references between tables."""
    problems: list[Problem] = []
    _unique(problems, "towns", [t.code for t in cfg.towns], "code")
    _unique(problems, "towns", [t.name for t in cfg.towns], "name")
    _unique(problems, "teams", [t.key for t in cfg.teams], "key")
    _unique(problems, "departments", [d.key for d in cfg.departments], "key")
    _unique(problems, "cycles", [c.key for c in cfg.cycles], "key")
    town_names = {t.name for t in cfg.towns}
    if town_names:
        for i, team in enumerate(cfg.teams):
            homes = [(f"members[{j}]", m.home_town) for j, m in enumerate(team.members)]
            homes += [("leader", team.leader.home_town)] if team.leader.home_town else []
            for where, home in homes:
                if home not in town_names:
                    problems.append(Problem(
                        f"teams[{i}]({team.key}).{where}.home_town",
                        f"{home!r} 不是本区的镇街（可选：{'、'.join(sorted(town_names))}）",
                    ))
    cycle_keys = {c.key for c in cfg.cycles}
    for i, cycle in enumerate(cfg.cycles):
        if cycle.after is not None and cycle.after not in cycle_keys:
            problems.append(Problem(
                f"cycles[{i}]({cycle.key}).trigger",
                f"'after:{cycle.after}' 指向的周期不存在（可选：{', '.join(sorted(cycle_keys))}）",
            ))
        elif cycle.after == cycle.key:
            problems.append(Problem(f"cycles[{i}]({cycle.key}).trigger", "周期不能跟在自己之后"))
    dept_keys = {d.key for d in cfg.departments}
    for i, key in enumerate(cfg.research.departments):
        if key not in dept_keys:
            problems.append(Problem(
                f"research.departments[{i}]",
                f"{key!r} 不是已配置的成员单位（可选：{', '.join(sorted(dept_keys))}）",
            ))
    for i, m in enumerate(cfg.campaign.milestones if cfg.campaign else []):
        if m.owner.startswith("department:") and m.owner.removeprefix("department:") not in dept_keys:
            problems.append(Problem(f"campaign.milestones[{i}]({m.key}).owner",
                                    f"{m.owner!r} 不是已配置的成员单位"))
    # the shipped defaults name the example district's departments: checked against the ledger on import
    for i, kind in enumerate(cfg.projects.kinds if "projects" in cfg.model_fields_set else []):
        if kind.lead and kind.lead not in dept_keys:
            problems.append(Problem(f"projects.kinds[{i}]({kind.key}).lead",
                                    f"{kind.lead!r} 不是已配置的成员单位（可选："
                                    f"{', '.join(sorted(dept_keys))}）"))
    for i, stage in enumerate(cfg.contracts.stages if "contracts" in cfg.model_fields_set else []):
        if stage.owner.startswith("department:") and stage.owner.removeprefix("department:") not in dept_keys:
            problems.append(Problem(f"contracts.stages[{i}]({stage.key}).owner",
                                    f"{stage.owner!r} 不是已配置的成员单位"))
    problems += _meeting_references(cfg)
    if any(c.kind is CycleKind.campaign for c in cfg.cycles) and cfg.campaign is None:
        problems.append(Problem("campaign", "配置了百日攻坚周期，但没有 [campaign] 表"))
    problems += _after_loops(cfg)
    problems += _avoided_by_all(cfg)
    problems += _escalation_targets(cfg)
    return problems


def _after_loops(cfg: DistrictConfig) -> list[Problem]:
    """`after:` chains that come back to where they started (a → b → a): none of them would ever run."""
    follows = {c.key: c.after for c in cfg.cycles if c.after is not None}
    problems, reported = [], set()
    for i, cycle in enumerate(cfg.cycles):
        chain, key = [cycle.key], follows.get(cycle.key)
        while key is not None and key not in chain and key in follows:
            chain.append(key)
            key = follows[key]
        if key is not None and key == cycle.key and len(chain) > 1 and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            problems.append(Problem(f"cycles[{i}]({cycle.key}).trigger", (
                f"after: 形成循环 {' → '.join([*chain, cycle.key])}：循环中的周期互相等待，永远不会运行；"
                "请让其中一个周期按日程（DTSTART/RRULE）触发")))
    return problems


def _avoided_by_all(cfg: DistrictConfig) -> list[Problem]:
    """A town every team must avoid (回避) cannot be inspected by anyone: every round would fail on it."""
    if not cfg.teams:
        return []
    avoided = set.intersection(*(t.avoided_towns for t in cfg.teams))
    return [Problem(f"towns({name})", f"每个督导组都有成员来自{name}（回避），没有督导组能督查该镇街；"
                                      "请调整督导组成员或增加一个督导组")
            for name in sorted(avoided)]


def _escalation_targets(cfg: DistrictConfig) -> list[Problem]:
    """An escalation step must notify someone dudao can reach: the town's leader, the owner, a fixed audience
    (office, leadership, coordinators), a configured department, team or town, or a channel's tag."""
    from fnmatch import fnmatchcase

    known = {*LADDER_WORDS, *FIXED_AUDIENCES, *(f"department:{d.key}" for d in cfg.departments),
             *(f"team:{t.key}" for t in cfg.teams), *(f"town:{t.code}" for t in cfg.towns)}
    tags = [tag for c in cfg.notifications.channels for tag in c.tags]
    problems = []
    for i, step in enumerate(cfg.issues.escalation):
        if step.notify not in known and not any(fnmatchcase(step.notify, tag) for tag in tags):
            problems.append(Problem(f"issues.escalation[{i}].notify", (
                f"{step.notify!r} 不是可通知的对象；应为 town-leader、owner、office、leadership、coordinators、"
                "已配置的 department:<key>、team:<key>、town:<code> 或某个通知渠道的 tags")))
    return problems


def _meeting_references(cfg: DistrictConfig) -> list[Problem]:
    """Each [[meetings]] entry names a `meeting` cycle, at most once; each `meeting` cycle has its entry."""
    problems: list[Problem] = []
    cycles = {c.key: c for c in cfg.cycles}
    _unique(problems, "meetings", [m.cycle for m in cfg.meetings], "cycle")
    for i, m in enumerate(cfg.meetings):
        cycle = cycles.get(m.cycle)
        if cycle is None:
            problems.append(Problem(f"meetings[{i}].cycle", f"{m.cycle!r} 指向的周期不存在（可选："
                                                            f"{', '.join(sorted(cycles))}）"))
        elif cycle.kind is not CycleKind.meeting:
            problems.append(Problem(f"meetings[{i}].cycle", f"周期 {m.cycle!r} 的类型是 {cycle.kind.value}；"
                                                            "应为 kind = \"meeting\""))
    named = {m.cycle for m in cfg.meetings}
    for i, c in enumerate(cfg.cycles):
        if c.kind is CycleKind.meeting and c.key not in named:
            problems.append(Problem(f"cycles[{i}]({c.key})", "会议周期须有对应的 [[meetings]] 条目"
                                                             "（cycle、kind = weekly|joint、participants）"))
    return problems


def _unique(problems: list[Problem], table: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for i, v in enumerate(values):
        if v in seen:
            problems.append(Problem(f"{table}[{i}].{field}", f"{v!r} 出现了两次；各项应互不相同"))
        seen.add(v)


def load_district_config(path: Path | str) -> DistrictConfig:
    """Read and validate a district config file; raise ConfigError naming every problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM (Windows Notepad) is not an error
    except FileNotFoundError:
        raise ConfigError("找不到配置文件", [Problem(str(path), "文件不存在")]) from None
    except OSError as exc:  # a folder, a name too long, no permission
        raise ConfigError("无法读取配置文件", [Problem(str(path)[:200], exc.strerror or str(exc))]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("配置文件不是有效的 TOML", [Problem(str(path), str(exc))]) from None
    control = [Problem(f"{path}: {_key_path(raw, loc)}", f"{message}；请删除后重试")
               for loc, message in _control_strings(raw, [])]
    control += [Problem(f"{path}: {_key_path(raw, loc)}", message) for loc, message in _out_of_range(raw, [])]
    if control:
        raise ConfigError(f"区配置 {path} 含控制字符或超出范围的值", control)
    try:
        cfg = DistrictConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            f"区配置 {path} 无效", [_problem(path, raw, err) for err in exc.errors()]
        ) from None
    problems = cross_references(cfg)
    if problems:
        raise ConfigError(
            f"区配置 {path} 无效", [Problem(f"{path}: {p.where}", p.message) for p in problems]
        )
    return cfg


def _problem(path: Path, raw: dict, err: dict) -> Problem:
    loc = [part for part in err["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
    where = _key_path(raw, loc)
    message = validation_message(err)
    return Problem(f"{path}: {where}" if where else str(path), message)


def _control_strings(node: object, loc: list):
    """(location, what is wrong) of every key or string value of the raw config holding a control character."""
    from config.text import control_character

    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(key, str) and (problem := control_character(key)):
            yield [*loc, key], f"键名{problem}"
        if isinstance(value, str):
            if problem := control_character(value):
                yield [*loc, key], problem
        else:
            yield from _control_strings(value, [*loc, key])


BIGGEST = 10**15  # no number of a district config comes near this (config/limits.py states each field's range)


def _out_of_range(node: object, loc: list):
    """(location, what is wrong) of every number or date of the raw config that no field could accept: a
    date outside config.limits.YEARS, inf or nan, a whole number beyond 10^15 (the fields' own ranges are
    checked by the model)."""
    import math
    from datetime import date

    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, date) and (problem := YEARS.problem(value.year)):
            yield [*loc, key], f"日期 {value.isoformat()}：{problem}"
        elif isinstance(value, float) and not math.isfinite(value):
            yield [*loc, key], f"{value!r} 不是有限的数"
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > BIGGEST:
            yield [*loc, key], f"{value} 超出范围：数值须在 ±{BIGGEST:,} 之内"
        elif isinstance(value, dict | list):
            yield from _out_of_range(value, [*loc, key])


def _key_path(raw: object, loc: list) -> str:
    """Render a pydantic location as a TOML key path, naming list items by their key when they have one."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            label = f"[{part}]"
            if isinstance(node, list) and part < len(node) and isinstance(node[part], dict):
                item = node[part]
                ident = item.get("key") or item.get("name") or item.get("code")
                if ident:
                    label = f"[{part}]({ident})"
                node = item
            else:
                node = None
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)
