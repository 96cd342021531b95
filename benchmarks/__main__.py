"""python -m benchmarks [NAME…]: run every benchmark (or those naming a figure or a group) and print
`name: value unit`. A group (`nation`) runs only when named."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    for module in sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")):
        importlib.import_module(f"benchmarks.{module}")
    wanted = {f for name in argv for f in benchmarks.GROUPS.get(name, {name})}
    known = {f for figures, _ in benchmarks.REGISTRY for f in figures}
    opt_in = {f for figures in benchmarks.GROUPS.values() for f in figures}
    if wanted - known:
        print(f"unknown benchmark(s): {', '.join(sorted(wanted - known))}; known: {', '.join(sorted(known))}",
              file=sys.stderr)
        return 2
    for figures, fn in benchmarks.REGISTRY:
        if (wanted and not wanted & set(figures)) or (not wanted and set(figures) <= opt_in):
            continue
        for name, value, unit in fn():
            print(f"{name}: {value:.3f} {unit}" if isinstance(value, float) else f"{name}: {value} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
