#!/usr/bin/env python3
"""md_html.py FILE.md: the Markdown rendered to HTML by cmark itself (the
library clause links, through ctypes), as a forge would render it."""
import ctypes
import ctypes.util
import sys

name = ctypes.util.find_library("cmark") or "libcmark.so"
cmark = ctypes.CDLL(name)
cmark.cmark_markdown_to_html.restype = ctypes.c_void_p
cmark.cmark_markdown_to_html.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
text = open(sys.argv[1], "rb").read()
# CMARK_OPT_UNSAFE: raw HTML passes through, so any that leaked would show
ptr = cmark.cmark_markdown_to_html(text, len(text), 1 << 17)
sys.stdout.write(ctypes.string_at(ptr).decode("utf-8"))
