"""Whole numbers from requests, parsed in one place: ASCII digits only, and bounded.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads as another digit;
a huge number can overflow a database column. Everything a request says is a number (page
numbers, ids, days, positions, versions) goes through `whole_number()`.
"""

# The largest value a 64-bit signed integer column holds.
BIGGEST = 2**63 - 1


def whole_number(text, *, minimum=0, maximum=BIGGEST):
    """Return `text` as an int if it is ASCII digits within [minimum, maximum], else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(BIGGEST)):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None
