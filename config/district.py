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
from config.errors import ConfigError, Problem
from config.ledgers import ContractRules, ProjectRules
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


class DistrictInfo(Strict):
    """The district (区) this installation serves."""

    code: str
    name: str
    province: str | None = Field(None, description="the province (省), named in the work report")
    income_floor_yuan: int = Field(50_000, ge=0, description="every village should reach this (底线)")
    income_bands_yuan: list[int] = Field(default_factory=lambda: [100_000, 200_000])
    acting_user: str | None = Field(None, description="default actor for audit events")


class DemoConfig(Strict):
    """The fixed season the example district replays (`dudao demo`)."""

    season: int = 2022
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
                        f"{home!r} is not a town of this district (expected one of: {', '.join(sorted(town_names))})",
                    ))
    cycle_keys = {c.key for c in cfg.cycles}
    for i, cycle in enumerate(cfg.cycles):
        if cycle.after is not None and cycle.after not in cycle_keys:
            problems.append(Problem(
                f"cycles[{i}]({cycle.key}).trigger",
                f"'after:{cycle.after}' names no cycle (expected one of: {', '.join(sorted(cycle_keys))})",
            ))
        elif cycle.after == cycle.key:
            problems.append(Problem(f"cycles[{i}]({cycle.key}).trigger", "a cycle cannot follow itself"))
    dept_keys = {d.key for d in cfg.departments}
    for i, key in enumerate(cfg.research.departments):
        if key not in dept_keys:
            problems.append(Problem(
                f"research.departments[{i}]",
                f"{key!r} is not a configured department (expected one of: {', '.join(sorted(dept_keys))})",
            ))
    for i, m in enumerate(cfg.campaign.milestones if cfg.campaign else []):
        if m.owner.startswith("department:") and m.owner.removeprefix("department:") not in dept_keys:
            problems.append(Problem(f"campaign.milestones[{i}]({m.key}).owner",
                                    f"{m.owner!r} names no configured department"))
    # the shipped defaults name the example district's departments: checked against the ledger on import
    for i, kind in enumerate(cfg.projects.kinds if "projects" in cfg.model_fields_set else []):
        if kind.lead and kind.lead not in dept_keys:
            problems.append(Problem(f"projects.kinds[{i}]({kind.key}).lead",
                                    f"{kind.lead!r} is not a configured department (expected one of: "
                                    f"{', '.join(sorted(dept_keys))})"))
    for i, stage in enumerate(cfg.contracts.stages if "contracts" in cfg.model_fields_set else []):
        if stage.owner.startswith("department:") and stage.owner.removeprefix("department:") not in dept_keys:
            problems.append(Problem(f"contracts.stages[{i}]({stage.key}).owner",
                                    f"{stage.owner!r} names no configured department"))
    problems += _meeting_references(cfg)
    if any(c.kind is CycleKind.campaign for c in cfg.cycles) and cfg.campaign is None:
        problems.append(Problem("campaign", "a campaign cycle is configured but there is no [campaign] table"))
    return problems


def _meeting_references(cfg: DistrictConfig) -> list[Problem]:
    """Each [[meetings]] entry names a `meeting` cycle, at most once; each `meeting` cycle has its entry."""
    problems: list[Problem] = []
    cycles = {c.key: c for c in cfg.cycles}
    _unique(problems, "meetings", [m.cycle for m in cfg.meetings], "cycle")
    for i, m in enumerate(cfg.meetings):
        cycle = cycles.get(m.cycle)
        if cycle is None:
            problems.append(Problem(f"meetings[{i}].cycle", f"{m.cycle!r} names no cycle (expected one of: "
                                                            f"{', '.join(sorted(cycles))})"))
        elif cycle.kind is not CycleKind.meeting:
            problems.append(Problem(f"meetings[{i}].cycle", f"cycle {m.cycle!r} is of kind {cycle.kind.value}; "
                                                            "expected kind = \"meeting\""))
    named = {m.cycle for m in cfg.meetings}
    for i, c in enumerate(cfg.cycles):
        if c.kind is CycleKind.meeting and c.key not in named:
            problems.append(Problem(f"cycles[{i}]({c.key})", "a meeting cycle needs its [[meetings]] entry "
                                                             "(cycle, kind = weekly|joint, participants)"))
    return problems


def _unique(problems: list[Problem], table: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for i, v in enumerate(values):
        if v in seen:
            problems.append(Problem(f"{table}[{i}].{field}", f"{v!r} appears twice; expected unique values"))
        seen.add(v)


def load_district_config(path: Path | str) -> DistrictConfig:
    """Read and validate a district config file; raise ConfigError naming every problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("config file not found", [Problem(str(path), "no such file")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("the config file is not valid TOML", [Problem(str(path), str(exc))]) from None
    control = [Problem(f"{path}: {_key_path(raw, loc)}", f"{message}；请删除后重试")
               for loc, message in _control_strings(raw, [])]
    if control:
        raise ConfigError(f"区配置 {path} 含控制字符", control)
    try:
        cfg = DistrictConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            f"the district config {path} is invalid", [_problem(path, raw, err) for err in exc.errors()]
        ) from None
    problems = cross_references(cfg)
    if problems:
        raise ConfigError(
            f"the district config {path} is invalid", [Problem(f"{path}: {p.where}", p.message) for p in problems]
        )
    return cfg


def _problem(path: Path, raw: dict, err: dict) -> Problem:
    loc = [part for part in err["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
    where = _key_path(raw, loc)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "required key is missing"
    elif err["type"] == "extra_forbidden":
        message = "unknown key (check the spelling)"
    elif "input" in err and err["type"] not in {"value_error", "assertion_error"}:
        message = f"{message} (got {err['input']!r})"
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
