"""Accuracy of the parser against folders of documents with an `expected.json` beside them.

    python bench/accuracy.py DIR [DIR ...] [--exclude-linkedin | --only-linkedin]
                             [--json OUT] [--per-document] [--backend pdfium|pdfminer]

The same command as `prefill evaluate` (one scorer, one report: `prefill/pipelines/evaluate.py`), for a
checkout without installing. The table gives P/R/F1 per field, per group and overall. A report, not a
test: the exit code is 0 whatever the scores. `--per-document` prints the values each document got
wrong (a local tool: never paste that output anywhere public when run on real CVs).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runs from a checkout without installing

from prefill.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
