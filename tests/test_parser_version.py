"""PARSER_VERSION must move whenever the golden output does: an archive re-reads a file only when
its bytes or the parser version change, so a forgotten bump leaves stale rows in every archive.

tests/golden/PARSER_VERSION records the version and a digest of the golden files it produced.
``pytest --update-golden`` records a new digest only beside a new version; changed goldens under
the old version fail here until PARSER_VERSION is bumped.
"""

from __future__ import annotations

import hashlib

import pipeline

from .golden import GOLDEN

RECORD = GOLDEN / "PARSER_VERSION"


def golden_digest(root=GOLDEN) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.csv")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def problem(version: str, digest: str, recorded: str) -> str | None:
    """What is wrong with the record, or None."""
    recorded_version, recorded_digest = recorded.split()
    if digest == recorded_digest:
        return None if version == recorded_version else "PARSER_VERSION changed: run pytest --update-golden"
    if version == recorded_version:
        return (
            f"the golden output changed but PARSER_VERSION is still {version}: bump it in "
            "pipeline/__init__.py, then run pytest --update-golden"
        )
    return "PARSER_VERSION was bumped: run pytest --update-golden to record the golden digest"


def test_case5_golden_output_never_changes_without_a_version_bump(update_golden):
    digest = golden_digest()
    found = problem(pipeline.PARSER_VERSION, digest, RECORD.read_text())
    if update_golden and found and "still" not in found:
        RECORD.write_text(f"{pipeline.PARSER_VERSION} {digest}\n")
        found = None
    assert found is None, found


def test_case5_the_guard_catches_a_change_without_a_bump(tmp_path):
    copy = tmp_path / "golden"
    for path in GOLDEN.rglob("*.csv"):
        target = copy / path.relative_to(GOLDEN)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    recorded = f"{pipeline.PARSER_VERSION} {golden_digest(copy)}"
    assert problem(pipeline.PARSER_VERSION, golden_digest(copy), recorded) is None
    some = next(copy.rglob("indicators.csv"))
    some.write_text(some.read_text().replace("≥95%", "≥96%", 1))
    assert "bump it" in problem(pipeline.PARSER_VERSION, golden_digest(copy), recorded)
    assert "record" in problem("99.0.0", golden_digest(copy), recorded)
