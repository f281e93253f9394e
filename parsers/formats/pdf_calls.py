"""The pdfium functions called once per character or per page object, as bare C prototypes.

pypdfium2's bindings wrap every handle in a typed ctypes pointer, converted on each call and made
anew for each result: for the ten thousands of calls a page of text takes, that costs more than
pdfium's work. These prototypes take and give plain addresses; the same functions, from the same
library (the address comes from the binding itself, so no second copy of pdfium is loaded).
"""

from __future__ import annotations

import ctypes
from functools import cache

_V, _I = ctypes.c_void_p, ctypes.c_int


class Calls:
    def __init__(self, raw) -> None:
        def bare(function, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, _V).value)

        self.char_box = bare(raw.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
        self.is_generated = bare(raw.FPDFText_IsGenerated, _I, _V, _I)
        self.font_size = bare(raw.FPDFText_GetFontSize, ctypes.c_double, _V, _I)
        self.count_page_objects = bare(raw.FPDFPage_CountObjects, _I, _V)
        self.page_object = bare(raw.FPDFPage_GetObject, _V, _V, _I)
        self.count_form_objects = bare(raw.FPDFFormObj_CountObjects, _I, _V)
        self.form_object = bare(raw.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
        self.object_type = bare(raw.FPDFPageObj_GetType, _I, _V)


@cache
def calls(raw) -> Calls:
    return Calls(raw)


def address(handle) -> int:
    """A pypdfium2 handle (a typed pointer) as the plain address the prototypes take."""
    return ctypes.cast(handle, _V).value or 0
