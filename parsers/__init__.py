"""What the document says: bytes in, faithful raw records out.

Nothing in this package imports from ``pipeline``; strings stay as the document wrote them.
"""
