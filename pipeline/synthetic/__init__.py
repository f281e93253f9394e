"""Publications of this family made up for tests and benchmarks: Tika text and real .docx files.

``tika.py`` writes a publication as Apache Tika's text of it; ``docx.py`` turns a block stream into
a real Word file (bookmarks, automatic numbering, merged cells); ``corpus.py`` makes a varied corpus
deterministically from a seed.
"""
