"""The load run's figures: per stage and per request, and the goals met or not."""

import math

GOAL_SHARE = 0.5  # the mix's requests/s at least half the floor's
GOAL_P95_MS = 300.0  # at the deadline-day number of users
KNEE_P95_MS = 500.0  # the step load reports where p95 first passes this


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summarise(results: dict) -> dict:
    """Per stage: users, requests, requests/s, p50/p95/p99 (ms) and errors, over every
    request counted in the stage."""
    out = {}
    for label, stage in results.items():
        times = [t for ts in stage["times"].values() for t in ts]
        if not times:
            continue
        out[label] = {
            "kind": stage["kind"],
            "users": stage["users"],
            "requests": len(times),
            "rps": len(times) / stage["seconds"],
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "p99": percentile(times, 99),
            "errors": sum(stage["errors"].values()),
        }
    return out


def verdicts(summary: dict) -> dict:
    """The goals: the mix's share of the floor's requests/s, its p95 and errors, and the
    knees of the step load (None: not reached in the steps run)."""
    floor, mix = summary.get("floor"), summary.get("mix")
    steps = [s for label, s in summary.items() if label.startswith("step")]
    share = mix["rps"] / floor["rps"] if floor and mix and floor["rps"] else None
    p95_knee = next((s["users"] for s in steps if s["p95"] > KNEE_P95_MS), None)
    error_knee = next((s["users"] for s in steps if s["errors"]), None)
    return {
        "share": share,
        "share_met": share is not None and share >= GOAL_SHARE,
        "p95": mix and mix["p95"],
        "p95_met": bool(mix) and mix["p95"] <= GOAL_P95_MS,
        "errors": mix and mix["errors"],
        "errors_met": bool(mix) and mix["errors"] == 0,
        "p95_knee_users": p95_knee,
        "error_knee_users": error_knee,
        "steps_run": [s["users"] for s in steps],
    }


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def stage_table(summary: dict) -> str:
    header = (
        f"{'stage':<12}{'users':>6}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}"
        f"{'p99':>7}{'errors':>7}"
    )
    rows = [header, "-" * len(header)]
    for label, s in summary.items():
        rows.append(
            f"{label:<12}{s['users']:>6}{s['requests']:>9}{s['rps']:>8.1f}{s['p50']:>7.0f}"
            f"{s['p95']:>7.0f}{s['p99']:>7.0f}{s['errors']:>7}"
        )
    return "\n".join(rows)


def request_table(results: dict, label: str = "mix") -> str:
    """The stage's requests by name: count, errors, p50/p95/p99 (ms)."""
    stage = results.get(label)
    if not stage:
        return f"(no requests counted in {label})"
    header = (
        f"{'request (' + label + ')':<34}{'count':>7}{'errors':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
    )
    rows = [header, "-" * len(header)]
    for name, times in sorted(stage["times"].items()):
        rows.append(
            f"{name[:33]:<34}{len(times):>7}{stage['errors'].get(name, 0):>7}"
            f"{percentile(times, 50):>7.0f}{percentile(times, 95):>7.0f}"
            f"{percentile(times, 99):>7.0f}"
        )
    return "\n".join(rows)


def goal_lines(v: dict, *, users: int) -> list[str]:
    share = "—" if v["share"] is None else f"{v['share']:.0%}"
    knee = "not within the steps" if v["p95_knee_users"] is None else f"{v['p95_knee_users']} users"
    errors_from = (
        "none within the steps"
        if v["error_knee_users"] is None
        else f"{v['error_knee_users']} users"
    )
    steps = ", ".join(map(str, v["steps_run"])) or "none"
    return [
        f"  mix's requests/s as a share of the floor's: {share} "
        f"(goal ≥ {GOAL_SHARE:.0%}: {_met(v['share_met'])})",
        f"  p95 at {users} users: {v['p95']:.0f} ms (goal ≤ {GOAL_P95_MS:.0f} ms: "
        f"{_met(v['p95_met'])})"
        if v["p95"] is not None
        else "  p95: not measured",
        f"  errors at {users} users: {v['errors']} (goal 0: {_met(v['errors_met'])})",
        f"  step load ({steps} users): p95 first above {KNEE_P95_MS:.0f} ms at {knee}; "
        f"errors from {errors_from}",
    ]
