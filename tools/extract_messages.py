"""Extract the texts to translate from secsc's source into a gettext template (.pot).

Every literal first argument of ``_()`` and ``N_()``, and the two of ``ngettext()``,
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

Message = str | tuple[str, str]


def messages(package: Path) -> dict[Message, str]:
    """Each text to translate, with the first place it is used (file:line)."""
    found: dict[Message, str] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            count = {"_": 1, "N_": 1, "ngettext": 2}.get(node.func.id)
            if count is None or len(node.args) < count:
                continue
            texts = node.args[:count]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts):
                values = [a.value for a in texts]  # type: ignore[attr-defined]
                key: Message = values[0] if count == 1 else (values[0], values[1])
                found.setdefault(key, f"{path.relative_to(package.parent)}:{node.lineno}")
    return found


def main(package: str, output: str) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="secsc", copyright_holder="secsc", charset="utf-8")
    for message in messages(Path(package)):
        text = message if isinstance(message, str) else "".join(message)
        catalog.add(message, flags=("python-brace-format",) if "{" in text else ())
    with open(output, "wb") as f:
        write_po(f, catalog, width=100, no_location=True, sort_output=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
