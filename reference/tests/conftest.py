"""The tests import the reference's modules by name, as the Swift bridge and tools/regen do."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
