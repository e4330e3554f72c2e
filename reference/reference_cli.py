"""The reference script: ``python3 reference/nnparity_reference.py CASE.json [CASE.json ...]``.

Each case file is read as ``nnparity evaluate`` reads it (:mod:`case_reader`) and its
result printed on one line (:mod:`json_writer`); a case that cannot be evaluated gets one
line on standard error, ``FILE: FIELD: message``, the others are still evaluated, and the
exit status is 1.
"""

import re
import sys
from collections.abc import Sequence

from case_reader import load_case_file, run_case
from json_writer import format_result_json
from nnparity_reference import CaseError


def _one_line(text):
    """``text`` with control characters escaped as the Swift CLI does, so an error stays one line."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]",
                  lambda m: named.get(m[0], f"\\u{{{ord(m[0]):x}}}"), text)


USAGE = """usage: nnparity_reference.py CASE.json [CASE.json ...]

Evaluate nnparity.case/1 files with the NumPy reference (docs/contract.md) and print one
result object per line, in argument order. A golden file works too (its case is used);
'-' reads one case from standard input. A case that cannot be evaluated gets one line on
standard error, FILE: FIELD: message; the others are still evaluated, and the exit
status is 1."""


def main(argv: Sequence[str]) -> int:
    """Evaluate each case file named in ``argv``; returns the exit status."""
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    status = 0
    for path in argv:
        try:
            print(format_result_json(run_case(load_case_file(path))), flush=True)
        except CaseError as err:
            print(_one_line(f"{path}: {err}"), file=sys.stderr, flush=True)
            status = 1
        except OSError as err:
            print(_one_line(f"{path}: (file): {err.strerror}"), file=sys.stderr, flush=True)
            status = 1
    return status
