"""ODP payload validation: cold start and per-payload cost against naive whole-schema validation.

Run with ``.venv/bin/python bench/odp_validation.py [--quick]``. No database or server is needed.
Payloads are the vendored examples (``tests/fixtures/odp/``, 13 application + 17
prototypeApplication), each also broken two ways: "typical" (three mistakes: a wrong enum value,
a malformed uuid, an unexpected property) and "badly" (300 random leaves replaced, seeded).

Rows (ratio = baseline time / measured time; above 1 the measured way is faster):

1. Cold start: importing ``services.planning.odp`` and ``warm_up()`` (parse the two schemas, build
   the dispatch forms, compile two jsonschema-rs validators), then the first payload.
2. Per payload: ``check()`` (type code first, then the shape's dispatch validator, then the
   errors worded as pointers) against the naive way with the same library: jsonschema-rs
   ``iter_errors`` on the whole, unmodified schema (every branch of the root ``anyOf``).
   Also the alternative design, one validator per (shape, type): compile time and resident
   memory of the 95 prototypeApplication branch validators.
3. Other libraries (skipped when not installed; neither is a Vesta dependency): pure-Python
   ``jsonschema`` per type branch on every example, and on the whole schema for a couple of
   payloads under ``--timeout``; ``fastjsonschema`` compiling a few branches.

Every figure comes from this run; the machine's load moves them, so compare ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib.metadata
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from _common import PROJECT_ROOT, BenchTimeout, median_ms, percentile_ms, speed_ratio, watchdog
from rich.console import Console
from rich.table import Table

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "odp"
SHAPES = ("application", "prototypeApplication")
progress = Console(stderr=True)
Payload = dict[str, Any]
TYPE_PATH = ("data", "application", "type")


@dataclass(frozen=True, slots=True)
class Row:
    case: str
    measured: Sequence[float]  # seconds
    baseline: Sequence[float] = ()
    note: str = ""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="timed runs per payload")
    parser.add_argument("--timeout", type=int, help="seconds per naive row (90; --quick 30)")
    parser.add_argument("--quick", action="store_true", help="5 rounds, short timeouts")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 5
    args.timeout = args.timeout or (30 if args.quick else 90)
    return args


def load_examples() -> dict[str, list[tuple[str, Payload]]]:
    return {
        shape: [
            (str(p.relative_to(FIXTURES / shape)), json.loads(p.read_text(encoding="utf-8")))
            for p in sorted((FIXTURES / shape).rglob("*.json"))
        ]
        for shape in SHAPES
    }


def typical_break(payload: Payload) -> Payload:
    broken = copy.deepcopy(payload)
    broken["data"]["user"]["role"] = "nobody"
    broken["metadata"]["id"] = "not-a-uuid"
    broken["data"]["proposal"]["colour"] = "red"
    return broken


def bad_break(payload: Payload, seed: int, changes: int = 300) -> Payload:
    """Replace ``changes`` random leaves (scalars, empty lists), never the type code."""
    rng = random.Random(seed)
    broken = copy.deepcopy(payload)
    values = [None, 5, "x", True, [], {"unexpected": [1]}, "2025-13-45"]
    protected = ("applicationType",) if "applicationType" in broken else TYPE_PATH
    for _ in range(changes):
        parent: Any = broken
        path = [rng.choice(list(broken))]
        while isinstance(parent[path[-1]], dict | list) and parent[path[-1]]:
            parent = parent[path[-1]]
            keys = list(parent) if isinstance(parent, dict) else range(len(parent))
            path.append(rng.choice(keys))
        if not _on_the_way(path, protected):
            parent[path[-1]] = copy.deepcopy(rng.choice(values))
    return broken


def _on_the_way(path: Sequence[Any], protected: tuple[str, ...]) -> bool:
    n = min(len(path), len(protected))
    return tuple(path[:n]) == protected[:n]


def timed_runs(func: Callable[[], object], rounds: int) -> list[float]:
    """``rounds`` timed runs after an uncounted warm-up; ``rounds=0``: one run, counted."""
    if rounds == 0:
        start = time.perf_counter()
        func()
        return [time.perf_counter() - start]
    func()
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def per_payload(
    payloads: Sequence[Payload], func: Callable[[Payload], object], rounds: int
) -> list[float]:
    """The median time of each payload (so every payload weighs the same)."""
    samples = []
    for payload in payloads:
        runs = timed_runs(lambda p=payload: func(p), rounds)
        samples.append(sorted(runs)[len(runs) // 2])
    return samples


# --- the rows -----------------------------------------------------------------------------


_COLD = """
import json, sys, time
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
t0, m0 = time.perf_counter(), rss()
from services.planning.odp import validation
t1 = time.perf_counter()
validation.warm_up()
t2, m2 = time.perf_counter(), rss()
validation.check(json.load(open(sys.argv[1])))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "warm": t2 - t1, "first": t3 - t2, "mib": m2 - m0}))
"""
_PER_TYPE = """
import json, time
import jsonschema_rs
from services.planning.odp.catalogue import load_schema
from services.planning.odp.validation import is_uuid
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
root = load_schema("prototypeApplication")
t0, m0 = time.perf_counter(), rss()
keep = [
    jsonschema_rs.Draft7Validator(
        {"$schema": root["$schema"], "definitions": root["definitions"], "$ref": b["$ref"]},
        validate_formats=True, formats={"uuid": is_uuid},
    )
    for b in root["anyOf"]
]
print(json.dumps({"compile": time.perf_counter() - t0, "mib": rss() - m0, "n": len(keep)}))
"""


def in_child(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter (true cold start, clean memory figures)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def cold_start() -> list[Row]:
    sample = str(FIXTURES / "prototypeApplication" / "worksToTrees.json")
    cold = in_child(_COLD, sample)
    other = in_child(_PER_TYPE)
    return [
        Row("import services.planning.odp", [cold["import"]]),
        Row(
            "warm_up(): parse 2 schemas, rewrite, compile 2 validators",
            [cold["warm"]],
            note=f"+{cold['mib']:.0f} MiB resident, import included",
        ),
        Row("first payload after warm_up()", [cold["first"]]),
        Row(
            f"alternative: {other['n']:.0f} validators, one per prototype type",
            [other["compile"]],
            note=f"+{other['mib']:.0f} MiB resident (schema already parsed)",
        ),
    ]


def naive_validators() -> dict[str, Any]:
    import jsonschema_rs

    from services.planning.odp.catalogue import load_schema
    from services.planning.odp.validation import is_uuid

    return {
        shape: jsonschema_rs.Draft7Validator(
            load_schema(shape), validate_formats=True, formats={"uuid": is_uuid}
        )
        for shape in SHAPES
    }


def payload_rows(
    examples: dict[str, list[tuple[str, Payload]]], rounds: int, timeout: int
) -> list[Row]:
    from services.planning.odp.validation import check

    t0 = time.perf_counter()
    naive = naive_validators()
    compile_naive = time.perf_counter() - t0
    rows = [Row("naive: compile 2 whole schemas (JSON already parsed)", [compile_naive])]
    # (label, variant, rounds, naive payloads): the naive way takes seconds per badly broken
    # prototype payload, so it gets two payloads, run once each, under the timeout.
    plan = [
        ("valid", lambda p, i: p, rounds, None),
        ("typical break", lambda p, i: typical_break(p), rounds, None),
        ("badly broken", bad_break, max(3, rounds // 6), 2),
    ]
    for label, variant, n, naive_count in plan:
        for shape in SHAPES:
            payloads = [variant(p, i) for i, (_, p) in enumerate(examples[shape])]
            if {check(p).ok for p in payloads} != {label == "valid"}:
                raise SystemExit(f"{shape} {label}: a payload got the wrong verdict")
            progress.print(f"  {label} {shape}: {len(payloads)} payloads x {n} rounds")
            ours = per_payload(payloads, check, n)
            sample = payloads[:naive_count]
            note = "" if naive_count is None else f"naive: {len(sample)} payloads, 1 run each"
            base: list[float] = []
            with bounded(timeout) as timed_out:
                base = per_payload(
                    sample,
                    lambda p, s=shape: list(naive[s].iter_errors(p)),
                    0 if naive_count else n,
                )
            note = "; ".join(filter(None, [note, *timed_out]))
            rows.append(Row(f"{label} · {shape} ({len(payloads)})", ours, base, note))
    return rows


def branch_refs() -> list[tuple[str, dict[str, Any]]]:
    """Per prototype type: a schema that is just that branch (``$ref`` + the definitions)."""
    from services.planning.odp.catalogue import load_schema, type_branches

    root = load_schema("prototypeApplication")
    return [
        (code, {"definitions": root["definitions"], "$ref": f"#/definitions/{b.definition}"})
        for code, b in type_branches("prototypeApplication").items()
    ]


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[list[str]]:
    box: list[str] = []
    try:
        with watchdog(seconds):
            yield box
    except BenchTimeout:
        box.append(f"timed out after {seconds} s")


def python_rows(examples: dict[str, list[tuple[str, Payload]]], timeout: int) -> list[Row]:
    try:
        import jsonschema
        from jsonschema.exceptions import best_match
    except ImportError:
        return [Row("pure-Python jsonschema", [], note="not installed: skipped")]
    rows: list[Row] = []
    payloads = [p for _, p in examples["prototypeApplication"]]
    per_branch = {code: jsonschema.Draft7Validator(schema) for code, schema in branch_refs()}

    def by_branch(p: Payload) -> object:
        return list(per_branch[p["applicationType"]].iter_errors(p))

    rows.append(Row(f"jsonschema (Python) per type branch · prototype ({len(payloads)})",
                    per_payload(payloads, by_branch, 2)))  # fmt: skip
    from services.planning.odp.catalogue import load_schema

    whole = jsonschema.Draft7Validator(load_schema("prototypeApplication"))
    last = next(p for p in payloads if p["applicationType"] == "wtt.consent")  # last branch
    for label, payload in [("valid", last), ("typical break", typical_break(last))]:
        whole_runs: list[float] = []
        with bounded(timeout) as timed_out:
            start = time.perf_counter()
            best_match(whole.iter_errors(payload))
            whole_runs.append(time.perf_counter() - start)
        note = "; ".join(["naive: whole schema, iter_errors + best_match, 1 run", *timed_out])
        branch_runs = timed_runs(lambda p=payload: by_branch(p), 3)
        case = f"jsonschema (Python) per branch · wtt.consent, {label}"
        rows.append(Row(case, branch_runs, whole_runs, note))
    return rows


def fastjsonschema_rows(examples: dict[str, list[tuple[str, Payload]]]) -> list[Row]:
    try:
        import fastjsonschema
    except ImportError:
        return [Row("fastjsonschema", [], note="not installed: skipped")]
    branches = dict(branch_refs())
    rows = []
    for _, payload in examples["prototypeApplication"][:2]:
        code = payload["applicationType"]
        start = time.perf_counter()
        validate = fastjsonschema.compile(branches[code])
        compiled = time.perf_counter() - start
        runs = timed_runs(lambda v=validate, p=payload: v(p), 20)
        note = f"compile {compiled:.2f} s for this one branch (x95 types); stops at the 1st error"
        rows.append(Row(f"fastjsonschema per type branch · {code}", runs, note=note))
    return rows


# --- report -------------------------------------------------------------------------------


def ms(seconds: Sequence[float], pick: str) -> str:
    if not seconds:
        return "-"
    value = {
        "median": median_ms(seconds),
        "p95": percentile_ms(seconds, 95),
        "max": max(seconds) * 1000,
    }[pick]
    return f"{value:.3f}" if value < 10 else f"{value:,.0f}"


def render(rows: Sequence[Row], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("case", "median ms", "p95 ms", "max ms", "naive median", "naive max", "ratio"):
        table.add_column(name, justify="left" if name == "case" else "right")
    table.add_column("note")
    for row in rows:
        ratio = (
            f"{speed_ratio(median_ms(row.measured), median_ms(row.baseline)):,.1f}x"
            if row.measured and row.baseline
            else ""
        )
        table.add_row(
            row.case,
            ms(row.measured, "median"),
            ms(row.measured, "p95"),
            ms(row.measured, "max"),
            ms(row.baseline, "median"),
            ms(row.baseline, "max"),
            ratio,
            row.note,
        )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 150))
    versions = ", ".join(
        filter(None, map(_version, ("jsonschema-rs", "jsonschema", "fastjsonschema")))
    )
    python = ".".join(str(v) for v in sys.version_info[:3])
    console.print(f"CPUs: {os.cpu_count()} · Python {python} · {versions}")
    progress.print("cold start (in fresh interpreters)…")
    cold = cold_start()
    examples = load_examples()
    progress.print("per-payload timings (jsonschema-rs)…")
    rows = payload_rows(examples, args.rounds, args.timeout)
    console.print(render(cold, "Cold start"))
    console.print(render(rows, "Per payload: check() vs the whole schema (both jsonschema-rs)"))
    progress.print("other libraries…")
    others = python_rows(examples, args.timeout) + fastjsonschema_rows(examples)
    console.print(render(others, "Other libraries (prototypeApplication)"))
    return 0


def _version(name: str) -> str:
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return f"{name} {importlib.metadata.version(name)}"
    return ""


if __name__ == "__main__":
    sys.exit(main())
