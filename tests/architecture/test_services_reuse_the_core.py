"""Every service builds on the one case core: no service re-implements the calendar, the
workflow engine, the audit log or reference numbering.

The checks read each service package's source (``services/<service>/`` and its API under
``app/api/<service>/``) and refuse:

- importing a bank-holiday or date-arithmetic library (only ``services/core/calendar.py`` may);
- defining calendar arithmetic of its own (functions named for working days, bank holidays,
  adding months or weeks);
- defining a workflow engine (a class named ``Workflow``/``Step``) or raising
  ``IllegalTransition`` itself (the engine raises it);
- writing the audit log or the reference counters directly (``AuditEntry``, ``record_audit``,
  ``ReferenceCounter``): services audit through ``services.core.cases.store.audit`` and number
  through ``services.core.references.allocate_reference``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(
    p.name for p in (ROOT / "services").iterdir() if p.is_dir() and (p / "__init__.py").exists()
)
SERVICE_CODES = [s for s in SERVICES if s != "core"]

DATE_LIBRARIES = {"holidays", "dateutil", "workalendar", "pendulum", "arrow", "business_calendar"}
CALENDAR_NAMES = re.compile(
    r"working_days?|bank_holiday|add_months|add_weeks|add_years|is_weekend|easter", re.I
)
ENGINE_CLASSES = {"Workflow", "Step"}
CORE_ONLY_NAMES = {"AuditEntry", "record_audit", "ReferenceCounter", "IllegalTransition"}


def service_modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for code in SERVICE_CODES:
        roots = [ROOT / "services" / code, ROOT / "app" / "api" / code]
        for root in roots:
            for path in sorted(root.rglob("*.py")) if root.exists() else ():
                yield code, path, ast.parse(path.read_text())


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def test_the_service_packages_are_found() -> None:
    assert {"planning", "building_control", "licensing", "land_charges"} <= set(SERVICE_CODES)
    assert sum(1 for _ in service_modules()) > 40


def test_no_service_imports_a_calendar_library() -> None:
    offenders = []
    for _code, path, tree in service_modules():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [_where(path, node) for n in names if n.split(".")[0] in DATE_LIBRARIES]
    assert offenders == []


def test_no_service_defines_calendar_arithmetic_or_a_workflow_engine() -> None:
    offenders = []
    for _code, path, tree in service_modules():
        for node in ast.walk(tree):
            is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if is_function and CALENDAR_NAMES.search(node.name):
                offenders.append(f"{_where(path, node)} def {node.name}")
            if isinstance(node, ast.ClassDef) and node.name in ENGINE_CLASSES:
                offenders.append(f"{_where(path, node)} class {node.name}")
    assert offenders == []


def test_no_service_touches_the_audit_log_counters_or_engine_errors_directly() -> None:
    offenders = []
    for _code, path, tree in service_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                used = {a.name for a in node.names} & CORE_ONLY_NAMES
                offenders += [f"{_where(path, node)} imports {n}" for n in sorted(used)]
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id == "IllegalTransition":
                    offenders.append(f"{_where(path, node)} raises IllegalTransition")
    assert offenders == []
