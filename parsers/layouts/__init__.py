"""Performance-goal table layouts declared as data, and the one reader that reads any of them.

``declarations.py`` says what each layout prints (the labels that identify it, where each field
sits, what each indicator column means); ``reader.py`` reads blocks into projects through the
declaration that matches. A new layout is a declaration and a fixture, not a new parser.
"""
