"""Language codes as ReportGen reads them: ISO 639-1, two ASCII letters, lower case."""

from __future__ import annotations


def normalise_language(value: object) -> str | None:
    """Returns the ISO 639-1 code of a language tag, or `None` when the value is not one.

    Accepts a bare code in any case (`"FR"`) and a BCP 47 tag, whose primary subtag is kept (`"fr-FR"`, `"es_419"`).
    Anything else (`"French"`, `"fra_Latn"`, `""`, a number) is `None`: a code is never guessed from a name.
    """
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0]
    if len(primary) != 2 or not primary.isascii() or not primary.isalpha():
        return None
    return primary.lower()
