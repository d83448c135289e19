"""Extract the texts to translate from secsc's source into a gettext template (.pot).

Every literal first argument of ``_()`` and ``N_()``, the two of ``ngettext()``, and the
context and text of ``pgettext()`` and ``NP_()``,
wherever it stands, f-strings included: on Python 3.11 the tokenizer that pybabel's
extractor reads keeps an f-string whole, so it misses the ``_()`` calls inside one;
the syntax tree does not. ``make messages`` runs this, then merges the template into
each language's .po (pybabel update); tests/core/test_translations.py uses ``messages``.

    python tools/extract_messages.py secsc_tui secsc_tui/locale/secsc.pot
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

Text = str | tuple[str, str]  # a text, or the singular and plural of a counted one
Message = tuple[str | None, Text]  # (its context, if it has one; the text)

# The marking and translating functions: (how many texts they take first, whether a context comes before them).
FUNCTIONS = {"_": (1, False), "N_": (1, False), "ngettext": (2, False), "pgettext": (1, True), "NP_": (1, True)}


def messages(package: Path) -> dict[Message, str]:
    """Each text to translate, with its context and the first place it is used (file:line)."""
    found: dict[Message, str] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            count, has_context = FUNCTIONS.get(node.func.id, (0, False))
            wanted = count + has_context
            if count == 0 or len(node.args) < wanted:
                continue
            args = node.args[:wanted]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                values = [a.value for a in args]  # type: ignore[attr-defined]
                context = values.pop(0) if has_context else None
                text: Text = values[0] if count == 1 else (values[0], values[1])
                found.setdefault((context, text), f"{path.relative_to(package.parent)}:{node.lineno}")
    return found


def main(package: str, output: str) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="secsc", copyright_holder="secsc", charset="utf-8")
    for context, text in messages(Path(package)):
        whole = text if isinstance(text, str) else "".join(text)
        catalog.add(text, context=context, flags=("python-brace-format",) if "{" in whole else ())
    with open(output, "wb") as f:
        write_po(f, catalog, width=100, no_location=True, sort_output=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
