"""The dry-run and verification reports as one readable HTML page (no scripts, no external
assets; every value escaped)."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#0b0c0c}"
    "table{border-collapse:collapse;margin:0 0 1.5rem}td,th{border:1px solid #b1b4b6;"
    "padding:.25rem .5rem;text-align:left}th{background:#f3f2f1}.bad{color:#d4351c}"
    ".good{color:#00703c}"
)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def dry_run_html(report: dict[str, Any]) -> str:
    reorg = report["reorganisation"]
    sources = [
        f"{r['source']} → {r['target']}" if "target" in r else r["source"] for r in report["rows"]
    ]
    loose = [
        [u["table"], u["source"], u["count"], ", ".join(u["ids"][:10])]
        for u in report.get("unclaimed", [])
    ]
    crossing = [
        [c["table"], c["id"], c["reference"], ", ".join(c["areas"])]
        for c in report.get("crossingBorder", [])
    ]
    tables = sorted({t for r in report["rows"] for t in r["tables"]})
    counts = [[t, *(r["tables"][t] for r in report["rows"])] for t in tables]
    counts.append(["total", *(r["total"] for r in report["rows"])])
    collisions = [
        [
            c["table"],
            c["source"],
            c["count"],
            ", ".join(f"{e['from']} → {e['to']}" for e in c["examples"][:5]),
        ]
        for c in report["referenceCollisions"]
    ]
    conflicts = [
        [c["table"], c["key"], c["source"], c["keptFrom"], c["kept"], c["dropped"]]
        for c in report["configurationConflicts"]
    ]
    targets = sorted({t for p in report["people"] for t in p["inTargets"]})
    people_headers = ["name", "email", "roles now", *(f"roles in {t}" for t in targets)]
    people_headers.append("roles not carried (they stay behind)")
    people = [
        [
            p["name"],
            p["email"],
            _by_council(p["now"]),
            *(", ".join(p["inTargets"].get(t, [])) for t in targets),
            _by_council(p["notCarried"]),
        ]
        for p in report["people"]
    ]
    straddling = [
        [src, e["reference"], e["service"], e["status"], e["statutoryDate"], e["targetDate"]]
        for src, found in report["openCasesOverVestingDay"].items()
        for e in found["examples"]
    ]
    clients = [
        [c["clientId"], c["name"], ", ".join(c["services"])] for c in report["apiClientsToReissue"]
    ]
    return _page(
        f"Dry run: {reorg['name']} (vesting {reorg['vestingDate']})",
        [
            ("Rows that will move", _table(["table", *sources], counts)),
            (
                "Records no transfer claims (blocking: allocate them or name a default)",
                _table(["table", "source", "rows", "ids"], loose),
            ),
            (
                "Records whose boundary crosses the new border (blocking)",
                _table(["table", "id", "reference", "areas"], crossing),
            ),
            (
                "Reference collisions (prefixed; the original kept as a former reference)",
                _table(["table", "source", "rows", "examples"], collisions),
            ),
            (
                "Configuration conflicts (the earlier source's value is kept)",
                _table(["table", "key", "source", "kept from", "kept", "not copied"], conflicts),
            ),
            (
                "People and the roles they will hold",
                _table(people_headers, people),
            ),
            (
                "Open cases whose dates run past vesting day",
                _table(
                    ["source", "reference", "service", "status", "statutory", "target"], straddling
                ),
            ),
            ("API clients to re-issue", _table(["client", "name", "services"], clients)),
        ],
    )


def _by_council(roles: dict[str, list[str]]) -> str:
    """``{council: [roles]}`` as ``council: role, role; council: role``."""
    return "; ".join(f"{council}: {', '.join(held)}" for council, held in roles.items())


def verification_html(name: str, report: dict[str, Any]) -> str:
    verdict = '<p class="good">Verified.</p>' if report["ok"] else '<p class="bad">Mismatch.</p>'
    rows = [
        [
            t["table"],
            t["source"],
            t["strategy"],
            t.get("sourceRows"),
            t.get("targetRows", ""),
            "ok" if t["ok"] else "MISMATCH",
        ]
        for t in report["tables"]
    ]
    sources = [
        [s, "yes" if v["unchangedSinceFreeze"] else "NO", ", ".join(v["changedTables"])]
        for s, v in report["sources"].items()
    ]
    return _page(
        f"Verification: {name}",
        [
            ("Verdict", verdict),
            (
                "Tables",
                _table(
                    ["table", "source", "strategy", "source rows", "target rows", "result"], rows
                ),
            ),
            (
                "Sources unchanged since the freeze",
                _table(["source", "unchanged", "changed"], sources),
            ),
            (
                "Dangling foreign keys",
                _table(
                    ["table", "rows"],
                    [[f["table"], f["dangling"]] for f in report["danglingForeignKeys"]],
                ),
            ),
        ],
    )


def _page(title: str, sections: list[tuple[str, str]]) -> str:
    body = "".join(f"<h2>{escape(h)}</h2>{content}" for h, content in sections)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
