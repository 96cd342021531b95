"""What a coordinator reads in an error is Simplified Chinese (issue 15, item 15).

The test walks the AST of every package a user's error can come from and checks the text of:

- every `Problem(where, message)`: its message (the second argument; `where` stays as the user typed it:
  a file, a row, a column header, an option name, an id);
- every user-facing error raised or built (`DudaoError` and its subclasses, wherever they are defined):
  its headline (the first argument);
- every `ValueError` raised in `config/` (pydantic validators and the helpers they call): pydantic hands
  its text to `dudao config check`;
- every message handed to a function whose parameter is called `message` (`say`, `warn`, a sheet row's
  `bad(column, message)`, the web board's `flash`) and to `typer.echo`;
- every `--help` text of cli/ (`help=` and the first paragraph of a command's docstring).

A string literal (or an f-string's constant part) of that text that holds a Latin letter must hold a CJK
character too. Keys, option names and values inserted into the text stay as they are; the words around
them are Chinese. The allow-list names the few errors only a defect can raise, each with its reason.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cli", "domain", "config", "web", "adapters", "notifications", "flows", "models")

LETTERS = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")

# (module path, the error's class, a fragment of its text) -> why it may stay English.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("flows/runtime.py", "DudaoError", "no free port on 127.0.0.1"):
        "a defect or an exhausted machine: every port of the local range is taken; never a user's input",
}


@dataclass(frozen=True)
class Offender:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}(… {self.text!r} …)"


def _user_error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """DudaoError and every class derived from it in the code base (by name, transitively)."""
    names = {"DudaoError"}
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    changed = True
    while changed:
        changed = False
        for cls, parents in bases.items():
            if cls not in names and parents & names:
                names.add(cls)
                changed = True
    return names


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _constant_only(node: ast.AST) -> bool:
    """A string constant, or a conditional between such (`hint = "…" if … else "…"`)."""
    if isinstance(node, ast.IfExp):
        return _constant_only(node.body) and _constant_only(node.orelse)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _assigned(name: str, scope: ast.AST | None) -> list[ast.AST]:
    """The values assigned to a local name in a function (every assignment, wherever it is)."""
    if scope is None:
        return []
    values: list[ast.AST] = []
    for sub in ast.walk(scope):
        if isinstance(sub, ast.Assign):
            targets = sub.targets
        elif isinstance(sub, ast.AnnAssign | ast.AugAssign) and sub.value is not None:
            targets = [sub.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            values.append(sub.value)
    return values


def _returns(function: ast.FunctionDef) -> list[ast.AST]:
    """The values a function returns itself (not those of functions nested in it)."""
    out: list[ast.AST] = []
    todo = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return) and node.value is not None:
            out.append(node.value)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return out


def _texts(node: ast.AST | None, scope: ast.AST | None, functions: dict[str, ast.FunctionDef] | None = None,
           depth: int = 0) -> list[str]:
    """The literal text parts of a message expression: constants, f-string parts (and a local name inserted
    into an f-string when it only ever holds string constants), both arms of a conditional, concatenations,
    `"…".format(…)`, `"…" % …`, a local name's assigned values, and what a function of the same module called
    for the message returns."""
    functions = functions or {}
    if node is None or depth > 3:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        texts = ["".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))]
        for v in node.values:
            if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name):
                values = _assigned(v.value.id, scope)
                if values and all(_constant_only(x) for x in values):
                    texts += [t for x in values for t in _texts(x, None)]
        return texts
    if isinstance(node, ast.IfExp):
        return _texts(node.body, scope, functions, depth) + _texts(node.orelse, scope, functions, depth)
    if isinstance(node, ast.BoolOp):
        return [t for v in node.values for t in _texts(v, scope, functions, depth)]
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod):
            return _texts(node.left, scope, functions, depth)
        return _texts(node.left, scope, functions, depth) + _texts(node.right, scope, functions, depth)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _texts(node.func.value, scope, functions, depth)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
        function = functions[node.func.id]
        return [t for r in _returns(function) for t in _texts(r, function, functions, depth + 1)]
    if isinstance(node, ast.Name):
        return [t for v in _assigned(node.id, scope) for t in _texts(v, None, functions, depth + 1)]
    return []


MARKUP = re.compile(r"\[/?[a-z ]*\]")  # rich's style tags ([bold], [/yellow]) are not words


QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|<[^>]*>|\{[^}]*\}")  # commands, keys, examples, placeholders
PHRASE = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")  # "is not a", "fill in the": English prose


def _is_english(text: str) -> bool:
    """Latin words and no CJK at all, or an English phrase (three words) left among Chinese ones."""
    text = MARKUP.sub("", text)
    if not CJK.search(text):
        return bool(LETTERS.search(text))
    return bool(PHRASE.search(QUOTED.sub("", text)))


def _arg(call: ast.Call, index: int, keyword: str) -> ast.AST | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _message_helpers(trees: dict[str, ast.Module]) -> dict[str, int]:
    """Functions that pass a `message` parameter on to the user (a row's `bad(column, message)`, `_at(…,
    message)`, `say(message)`, `warn(message)`, the web board's `Refused(message)`): name -> the parameter's
    position."""
    helpers: dict[str, int] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):  # `Refused(message)`: a class built with the message
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                names = [a.arg for a in init.args.args[1:]] if init else []
                if "message" in names:
                    helpers[node.name] = names.index("message")
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("__"):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                if "message" in names:
                    helpers[node.name] = names.index("message") - (1 if names and names[0] in ("self", "cls") else 0)
    return helpers


def _modules() -> dict[str, ast.Module]:
    trees: dict[str, ast.Module] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "examples" in path.parts:  # the example district's data generators: not user text
                continue
            rel = path.relative_to(ROOT).as_posix()
            trees[rel] = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    return trees


def _parents(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _scope(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.AST | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return node
    return None


def _message_of(node: ast.Call, rel: str, parents: dict[ast.AST, ast.AST], errors: set[str],
                helpers: dict[str, int]) -> ast.AST | None:
    """The argument of a call that a user reads, if the call is one the harness checks."""
    name = _name(node.func)
    if name == "Problem":
        return _arg(node, 1, "message")
    if name in errors:
        return _arg(node, 0, "title")
    if name == "ValueError" and rel.startswith("config/") and isinstance(parents.get(node), ast.Raise):
        return _arg(node, 0, "")
    if name in {"echo", "secho"}:
        return _arg(node, 0, "message")
    if name in helpers:
        return _arg(node, helpers[name], "message")
    return None


def offenders() -> list[Offender]:
    trees = _modules()
    errors = _user_error_classes(trees)
    helpers = _message_helpers(trees)
    found: list[Offender] = []
    for rel, tree in trees.items():
        parents = _parents(tree)
        functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            message = _message_of(node, rel, parents, errors, helpers)
            for text in _texts(message, _scope(node, parents), functions):
                if _is_english(text):
                    found.append(Offender(rel, node.lineno, _name(node.func), text))
    return found


def _allowed(offender: Offender) -> bool:
    return any(path == offender.path and call == offender.call and fragment in offender.text
               for path, call, fragment in ALLOWED)


def test_every_error_a_user_reads_is_chinese():
    bad = [o for o in offenders() if not _allowed(o)]
    assert not bad, f"{len(bad)} error text(s) a user reads are not Chinese:\n" + "\n".join(map(str, bad))


def help_offenders() -> list[Offender]:
    """`--help` text of cli/ that is not Chinese: every `help=`/`short_help=`/`epilog=` string and the first
    paragraph of every command's docstring (typer shows it as the command's help)."""
    found: list[Offender] = []
    for rel, tree in _modules().items():
        if not rel.startswith("cli/"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg in ("help", "short_help", "epilog"):
                found += [Offender(rel, c.lineno, node.arg, c.value) for c in ast.walk(node.value)
                          if isinstance(c, ast.Constant) and isinstance(c.value, str) and _is_english(c.value)]
            elif isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and _name(d.func) in ("command", "callback") for d in node.decorator_list):
                doc = (ast.get_docstring(node) or "").split("\n\n")[0]
                if _is_english(doc):
                    found.append(Offender(rel, node.lineno, f"def {node.name}", doc))
    return found


def test_every_help_text_is_chinese():
    bad = help_offenders()
    assert not bad, f"{len(bad)} --help text(s) are not Chinese:\n" + "\n".join(map(str, bad))


def test_the_allow_list_names_only_texts_that_exist():
    """An allow-list entry whose text was translated or removed is dropped, not kept as a loophole."""
    present = offenders()
    stale = [key for key in ALLOWED
             if not any(o.path == key[0] and o.call == key[1] and key[2] in o.text for o in present)]
    assert not stale, f"allow-list entries that match nothing: {stale}"
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_harness_sees_an_english_message(tmp_path):
    """The walk itself finds English in each kind of call it checks (so a green run means something)."""
    source = (
        "from config.errors import InputError, Problem\n"
        "def f(x):\n"
        "    msg = 'no such thing'\n"
        "    raise InputError(msg, [Problem('--town', f'{x} is unknown'), Problem('x', '未知：' + 'ok中')])\n"
    )
    tree = ast.parse(source)
    scope = tree.body[1]
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n.func) in {"InputError", "Problem"}]
    texts = {(_name(c.func), t) for c in calls
             for t in _texts(_arg(c, 0 if _name(c.func) == "InputError" else 1, ""), scope)}
    english = {t for _, t in texts if _is_english(t)}
    assert english == {"no such thing", " is unknown"}
