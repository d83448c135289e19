"""The smallest Textual app, the reference for the app benchmarks.

    .venv/bin/python benchmarks/minimal_app.py          # a Label "hello"
    .venv/bin/python benchmarks/minimal_app.py input    # an Input, focused
    .venv/bin/python benchmarks/minimal_app.py textarea # a TextArea (as in secsc's item form), focused
    .venv/bin/python benchmarks/minimal_app.py table    # a DataTable of 200 rows (row cursor), focused
    .venv/bin/python benchmarks/minimal_app.py libraries  # "hello", with secsc's required libraries loaded

Quit with Ctrl+Q. The benchmarks start it in a pseudo-terminal and kill it.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input, Label, TextArea


class Hello(App):
    def compose(self) -> ComposeResult:
        yield Label("hello")


class OneInput(App):
    def compose(self) -> ComposeResult:
        yield Label("hello")
        yield Input(id="field")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


class OneTextArea(App):
    def compose(self) -> ComposeResult:
        yield Label("hello")
        yield TextArea("", id="text", soft_wrap=True, compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


class Table(App):
    def compose(self) -> ComposeResult:
        yield Label("hello")
        yield DataTable(id="table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in ("Perspective", "Column", "Item"):
            table.add_column(column)
        for row in range(200):
            table.add_row(f"P{row % 4}", f"C{row // 4 % 4}", f"item {row:03d}")
        table.focus()


class WithLibraries(Hello):
    """The floor of a Textual app built on secsc's required packages (SQLModel, PyYAML):
    each imported, and a database opened and queried, as any such app does."""

    def on_mount(self) -> None:
        import sqlmodel
        import yaml

        yaml.safe_load("a: 1")
        engine = sqlmodel.create_engine("sqlite://")
        with engine.connect() as connection:
            connection.execute(sqlmodel.text("select 1"))


APPS = {"hello": Hello, "input": OneInput, "textarea": OneTextArea, "table": Table, "libraries": WithLibraries}

if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "hello"
    APPS[kind]().run()
