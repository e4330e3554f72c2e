"""A regen stopped part-way (Ctrl-C, a full disk) leaves every golden whole and says so.

The writer is stopped at several points by an error injected where it puts a file in place
(Ctrl-C before the rename, a full disk while the data is flushed), in a copy of the committed
goldens made to differ from what the catalogue now gives: some goldens and an rng vector
edited (as an older reference wrote them), one golden missing, one retired golden that the old
MANIFEST lists.
"""

import errno
import os
import shutil
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

import goldens

REGEN = Path(__file__).resolve().parents[2] / "tools" / "regen"
RETIRED = "retired-case.json"


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    """:func:`goldens.golden_files`, computed once: it takes seconds."""
    return goldens.golden_files()


@pytest.fixture(scope="module")
def fresh(files: dict[str, str]) -> dict[str, bytes]:
    """What the catalogue gives now: relative path -> bytes."""
    return {rel: text.encode() for rel, text in files.items()}


def _old_folder(folder, fresh):
    """A copy of the committed goldens that differs from ``fresh``; returns its bytes per file."""
    shutil.copytree(goldens.GOLDEN_DIR, folder)
    names = sorted(rel for rel in fresh if rel.endswith(".json") and not rel.startswith("rng/"))
    for rel in names[::3] + ["rng/seed-7.json"]:
        path = folder / rel
        path.write_bytes(path.read_bytes().replace(b'"schema": "nnparity.', b'"schema":  "nnparity.', 1))
    (folder / names[1]).unlink()
    shutil.copy(folder / names[2], folder / RETIRED)
    with open(folder / goldens.MANIFEST, "a") as manifest:
        manifest.write(RETIRED.removesuffix(".json") + "\n")
    return _contents(folder)


def _contents(folder):
    """Every file under ``folder``, hidden ones included: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _stop_at(patch, call, how):
    """Stop the regen at the ``call``-th file it puts in place (1: the marker) with ``patch``:
    "ctrl-c" raises KeyboardInterrupt just before the file's rename, "disk-full" cuts the
    file's data to half as it is flushed and raises ENOSPC. Returns the calls seen."""
    calls = []
    if how == "ctrl-c":
        real_replace = os.replace

        def replace(source, target):
            calls.append(target)
            if len(calls) == call:
                raise KeyboardInterrupt
            real_replace(source, target)

        patch.setattr(os, "replace", replace)
    else:
        real_fsync = os.fsync

        def fsync(fd):
            if stat.S_ISREG(os.fstat(fd).st_mode):  # not a folder's entries
                calls.append(fd)
                if len(calls) == call:
                    os.ftruncate(fd, os.fstat(fd).st_size // 2)
                    raise OSError(errno.ENOSPC, "No space left on device")
            real_fsync(fd)

        patch.setattr(os, "fsync", fsync)
    return calls


def _planned(old, fresh):
    """The files the regen writes, in order, and those it deletes."""
    writes = [rel for rel in fresh if old.get(rel) != fresh[rel] and rel != goldens.MANIFEST]
    return writes, [rel for rel in old if rel not in fresh]


STOPS = {  # where the regen stops: which rename fails, from the plan (writes) -> call number
    "the marker": lambda writes: 1,
    "the first file": lambda writes: 2,
    "the second file": lambda writes: 3,
    "the middle": lambda writes: 2 + len(writes) // 2,
    "the last file": lambda writes: 1 + len(writes),
    "the MANIFEST": lambda writes: 2 + len(writes),
}
ERRORS = {"ctrl-c": KeyboardInterrupt, "disk-full": OSError}


@pytest.mark.parametrize("how", ERRORS)
@pytest.mark.parametrize("stop", STOPS)
def test_an_interrupted_regen_leaves_each_file_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          files: dict[str, str], fresh: dict[str, bytes], stop: str,
                                                          how: str) -> None:
    folder = tmp_path / "golden"
    old = _old_folder(folder, fresh)
    writes, deletes = _planned(old, fresh)
    assert len(writes) >= 30 and deletes == [RETIRED] and old[goldens.MANIFEST] != fresh[goldens.MANIFEST]
    call = STOPS[stop](writes)
    with monkeypatch.context() as patch:
        calls = _stop_at(patch, call, how)
        with pytest.raises(ERRORS[how]):
            goldens.write_goldens(folder, files)
    assert len(calls) == call

    now = _contents(folder)
    marker = now.pop(goldens.REGEN_MARKER, None)
    for rel, data in now.items():
        assert data in (old.get(rel), fresh.get(rel)), f"{rel} is neither its old nor its new version"
    assert now[goldens.MANIFEST] == old[goldens.MANIFEST]
    assert set(goldens.existing_files(folder)) <= set(old) | set(fresh)
    assert goldens.temporary_files(folder) == []
    written = max(call - 2, 0)
    assert [rel for rel in writes if now.get(rel) == fresh[rel]] == writes[:written]
    if call == 1:
        assert marker is None and now == old and goldens.interruption(folder) is None
    else:
        assert marker is not None
        deleted = len(deletes) if call == 2 + len(writes) else 0
        assert goldens.interruption(folder) == (
            f"a regen of {folder} was interrupted (wrote {written} of {len(writes)} files, deleted "
            f"{deleted} of {len(deletes)}; MANIFEST not yet rewritten); every file is whole, its old or "
            f"its new version")

    assert goldens.write_goldens(folder, files)[1] == (
        [] if call == 2 + len(writes) else deletes)
    assert _contents(folder) == fresh and goldens.interruption(folder) is None


