"""Template and import commands shared by `dudao party | cadres | training` (one pair per group, the
group's ledgers as the KIND argument)."""


from pathlib import Path
from typing import Annotated

import typer

from cli.options import AsOf, By, Json


def _kind(kind: str, kinds: dict[str, str]) -> str:
    from config.errors import InputError, Problem

    if kind not in kinds:
        raise InputError("台账类型不对", [Problem(kind, f"应为：{'、'.join(f'{k}（{v}）' for k, v in kinds.items())}")])
    return kind


def register(app: typer.Typer, kinds: dict[str, str]) -> None:
    """Add `template KIND OUT.xlsx` and `import KIND FILE` for the ledgers `kinds` (key → Chinese name)."""
    listing = "、".join(f"{k}（{v}）" for k, v in kinds.items())

    @app.command("template")
    def template(kind: Annotated[str, typer.Argument(help=f"台账：{listing}。")],
                 out: Annotated[Path, typer.Argument(help="写出的空白模板（.xlsx）。")]) -> None:
        """写出台账的空白导入模板（表头和一行示例）。"""
        from cli.output import say
        from domain.party import SHEET_NAMES, party_template

        path = party_template(_kind(kind, kinds), out)
        say(f"已写出{SHEET_NAMES[kind]}模板：{path}")

    @app.command("import")
    def import_(kind: Annotated[str, typer.Argument(help=f"台账：{listing}。")],
                file: Annotated[Path, typer.Argument(help="台账表（.xlsx 或 .csv）。")],
                as_of: AsOf = None, by: By = None, as_json: Json = False) -> None:
        """导入台账表：全部正确才写入（每处错误注明行号和列名），按自然键更新，重复导入不产生变化。"""
        from adapters.sheets import read_table
        from cli import context
        from cli.output import emit_json, say
        from domain.party import SHEET_NAMES, import_party_sheet

        _kind(kind, kinds)
        table = read_table(file)
        with context.work(as_of, by, acting=True) as uow:
            done = import_party_sheet(uow, kind, table)
        if as_json:
            emit_json(done.as_dict())
            return
        say(f"{SHEET_NAMES[kind]}：{done.synced.summary()}"
            + (f"；整顿问题{len(done.issues)}个（{'、'.join(map(str, done.issues))}）" if done.issues else ""))
