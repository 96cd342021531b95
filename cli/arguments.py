"""The command line's door for text: an argument with a control character is refused before any command runs
(config/text.py says why), naming the option (or the argument's position) and the character."""

from __future__ import annotations

from typer.core import TyperGroup


class CheckedGroup(TyperGroup):
    """The root `dudao` group: it sees every argument of every sub-command before they are parsed."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        check_arguments(args)
        return super().parse_args(ctx, args)


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
