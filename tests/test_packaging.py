"""The built wheel holds every module, and each imports from the wheel alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from .conftest import ROOT

IMPORT_ALL = """
import importlib, pkgutil, sys
root = sys.argv[1]
sys.path.insert(0, root)
names = []
for package in ("parsers", "pipeline"):
    module = importlib.import_module(package)
    assert module.__file__.startswith(root), module.__file__
    names += [m.name for m in pkgutil.walk_packages(module.__path__, package + ".")]
for name in names:
    if name.endswith("__main__"):  # importing it runs the command line
        continue
    module = importlib.import_module(name)
    assert module.__file__.startswith(root), (name, module.__file__)
print(" ".join(sorted(names)))
"""


def test_case16_the_wheel_ships_and_imports_every_module(tmp_path):
    # Built from a clean copy: an in-tree build/ folder can hold modules deleted since.
    source = tmp_path / "source"
    for package in ("parsers", "pipeline"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("budget_goals-*.whl")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    sources = {
        p.relative_to(ROOT).as_posix() for d in ("parsers", "pipeline") for p in (ROOT / d).rglob("*.py")
    }
    shipped = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*.py")}
    assert sources <= shipped, sorted(sources - shipped)
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, str(unpacked)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    expected = {s.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for s in sources}
    assert set(done.stdout.split()) == expected - {"parsers", "pipeline"}
