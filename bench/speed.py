"""Parse speed on one core: warm latency per input kind, throughput, model load time, peak memory.

    python bench/speed.py [DIR ...] [--rounds N] [--load-runs N] [--pages N] [--json OUT]

Inputs: every `*.docx`, `*.pdf` and `*.zip` under `fixtures/cvs/` and `fixtures/linkedin/` plus the given
DIRs; LinkedIn PDFs are reported as their own kind. Each PDF is
timed twice, once per reader (pdfium, pdfminer). The process is pinned to one CPU with native
thread pools at one thread, so the figures are per core. Each document is parsed once to warm up,
then `--rounds` times timed. Model load is timed cold, in fresh subprocesses.
"""

from __future__ import annotations

import os

# Native libraries (numpy, thinc's BLAS) size their thread pools at import time: set before importing.
for _variable in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # runs from a checkout without installing

from prefill.parser import nlp, parse_bytes  # noqa: E402
from prefill.parser.errors import ParseError  # noqa: E402

FIXTURE_DIRS = (REPO / "fixtures" / "cvs", REPO / "fixtures" / "linkedin")
"""Default inputs: the project's generated CVs and LinkedIn exports (hostile ones fail and are skipped)."""

PINNED_CPU = 0
"""The one CPU the benchmark runs on."""

DEFAULT_ROUNDS = 5
"""Timed parses of each document after the warm-up parse."""

DEFAULT_LOAD_RUNS = 3
"""Fresh subprocesses timing the cold model load; the median is reported."""

KINDS_BY_SUFFIX: dict[str, list[tuple[str, str]]] = {
    ".docx": [("DOCX", "pdfium")],
    ".pdf": [("PDF pdfium", "pdfium"), ("PDF pdfminer", "pdfminer")],
    ".zip": [("LinkedIn ZIP", "pdfium")],
}
"""Input kinds of each file suffix, with the PDF reader each uses."""

_COLD_LOAD_SCRIPT = f"""
import json, os, time
os.sched_setaffinity(0, {{{PINNED_CPU}}})
started = time.perf_counter()
from prefill.parser.nlp import load_pipelines
imported = time.perf_counter()
load_pipelines()
loaded = time.perf_counter()
print(json.dumps({{"import_s": imported - started, "load_s": loaded - imported}}))
"""


@dataclass
class Case:
    """One document read one way, and its timings."""

    path: Path
    kind: str
    backend: str
    data: bytes
    pages: int = 0
    seconds: list[float] = field(default_factory=list)

    def parse(self) -> float:
        started = time.perf_counter()
        draft = parse_bytes(self.data, filename=self.path.name, pdf_backend=self.backend)
        elapsed = time.perf_counter() - started
        self.pages = draft.source.pages
        if draft.source.kind == "linkedin_pdf" and not self.kind.startswith("LinkedIn"):
            self.kind = f"LinkedIn {self.kind}"  # a LinkedIn profile is its own input kind
        return elapsed


def collect_cases(dirs: list[Path]) -> list[Case]:
    paths = sorted(
        {
            p.resolve()
            for root in dirs
            for p in root.rglob("*")
            if p.is_file() and p.suffix.lower() in KINDS_BY_SUFFIX
        }
    )
    return [
        Case(path, kind, backend, path.read_bytes())
        for path in paths
        for kind, backend in KINDS_BY_SUFFIX[path.suffix.lower()]
    ]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1): an observed value, fine for small samples."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def cold_model_load(runs: int) -> dict[str, float]:
    """Median import and `load_pipelines()` times over `runs` fresh interpreters."""
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = os.environ | {"PYTHONPATH": python_path}
    samples = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _COLD_LOAD_SCRIPT], env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        for _ in range(runs)
    ]
    return {key: statistics.median(s[key] for s in samples) for key in ("import_s", "load_s")}


def summarise(cases: list[Case]) -> dict[str, dict[str, Any]]:
    """Per kind (and all together): documents, page counts, latency p50/p95/mean, documents per second."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(case.kind, []).append(case)
    groups["all"] = cases
    summary = {}
    for kind, members in groups.items():
        samples = [s for case in members for s in case.seconds]
        summary[kind] = {
            "documents": len(members),
            "pages": dict(sorted(Counter(case.pages for case in members).items())),
            "p50_ms": 1000 * percentile(samples, 0.50),
            "p95_ms": 1000 * percentile(samples, 0.95),
            "mean_ms": 1000 * statistics.fmean(samples),
            "docs_per_s": len(samples) / sum(samples),
        }
    return summary


def format_summary(summary: dict[str, dict[str, Any]]) -> str:
    header = (
        f"{'kind':<22} {'docs':>5}  {'pages (n:docs)':<22} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'docs/s':>7}"
    )
    lines = [header, "-" * len(header)]
    for kind, row in summary.items():
        pages = " ".join(f"{n}:{count}" for n, count in row["pages"].items())
        timings = " ".join(f"{row[key]:>8.1f}" for key in ("p50_ms", "p95_ms", "mean_ms"))
        timings += f" {row['docs_per_s']:>7.2f}"
        lines.append(f"{kind:<22} {row['documents']:>5}  {pages:<22} {timings}")
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="more documents (e.g. the corpus)")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help="timed parses per document")
    parser.add_argument("--load-runs", type=int, default=DEFAULT_LOAD_RUNS, help="cold model load runs")
    parser.add_argument("--pages", type=int, help="time only documents with this many pages")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.sched_setaffinity(0, {PINNED_CPU})
    cold = cold_model_load(args.load_runs)

    started = time.perf_counter()
    nlp.load_pipelines()
    warm_process_load = time.perf_counter() - started
    cases, failed = [], Counter()
    for case in collect_cases([*FIXTURE_DIRS, *args.dirs]):
        try:
            case.parse()  # warm-up; also learns the page count
        except ParseError as error:
            failed[error.code] += 1
            continue
        if args.pages is None or case.pages == args.pages:
            cases.append(case)
    if not cases:
        print("no document to time", file=sys.stderr)
        return 1
    for _ in range(args.rounds):
        for case in cases:
            case.seconds.append(case.parse())
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB

    summary = summarise(cases)
    print(f"one CPU (#{PINNED_CPU}), {args.rounds} timed rounds after one warm-up parse per document")
    print(format_summary(summary))
    print(
        f"\nmodel load, cold subprocess (median of {args.load_runs}): import {cold['import_s']:.2f} s, "
        f"load_pipelines() {cold['load_s']:.2f} s"
    )
    print(f"model load in this process: {warm_process_load:.2f} s")
    print(f"peak RSS after loading models and parsing everything: {peak_rss_mb:.0f} MB")
    if failed:
        print(f"not timed (parse error): {dict(failed)}")
    if args.json:
        report = {
            "cpu": PINNED_CPU,
            "rounds": args.rounds,
            "kinds": summary,
            "cold_load": cold,
            "process_load_s": warm_process_load,
            "peak_rss_mb": peak_rss_mb,
            "parse_errors": dict(failed),
        }
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
