"""What the document means: normalize, check, store and run.

Notebook use::

    from pipeline.ingest import ingest
    summary = ingest(["data/raw"], "data/parsed")
"""

# Bump on every change to what the parser writes: an archive re-reads every file when it changes.
# tests/test_parser_version.py fails when the golden output changes without a bump.
PARSER_VERSION = "0.7.1"
