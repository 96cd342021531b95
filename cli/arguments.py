"""The command line's door for text: an argument with a control character is refused before any command runs
(config/text.py says why), naming the option (or the argument's position) and the character."""

from __future__ import annotations

from contextlib import contextmanager

from typer.core import TyperGroup


class CheckedGroup(TyperGroup):
    """The root `dudao` group: it sees every argument of every sub-command before they are parsed."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        check_arguments(args)
        with usage_in_chinese():
            return super().parse_args(ctx, args)

    def invoke(self, ctx):
        with usage_in_chinese():  # the sub-commands' own parsing happens here
            return super().invoke(ctx)


# click's words for a mistyped command line, as the coordinator reads them
USAGE_WORDS = [
    (r"No such option: (\S+)", r"没有选项 \1"),
    (r" ?\(Possible options: ([^)]*)\)", r"（可能是：\1）"),
    (r"Did you mean '?([^'?]+)'?\?", r"是不是 \1？"),
    (r"Input should be a valid integer.*", r"应为整数"),
    (r"Input should be a valid (number|float).*", r"应为数"),
    (r"Missing option '([^']*)'\.?", r"缺少选项 \1"),
    (r"Missing argument '([^']*)'\.?", r"缺少参数 \1"),
    (r"Missing parameter: (\S+)", r"缺少参数 \1"),
    (r"Got unexpected extra arguments? \(([^)]*)\)", r"多余的参数：\1"),
    (r"No such command '([^']*)'\.?", r"没有命令 \1。"),
    (r"Option '([^']*)' requires an argument\.?", r"选项 \1 需要一个值"),
    (r"Option '([^']*)' does not take a value\.?", r"选项 \1 不带值"),
    (r"Invalid value for '([^']*)': ", r"\1 的值无效："),
    (r"'([^']*)' is not a valid integer(?: range)?\.?", r"'\1' 不是整数"),
    (r"'([^']*)' is not a valid float(?: range)?\.?", r"'\1' 不是数"),
    (r"'([^']*)' is not one of (.*)\.", r"'\1' 不是以下之一：\2"),
    (r"'([^']*)' is not a valid boolean\.?", r"'\1' 不是是/否"),
]


@contextmanager
def usage_in_chinese():
    """A click usage mistake (an unknown option, a missing argument, 'abc' for a number) ends like every other
    mistake: exit 1 and a Chinese message naming the option, never click's English and exit 2."""
    import re

    from config.errors import InputError, Problem

    try:
        from typer._click.exceptions import UsageError  # typer vendors its own click
    except ImportError:  # pragma: no cover - an older typer uses click itself
        from click.exceptions import UsageError
    try:
        yield
    except UsageError as exc:
        text = exc.format_message()
        for pattern, words in USAGE_WORDS:
            text = re.sub(pattern, words, text)
        command = exc.ctx.command_path if exc.ctx is not None else "dudao"
        raise InputError("命令行有误，未执行（未写入任何内容）", [
            Problem("", text), Problem("", f"用 `{command} --help` 查看用法")]) from None


def check_arguments(args: list[str]) -> None:
    from config.errors import InputError, Problem
    from config.text import control_character

    problems = []
    for i, arg in enumerate(args):
        option, eq, value = arg.partition("=") if arg.startswith("--") else ("", "", arg)
        problem = control_character(value if eq else arg)
        if problem is None:
            continue
        if eq:
            where = option
        elif i > 0 and args[i - 1].startswith("-") and "=" not in args[i - 1] and not arg.startswith("-"):
            where = args[i - 1]
        else:
            where = f"第 {i + 1} 个参数"
        problems.append(Problem(where, f"{problem}；请删除后重试"))
    if problems:
        raise InputError("参数含控制字符，未执行（未写入任何内容）", problems)
