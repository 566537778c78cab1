"""Plain text for the terminal: no control sequence from the data.

Every plain-text and terminal output of data (the report, ``diff``, ``check``
messages, quoted passages, error messages) goes through :func:`terminal_safe`
at the point where it is written; the rich console of the terminal report
does the same for each piece of text it prints
(:class:`peacetracker.report._escape.SafeConsole`).
"""

from __future__ import annotations

import re

__all__ = ["terminal_safe"]

#: Every control character but tab and newline, shown as its visible picture
#: (ESC as U+241B, BEL as U+2407, CR as U+240D, DEL as U+2421) and the C1
#: controls (U+0080..U+009F, CSI among them) as U+FFFD.  Nothing from the data
#: can then move the cursor, clear the screen, set the window title (OSC 0),
#: write the clipboard (OSC 52) or ring the bell.
_TERMINAL = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{c: "\ufffd" for c in range(0x80, 0xA0)},
}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with every control character (but tab and newline) made
    visible and harmless: for all plain-text and terminal output of data.

    >>> terminal_safe("Northland\x1b]52;c;ZXZpbA==\x07 \x1b[2J")
    'Northland\u241b]52;c;ZXZpbA==\u2407 \u241b[2J'
    """
    return text.translate(_TERMINAL) if _CONTROL.search(text) else text
