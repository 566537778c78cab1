"""Finding a quote in a source's stored text, the way ``peacetracker check``
does: white space, typographic quotes, apostrophes and dashes are normalised,
and ``...`` skips words.

>>> from peacetracker.quotes import find_passage, normalise
>>> normalise("rejects \u2014 in the \u201cstrongest\u201d terms")
'rejects - in the "strongest" terms'
>>> find_passage("in the strongest terms", "He rejects -\\nin the strongest terms.").line
2
"""

from .loading._quotes import (
    Passage,
    closest_passage,
    find_passage,
    find_quote,
    normalise,
    quote_pieces,
)

__all__ = ["Passage", "closest_passage", "find_passage", "find_quote", "normalise", "quote_pieces"]
