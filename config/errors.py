"""User-facing errors: the CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input: where (file, row, key, id) and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DudaoError(Exception):
    """An error the user can fix. `problems` lists every place that needs fixing."""

    exit_code = 1

    def __init__(self, title: str, problems: list[Problem] | None = None):
        super().__init__(title)
        self.title = title
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.title, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class ConfigError(DudaoError):
    """The district config or the settings are invalid."""


class InputError(DudaoError):
    """A file, argument or id given on the command line is invalid; nothing was written."""


class NotFound(InputError):
    """An id or code names nothing in the ledger."""


class IllegalTransition(InputError):
    """A state change that the entity's lifecycle does not allow."""


# pydantic's own error types, in the user's words ({…} are the error's ctx values)
_PYDANTIC = {
    "missing": "缺少必填的键",
    "extra_forbidden": "未知的键（请检查拼写）",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数，不能有小数",
    "float_type": "应为数字", "float_parsing": "应为数字", "finite_number": "应为有限的数",
    "decimal_type": "应为数字", "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "string_type": "应为字符串",
    "string_too_short": "至少 {min_length} 个字符", "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符：应匹配 {pattern}",
    "greater_than": "应大于 {gt}", "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}", "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "list_type": "应为列表（[…]）", "tuple_type": "应为列表（[…]）", "set_type": "应为列表（[…]）",
    "dict_type": "应为表（{…}）", "model_type": "应为表（{…}）", "model_attributes_type": "应为表（{…}）",
    "too_short": "至少需要 {min_length} 项", "too_long": "最多 {max_length} 项",
    "date_type": "应为日期（YYYY-MM-DD）", "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）", "date_from_datetime_inexact": "应为日期，不带时刻",
    "datetime_type": "应为日期时间（YYYY-MM-DDTHH:MM）", "datetime_parsing": "应为日期时间（YYYY-MM-DDTHH:MM）",
    "datetime_from_date_parsing": "应为日期时间（YYYY-MM-DDTHH:MM）",
    "time_type": "应为时刻（HH:MM）", "time_parsing": "应为时刻（HH:MM）",
    "timezone_naive": "应为不带时区的当地时间", "timezone_aware": "应带时区",
    "url_type": "应为网址", "url_parsing": "应为网址", "url_scheme": "网址的协议应为 {expected_schemes}",
    "json_invalid": "不是有效的 JSON", "json_type": "应为 JSON 文本",
    "union_tag_invalid": "应为以下之一：{expected_tags}", "union_tag_not_found": "缺少区分类型的键 {discriminator}",
    "frozen_instance": "不可修改", "frozen_field": "不可修改",
}


def validation_message(err: dict) -> str:
    """A pydantic error (one item of `ValidationError.errors()`) in Simplified Chinese: our validators' own
    text (already Chinese), or pydantic's error type in the user's words with the value that was given."""
    if err.get("type") in ("value_error", "assertion_error"):
        return str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _PYDANTIC.get(str(err.get("type")))
    ctx = err.get("ctx") or {}
    try:
        message = template.format(**ctx).replace("' or '", "'、'") if template else f"取值无效（{err.get('msg', '')}）"
    except (KeyError, IndexError):
        message = template or ""
    if "input" in err and err.get("type") not in ("missing", "extra_forbidden") and not isinstance(
            err["input"], dict | list):
        message += f"（实际为 {err['input']!r}）"
    return message
