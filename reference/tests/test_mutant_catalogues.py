"""Both fault catalogues still apply to the sources: a fault whose text has moved would be
reported as not applying only when tools/mutants runs, hours later in CI, or never."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _edits(fault: dict[str, Any]) -> list[dict[str, str]]:
    return fault.get("edits", [fault])


def _faults(catalogue: str) -> list[dict[str, Any]]:
    return json.loads((ROOT / "tools" / catalogue).read_text())["faults"]


@pytest.mark.skipif(
    os.environ.get("NNPARITY_MUTANT_APPLIED") == "1",
    reason="tools/mutants has applied a fault: its text is meant to have moved",
)
@pytest.mark.parametrize("catalogue", ["mutants.json", "checker-mutants.json"])
def test_every_fault_applies_once(catalogue: str) -> None:
    faults = _faults(catalogue)
    ids = [fault["id"] for fault in faults]
    assert len(ids) == len(set(ids)), "fault ids repeat"
    misplaced = [
        f"{fault['id']}: {edit['file']} holds its text {count} times"
        for fault in faults
        for edit in _edits(fault)
        if (count := (ROOT / edit["file"]).read_text().count(edit["find"])) != 1
    ]
    assert misplaced == []
    assert all(edit["find"] != edit["replace"] for fault in faults for edit in _edits(fault))


def test_the_checker_catalogue_holds_at_least_twenty_faults() -> None:
    assert len(_faults("checker-mutants.json")) >= 20
