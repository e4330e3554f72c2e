"""The tests import the reference's modules by name, as the Swift bridge and tools/regen do."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# reference/ is also the Swift package's resource folder, where a __pycache__ would be a file
# SwiftPM does not expect.
sys.dont_write_bytecode = True
