"""Format readers: bytes → the neutral block stream (blocks.py), one module per format. No reader
knows a layout, a project or a budget table."""
