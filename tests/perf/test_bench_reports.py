"""The benchmark and load-test modules import, and their reports come out of a small sample
of figures as the tables docs/performance.md shows (no timing here: `make bench` and
`make load` measure, the suite does not)."""

import argparse
import importlib
import json
import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import load, load_report, run
from benchmarks.pdf import pdf_lines

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).parent / "fixtures" / "load_results.json"


@pytest.mark.parametrize(
    "module",
    [
        "benchmarks.run",
        "benchmarks.load",
        "benchmarks.load_report",
        "benchmarks.pdf",
        "benchmarks.writes",
        "benchmarks.targets",
    ],
)
def test_benchmark_modules_import(module):
    importlib.import_module(module)


def test_the_locustfile_compiles_and_its_stages_follow_the_plan(tmp_path):
    py_compile.compile(str(ROOT / "benchmarks" / "locustfile.py"), doraise=True)
    stages = load.stages(users=112, run_time=30, steps=[50, 400], step_time=20, spawn_rate=20)
    assert [(s["label"], s["kind"], s["users"]) for s in stages] == [
        ("floor", "floor", 112),
        ("drain", "mix", 0),  # the floor's users stopped before the mix's start
        ("mix", "mix", 112),
        ("step 50", "mix", 50),
        ("step 400", "mix", 400),
    ]
    # Starting 112 users anew takes longer than adding none; every stage counts its length.
    assert stages[0]["settle"] > stages[3]["settle"] >= 5
    assert all(s["seconds"] - s["settle"] in (30, 20) for s in stages if s["users"])
    # With Locust installed (the bench extra), the locustfile loads the plan and its shape.
    plan = {
        "password": "x",
        "applicants": [],
        "reviewers": [],
        "applicant_weight": 100,
        "reviewer_weight": 12,
        "spawn_rate": 20,
        "stages": stages,
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    code = (
        "import importlib.util, sys\n"
        "if importlib.util.find_spec('locust') is None: sys.exit(0)\n"
        "import benchmarks.locustfile as f\n"
        "shape = f.StagedLoad()\n"
        "users, rate, classes = shape.tick()\n"
        "assert (users, rate) == (112, 20), (users, rate)\n"
        "assert classes == [f.FloorApplicant, f.FloorReviewGroup]\n"
    )
    env = {**os.environ, "BENCH_LOAD_PLAN": str(tmp_path / "plan.json")}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)


def test_load_report_from_a_sample_of_counted_requests():
    results = json.loads(SAMPLE.read_text(encoding="utf-8"))
    summary = load_report.summarise(results)
    assert summary["floor"]["requests"] == 10
    assert summary["floor"]["rps"] == pytest.approx(1.0)
    assert summary["mix"]["rps"] == pytest.approx(0.6)
    table = load_report.stage_table(summary)
    assert table.splitlines()[0].split() == [
        "stage",
        "users",
        "requests",
        "req/s",
        "p50",
        "p95",
        "p99",
        "errors",
    ]
    assert "step 200" in table

    v = load_report.verdicts(summary)
    assert v["share"] == pytest.approx(0.6) and v["share_met"]
    assert v["p95"] == 400 and not v["p95_met"]
    assert v["errors"] == 0 and v["errors_met"]
    assert v["p95_knee_users"] == 200  # step 50 stays under 500 ms
    assert v["error_knee_users"] == 200
    goals = "\n".join(load_report.goal_lines(v, users=112))
    assert "60 %" in goals or "60%" in goals
    assert "p95 first above 500 ms at 200 users; errors from 200 users" in goals

    by_request = load_report.request_table(results)
    assert "autosave draft" in by_request and "submit" in by_request


def test_durations_as_locust_writes_them():
    assert [load.seconds(t) for t in ("90", "30s", "2m", "1m30s")] == [90, 30, 120, 90]
    with pytest.raises(argparse.ArgumentTypeError):
        load.seconds("soon")


def test_page_write_growth_and_pdf_tables():
    page = run.Result(
        "budget (coordinator)",
        8.0,
        11.0,
        7,
        34 * 1024,
        floor_ms=4.0,
        cold_ms=16.0,
        cold_queries=23,
        draft_ms=9.0,
    )
    table = run.page_table([page], [("agenda", "no such URL")])
    assert "budget (coordinator)" in table and "not available" in table
    cells = table.splitlines()[2].split()[-9:]
    assert cells == ["met", "16.0", "23", "4.00", "NOT", "MET", "9.0", "2.25", "met"]

    writes = [
        run.Result("autosave draft", 9.0, 12.0, 6, 0, floor_ms=5.0),
        run.Result("submission", 40.0, 50.0, 25, 0, floor_ms=5.0),
    ]
    table = run.write_table(writes)
    assert "met (≤ 6 queries, ≤ 2 × floor)" in table
    assert "NOT MET (≤ 20 queries)" in table

    full = run.as_json([page])
    small = {
        "budget (coordinator)": {**full["budget (coordinator)"], "median_ms": 7.0, "cold_ms": 10.0}
    }
    growth = run.growth_table(full, small).splitlines()[2].split()
    assert growth[2:6] == ["7.0", "8.0", "1.14", "met"]
    assert growth[-4:] == ["16.0", "1.60", "NOT", "MET"]

    report = pdf_lines(
        {"lines": 60, "document_s": 0.6, "floor_s": 0.5, "ratio": 1.2},
        [
            {"lines": 150, "seconds": 1.0, "kib": 90, "rss_mib": 180},
            {"lines": 300, "seconds": 2.0, "kib": 170, "rss_mib": 250},
        ],
    )
    assert "× floor 1.20 (goal ≤ 1.3: met)" in report[0]
    assert "300 lines: 2.00 s, 170 KiB, peak RSS 250 MiB (goal ≤ 300 MiB: met)" in report[2]
    assert "time × 2.00 (linear: ≤ 2.2: met)" in report[3]
