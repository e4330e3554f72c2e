"""Golden files: build them from the catalogue and write them deterministically.

A golden (``golden/<name>.json``, schema ``nnparity.golden/1``) holds a
catalogue case, NumPy's result for it (:mod:`nnparity_reference`), the exact
oracle's (:mod:`exact_oracle`) and each element's error scale
(:mod:`conditioning`), with provenance. An rng vector
(``golden/rng/seed-<seed>.json``, schema ``nnparity.rng/1``) holds the first
doubles of ``numpy.random.default_rng(seed).random``. See ``README.md`` for
every key. The same inputs give byte-identical files.
"""

import hashlib
import platform
from pathlib import Path

import mpmath
import numpy as np

import catalogue
import conditioning
import exact_oracle
import nnparity_reference as ref

GOLDEN_SCHEMA = "nnparity.golden/1"
RNG_SCHEMA = "nnparity.rng/1"
HERE = Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "golden"
RNG_SUBDIR = "rng"
SOURCES = {"generator": "nnparity_reference.py", "catalogue": "catalogue.py", "exact_oracle": "exact_oracle.py",
           "conditioning": "conditioning.py"}
SCALE_DIGITS = 3  # an error scale only sizes a bound: 3 significant digits are plenty


def provenance():
    """Where the numbers come from: the generator and its inputs, by sha256, and the versions."""
    digest = {key: hashlib.sha256((HERE / name).read_bytes()).hexdigest() for key, name in SOURCES.items()}
    return {
        "generator": f"reference/{SOURCES['generator']}",
        "generator_sha256": digest["generator"],
        "catalogue_sha256": digest["catalogue"],
        "exact_oracle_sha256": digest["exact_oracle"],
        "conditioning_sha256": digest["conditioning"],
        "numpy": np.__version__,
        "python": platform.python_version(),
        "mpmath": mpmath.__version__,
    }


def golden_text(case, prov):
    """The golden file text of one catalogue case."""
    parsed = ref.parse_case(case)
    expected = ref.result_to_json(ref.run_parsed(parsed))
    exact = ref.to_json_value({"exact_digits": exact_oracle.DIGITS,
                               **ref.result_to_json(exact_oracle.exact_result(parsed))})
    doc = {"schema": GOLDEN_SCHEMA, "provenance": prov, "case": ref.to_json_value(case),
           "expected": expected, "exact": exact, "error_scale": error_scale_json(parsed)}
    return ref.dump_json(doc, pretty=True) + "\n"


def error_scale_json(parsed):
    """Each result element's error scale C (:mod:`conditioning`), to 3 significant digits."""
    def rounded(values):
        out = np.vectorize(lambda c: float(f"{c:.{SCALE_DIGITS}g}"), otypes=[float])(values)
        return out.item() if out.ndim == 0 else out
    return ref.to_json_value({k: rounded(v) for k, v in conditioning.conditions(parsed).items()})


def rng_text(seed, count=catalogue.RNG_COUNT):
    """The rng vector text for one seed (the seed as a decimal string: it may exceed 2**53)."""
    doc = {"schema": RNG_SCHEMA, "seed": str(seed), "count": count,
           "doubles": ref.random_doubles(seed, count)}
    return ref.dump_json(ref.to_json_value(doc), pretty=True) + "\n"


def golden_files():
    """Every file the catalogue defines: relative path -> text."""
    prov = provenance()
    files = {f"{c['name']}.json": golden_text(c, prov) for c in catalogue.cases()}
    for seed in catalogue.RNG_SEEDS:
        files[f"{RNG_SUBDIR}/seed-{seed}.json"] = rng_text(seed)
    return files


def existing_files(folder):
    """Relative paths of the golden and rng files now in ``folder``."""
    folder = Path(folder)
    found = [p.name for p in folder.glob("*.json")]
    found += [f"{RNG_SUBDIR}/{p.name}" for p in (folder / RNG_SUBDIR).glob("*.json")]
    return sorted(found)


def write_goldens(folder):
    """Write every golden into ``folder``, deleting files no longer in the catalogue.

    Returns (written, deleted) relative paths; a file whose bytes are unchanged
    is left alone.
    """
    folder = Path(folder)
    (folder / RNG_SUBDIR).mkdir(parents=True, exist_ok=True)
    files = golden_files()
    written = []
    for rel, text in files.items():
        path = folder / rel
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            written.append(rel)
    deleted = [rel for rel in existing_files(folder) if rel not in files]
    for rel in deleted:
        (folder / rel).unlink()
    return written, deleted
