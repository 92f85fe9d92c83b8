"""The decision document beside its floor, and its time and peak memory by number of lines.

The floor is WeasyPrint alone: the same HTML string (rendered once by Django beforehand)
with the same stylesheet, written as a plain PDF, no Django, no PDF/A, no tags. The document
is the service's whole pipeline (`decision_pdf_render`: context, template, tagged PDF/A).

The sizes run in child processes (`python -m benchmarks.pdf --lines N`), each started by a
small parent of its own that reads the child's peak resident memory from
`getrusage(RUSAGE_CHILDREN)`: the process's whole peak (Python, Pango, HarfBuzz), which
tracemalloc does not see. A child adds lines to the county's open meeting (copies of its own
lines, in a transaction rolled back) until the document has N.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

GOAL_RATIO = 1.3
GOAL_RSS_MIB = 300
GOAL_LINEAR = 2.2  # time(300 lines) / time(150 lines): doubling the lines at most ~doubles it
SIZES = (150, 300)


def _meeting(county_slug: str):
    from allocations.models import Agreement, County
    from applications.models import DecisionMeeting, MeetingState

    county = County.objects.get(slug=county_slug)
    agreement = Agreement.objects.order_by("-year").first()
    return (
        DecisionMeeting.objects.filter(county=county, agreement=agreement, state=MeetingState.OPEN)
        .order_by("-held_on")
        .first()
    )


def _document(meeting):
    from applications.models import DocumentKind, GeneratedDocument

    return GeneratedDocument(kind=DocumentKind.DECISION_DOCUMENT, meeting=meeting, version=1)


def floor_render(html: str) -> bytes:
    """WeasyPrint alone, as the floor: the same HTML and stylesheet, a plain PDF."""
    import weasyprint

    from applications.documents.pdf import _stylesheet_path

    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=_stylesheet_path())]
    )


def _median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def beside_floor(*, county_slug: str, runs: int = 3) -> dict:
    """The open meeting's decision document and its floor: median seconds of `runs`."""
    from applications.documents.pdf import (
        decision_document_html,
        decision_pdf_render,
        document_lines,
    )

    meeting = _meeting(county_slug)
    document = _document(meeting)
    html = decision_document_html(document=document)
    decision_pdf_render(document=document)  # warm-up: fonts, stylesheet, templates
    floor_render(html)
    document_s = _median_seconds(lambda: decision_pdf_render(document=document), runs)
    floor_s = _median_seconds(lambda: floor_render(html), runs)
    return {
        "lines": document_lines(meeting).count(),
        "document_s": document_s,
        "floor_s": floor_s,
        "ratio": document_s / floor_s,
    }


def _add_lines(meeting, wanted: int) -> int:
    """Copies of the meeting's own lines, appended to its paragraphs, until the document has
    `wanted` lines (or more, if it has more already)."""
    from applications.documents.pdf import document_lines
    from applications.models import Decision

    lines = list(document_lines(meeting))
    if not lines:
        raise SystemExit("the open meeting has no lines to copy")
    fields = [f.attname for f in Decision._meta.concrete_fields if not f.primary_key]
    copies = []
    for i in range(wanted - len(lines)):
        values = {name: getattr(lines[i % len(lines)], name) for name in fields}
        values.update(position=1000 + i, corrects_id=None)  # a correction is one to one
        copies.append(Decision(**values))
    Decision.objects.bulk_create(copies)
    return document_lines(meeting).count()


def child(*, county_slug: str, lines: int) -> dict:
    """In this process: the decision document with `lines` lines, timed (after a warm-up
    with the meeting's own lines), rolled back."""
    import django

    django.setup()
    from django.db import transaction

    from applications.documents.pdf import decision_pdf_render

    meeting = _meeting(county_slug)
    document = _document(meeting)
    decision_pdf_render(document=document)  # warm-up: fonts, stylesheet, templates

    class Rollback(Exception):
        pass

    out = {}
    try:
        with transaction.atomic():
            out["lines"] = _add_lines(meeting, lines)
            started = time.perf_counter()
            pdf = decision_pdf_render(document=document)
            out["seconds"] = time.perf_counter() - started
            out["kib"] = len(pdf) / 1024
            raise Rollback
    except Rollback:
        pass
    return out


def _parent(county_slug: str, lines: int) -> None:
    """Runs one child and prints its figures with its peak RSS (MiB)."""
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.pdf",
            "--child",
            "--lines",
            str(lines),
            "--county",
            county_slug,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    figures["rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


def by_size(*, county_slug: str, sizes=SIZES) -> list[dict]:
    """Each size in a fresh pair of processes: its lines, seconds, KiB and peak RSS."""
    out = []
    for lines in sizes:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.pdf",
                "--parent",
                "--lines",
                str(lines),
                "--county",
                county_slug,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    return out


def pdf_lines(floor: dict, sizes: list[dict]) -> list[str]:
    """The report: the document beside its floor, then each size, with the goals."""
    met = lambda ok: "met" if ok else "NOT MET"  # noqa: E731
    lines = [
        f"  decision document PDF, {floor['lines']} lines: {floor['document_s']:.2f} s; floor "
        f"(WeasyPrint alone, same HTML) {floor['floor_s']:.2f} s; × floor {floor['ratio']:.2f} "
        f"(goal ≤ {GOAL_RATIO:g}: {met(floor['ratio'] <= GOAL_RATIO)})"
    ]
    for size in sizes:
        lines.append(
            f"  decision document PDF, {size['lines']} lines: {size['seconds']:.2f} s, "
            f"{size['kib']:.0f} KiB, peak RSS {size['rss_mib']:.0f} MiB "
            f"(goal ≤ {GOAL_RSS_MIB} MiB: {met(size['rss_mib'] <= GOAL_RSS_MIB)})"
        )
    if len(sizes) >= 2 and sizes[-2]["seconds"]:
        small, large = sizes[-2], sizes[-1]
        growth = large["seconds"] / small["seconds"]
        wanted = GOAL_LINEAR * large["lines"] / small["lines"] / 2
        lines.append(
            f"  {small['lines']} → {large['lines']} lines: time × {growth:.2f} "
            f"(linear: ≤ {wanted:.1f}: {met(growth <= wanted)})"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--county", default="jamtland")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--parent", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(county_slug=args.county, lines=args.lines)))
    elif args.parent:
        _parent(args.county, args.lines)
    else:
        import django

        django.setup()
        floor = beside_floor(county_slug=args.county)
        print("\n".join(pdf_lines(floor, by_size(county_slug=args.county))))


if __name__ == "__main__":
    main()