def test_stopped_after_the_manifest_only_the_marker_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            files: dict[str, str], fresh: dict[str, bytes]) -> None:
    folder = tmp_path / "golden"
    writes, _ = _planned(_old_folder(folder, fresh), fresh)
    real_sync, syncs = goldens._sync_folders, []

    def sync(path):  # called before the MANIFEST's rename and after it
        syncs.append(path)
        if len(syncs) == 2:
            raise KeyboardInterrupt
        real_sync(path)

    with monkeypatch.context() as patch:
        patch.setattr(goldens, "_sync_folders", sync)
        with pytest.raises(KeyboardInterrupt):
            goldens.write_goldens(folder, files)
    now = _contents(folder)
    assert goldens.REGEN_MARKER in now and {rel: now[rel] for rel in fresh} == fresh
    assert goldens.interruption(folder) == (
        f"a regen of {folder} was interrupted (wrote {len(writes)} of {len(writes)} files, deleted 1 of 1; "
        f"MANIFEST rewritten, only .regen-incomplete was not removed); every file is whole, its old or its "
        f"new version")
    assert goldens.write_goldens(folder, files) == ([], [])
    assert _contents(folder) == fresh


def test_stray_temporary_files_are_reported_and_removed(tmp_path: Path, files: dict[str, str], fresh: dict[str,
                                                        bytes]) -> None:
    folder = tmp_path / "golden"
    folder.mkdir()
    (folder / "rng").mkdir()
    (folder / "rng" / ".seed-7.json.tmp-12345").write_bytes(b"{")
    assert goldens.interruption(folder) == (
        f"a regen of {folder} was interrupted (1 temporary file(s) left: rng/.seed-7.json.tmp-12345); "
        f"every file is whole, its old or its new version")
    goldens.write_goldens(folder, files)
    assert _contents(folder) == fresh and goldens.interruption(folder) is None


def _regen_module() -> types.ModuleType:
    """``tools/regen`` (a script without ``.py``) as a module, compiled without writing bytecode."""
    module = types.ModuleType("regen_script")
    module.__file__ = str(REGEN)
    exec(compile(REGEN.read_text(), str(REGEN), "exec"), module.__dict__)
    return module


def test_the_check_reports_an_interrupted_regen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str], files: dict[str, str],
                                                fresh: dict[str, bytes]) -> None:
    regen = _regen_module()
    monkeypatch.setattr(goldens, "golden_files", lambda: files)
    clean = tmp_path / "clean"
    goldens.write_goldens(clean)
    assert regen.check(clean) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("regen --check: ")

    folder = tmp_path / "golden"
    writes, deletes = _planned(_old_folder(folder, fresh), fresh)
    with monkeypatch.context() as patch:
        _stop_at(patch, 4, "ctrl-c")
        with pytest.raises(KeyboardInterrupt):
            goldens.write_goldens(folder)
    assert regen.check(folder) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (
        f"regen --check: FAILED: a regen of {folder} was interrupted (wrote 2 of {len(writes)} files, "
        f"deleted 0 of {len(deletes)}; MANIFEST not yet rewritten); every file is whole, its old or its new "
        f"version; run tools/regen --output {folder} to finish it")
    assert lines[-2].startswith("regen --check: FAILED, ")  # the usual comparison, too
    assert f"{goldens.MANIFEST}: differs from the catalogue's list of goldens" in lines

    assert regen.regenerate(folder) == 0
    assert capsys.readouterr().out.startswith(f"regen: finishing it: a regen of {folder} was interrupted (wrote 2 ")
    assert regen.check(folder) == 0
    capsys.readouterr()

    (folder / ".edge-mean.json.tmp-12345").write_bytes(b"{")  # left by a regen that was killed
    assert regen.check(folder) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"regen --check: FAILED: a regen of {folder} was interrupted (1 temporary file(s) left: "
        f".edge-mean.json.tmp-12345); every file is whole, its old or its new version; run tools/regen "
        f"--output {folder} to finish it")


SITECUSTOMIZE = '''
import os

_real_replace, _calls = os.replace, [0]


def _replace(source, target):
    _calls[0] += 1
    if _calls[0] == int(os.environ["FAIL_REPLACE_AT"]):
        raise KeyboardInterrupt
    _real_replace(source, target)


os.replace = _replace
'''


def test_tools_regen_interrupted_in_a_subprocess(tmp_path: Path, fresh: dict[str, bytes]) -> None:
    """``tools/regen --output DIR`` itself, stopped at its 11th rename by a ``sitecustomize``
    (which Python imports as it starts) standing in for Ctrl-C."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    folder = tmp_path / "golden"
    old = _old_folder(folder, fresh)
    writes, _ = _planned(old, fresh)
    env = dict(os.environ, PYTHONPATH=str(site), FAIL_REPLACE_AT="11")
    proc = subprocess.run([sys.executable, str(REGEN), "--output", str(folder)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr, proc.stderr
    now = _contents(folder)
    assert goldens.REGEN_MARKER in now
    for rel, data in now.items():
        assert rel == goldens.REGEN_MARKER or data in (old.get(rel), fresh.get(rel)), rel
    assert now[goldens.MANIFEST] == old[goldens.MANIFEST]
    assert [rel for rel in writes if now.get(rel) == fresh[rel]] == writes[:9]
    assert goldens.interruption(folder).startswith(
        f"a regen of {folder} was interrupted (wrote 9 of {len(writes)} files, deleted 0 of 1; MANIFEST not yet")
