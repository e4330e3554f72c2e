"""ParityBounds.swift is generated from tolerances.json, and --check notices when it is not."""

from collections.abc import Callable
from pathlib import Path

import pytest

import tolerance_table


def test_the_committed_swift_file_is_what_regen_writes() -> None:
    assert tolerance_table.check() == []
    assert tolerance_table.SWIFT_PATH.read_text() == tolerance_table.swift_source()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("      (8, ", "      (80, ", 1), id="a loosened multiple"),
        pytest.param(lambda text: text + "\n", id="one more newline"),
        pytest.param(lambda _: None, id="the file missing"),
    ],
)
def test_check_reports_a_swift_file_out_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[str], str | None]
) -> None:
    copy = tmp_path / "ParityBounds.swift"
    edited = edit(tolerance_table.SWIFT_PATH.read_text())
    if edited is not None:
        copy.write_text(edited)
    monkeypatch.setattr(tolerance_table, "SWIFT_PATH", copy)
    monkeypatch.setattr(tolerance_table, "HERE", tmp_path)
    failures = tolerance_table.check()
    assert len(failures) == 1
    assert "out of date with reference/tolerances.json" in failures[0]


def test_each_bias_threshold_lies_above_what_correct_implementations_measured() -> None:
    bias = tolerance_table.load()["bias"]
    for dtype in ("float64", "float32"):
        entry = bias[dtype]
        assert 0 < entry["measured_mean"] < entry["minimum_mean"], dtype
        assert entry["minimum_z"] >= 3, dtype
        assert entry["reason"], dtype
