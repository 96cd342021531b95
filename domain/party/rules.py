"""The party ledgers' rules on plain values: the names users write (星级, 等次, 类别 …) and when a found case
of a qualification review is reminded, due or overdue (working days through the calendar)."""

from __future__ import annotations

from datetime import date

from domain.calendar import WorkingCalendar
from models.party import (
    AssessGrade,
    AttendeeRole,
    ExcellentCategory,
    OrgKind,
    RatingLevel,
    ReviewFinding,
    ReviewLevel,
    TrainingKind,
)

ORG_KINDS = {"党支部": OrgKind.branch, "党总支": OrgKind.general_branch, "党委": OrgKind.committee,
             "branch": OrgKind.branch, "general_branch": OrgKind.general_branch, "committee": OrgKind.committee}
ORG_KIND_NAMES = {OrgKind.branch: "党支部", OrgKind.general_branch: "党总支", OrgKind.committee: "党委"}
STARS = {"五星": 5, "五星级": 5, "5": 5, "四星": 4, "四星级": 4, "4": 4, "三星": 3, "三星级": 3, "3": 3,
         "二星": 2, "二星级": 2, "2": 2, "一星": 1, "一星级": 1, "1": 1}
STAR_NAMES = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级"}
RATING_LEVELS = {"市级": RatingLevel.city, "区级": RatingLevel.district, "city": RatingLevel.city,
                 "district": RatingLevel.district}
RATING_LEVEL_NAMES = {RatingLevel.city: "市级", RatingLevel.district: "区级"}
REVIEW_LEVELS = {"区级": ReviewLevel.district, "镇级": ReviewLevel.town, "区": ReviewLevel.district,
                 "镇": ReviewLevel.town, "district": ReviewLevel.district, "town": ReviewLevel.town}
REVIEW_LEVEL_NAMES = {ReviewLevel.district: "区级", ReviewLevel.town: "镇级"}
FINDINGS = {"通过": ReviewFinding.clear, "符合": ReviewFinding.clear, "符合任职条件": ReviewFinding.clear,
            "有违法记录": ReviewFinding.record, "违法记录": ReviewFinding.record,
            "其他不符合情形": ReviewFinding.other, "其他": ReviewFinding.other,
            "clear": ReviewFinding.clear, "record": ReviewFinding.record, "other": ReviewFinding.other}
FINDING_NAMES = {ReviewFinding.clear: "符合任职条件", ReviewFinding.record: "有违法记录",
                 ReviewFinding.other: "其他不符合情形"}
GRADES = {"好": AssessGrade.excellent, "优秀": AssessGrade.excellent, "较好": AssessGrade.good,
          "良好": AssessGrade.good, "一般": AssessGrade.fair, "差": AssessGrade.poor, "较差": AssessGrade.poor,
          "excellent": AssessGrade.excellent, "good": AssessGrade.good, "fair": AssessGrade.fair,
          "poor": AssessGrade.poor}
GRADE_NAMES = {AssessGrade.excellent: "好", AssessGrade.good: "较好", AssessGrade.fair: "一般",
               AssessGrade.poor: "差"}
CATEGORIES = {"优秀村（社区）书记": ExcellentCategory.secretary, "优秀书记": ExcellentCategory.secretary,
              "优秀村（社区）干部": ExcellentCategory.cadre, "优秀干部": ExcellentCategory.cadre,
              "secretary": ExcellentCategory.secretary, "cadre": ExcellentCategory.cadre}
CATEGORY_NAMES = {ExcellentCategory.secretary: "优秀村（社区）书记", ExcellentCategory.cadre: "优秀村（社区）干部"}
TRAINING_KINDS = {"轮训": TrainingKind.rotation, "专题": TrainingKind.topical, "专题培训": TrainingKind.topical,
                  "其他": TrainingKind.other, "rotation": TrainingKind.rotation, "topical": TrainingKind.topical,
                  "other": TrainingKind.other}
TRAINING_KIND_NAMES = {TrainingKind.rotation: "轮训", TrainingKind.topical: "专题", TrainingKind.other: "其他"}
ROLES = {"村（社区）干部": AttendeeRole.cadre, "村干部": AttendeeRole.cadre, "干部": AttendeeRole.cadre,
         "农村党员": AttendeeRole.member, "党员": AttendeeRole.member, "cadre": AttendeeRole.cadre,
         "member": AttendeeRole.member}
ROLE_NAMES = {AttendeeRole.cadre: "村（社区）干部", AttendeeRole.member: "农村党员"}

DEFAULT_HANDLE_DAYS = 20  # a found case is handled (会商处理) within 20 working days of the review
DEFAULT_RECTIFY_DAYS = 60  # a weak-and-lax organisation is rectified within 60 working days


def handle_deadline(reviewed_on: date, calendar: WorkingCalendar, days: int = DEFAULT_HANDLE_DAYS) -> date:
    """The working day by which a case found on `reviewed_on` is to be handled."""
    return calendar.add_working_days(reviewed_on, days)


def review_stage(deadline: date, today: date, calendar: WorkingCalendar, warn_days: int) -> tuple[str, int] | None:
    """Which notice an unhandled case is due today: ('review-remind', working days left) within `warn_days`
    working days of its deadline, ('review-due', 0) on the day, ('review-overdue', working days late) after
    it; None while there is time."""
    if today > deadline:
        return "review-overdue", max(1, calendar.working_days_between(deadline, today))
    left = calendar.working_days_between(today, deadline)
    if left == 0:
        return "review-due", 0
    if left <= warn_days:
        return "review-remind", left
    return None
