"""What the document means: normalize, check, store and run.

Notebook use::

    from pipeline.ingest import ingest
    summary = ingest(["data/raw"], "data/parsed")
"""

PARSER_VERSION = "0.1.0"
