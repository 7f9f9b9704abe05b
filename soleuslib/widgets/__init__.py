"""ipywidgets front ends: gather input, call a pure soleuslib function, show the result.

Widgets hold no logic. One module per lesson (``widgets/<lesson>.py``).
"""
