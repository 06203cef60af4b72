"""Tests the private Textual names salesplan relies on: each fails with a plain message when an upgrade changes one.

Textual is pinned exactly (see pyproject). When one of these fails after an upgrade, the message says which widget
relies on the name and for what: change that widget to what the new Textual offers, then this test.
"""

from __future__ import annotations

import inspect

import textual
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList, Tabs, Tree

VERSION = textual.__version__


def _says(name: str, why: str) -> str:
    return f"Textual {VERSION} no longer has {name} as salesplan knew it; {why}"


def test_tree_keeps_its_drawn_lines_in_line_cache() -> None:
    tree: Tree[None] = Tree("plan")
    cache = getattr(tree, "_line_cache", None)
    assert cache is not None and callable(getattr(cache, "clear", None)), _says(
        "Tree._line_cache (with clear())",
        "PlanTree.notify_style_update clears it so a new look redraws the lines without laying them out again")


def test_a_resize_handler_on_a_subclass_can_keep_tree_and_option_list_from_rebuilding() -> None:
    # PlanTree and KeptList define on_resize and call prevent_default, which skips the base class's handler: it
    # must be a handler Textual dispatches by name (not, say, a watcher of size), or their lines are rebuilt anyway.
    for widget, user in ((Tree, "PlanTree"), (OptionList, "KeptList")):
        handler = widget.__dict__.get("_on_resize") or widget.__dict__.get("on_resize")
        assert callable(handler), _says(f"{widget.__name__}._on_resize",
                                        f"{user}.on_resize prevents it so a pane shown again keeps its lines")


def test_option_list_measures_its_lines_in_update_lines() -> None:
    method = getattr(OptionList, "_update_lines", None)
    assert callable(method) and list(inspect.signature(method).parameters) == ["self"], _says(
        "OptionList._update_lines(self)",
        "KeptList overrides it to measure the options again when a scrollbar changes the width inside the list")
    options = OptionList("a")
    lines = getattr(options, "_line_cache", None)
    rendered = getattr(options, "_option_render_cache", None)
    assert lines is not None and hasattr(lines, "lines") and callable(getattr(lines, "clear", None)), _says(
        "OptionList._line_cache (with lines and clear())", "KeptList clears it when the width changed unseen")
    assert rendered is not None and callable(getattr(rendered, "clear", None)), _says(
        "OptionList._option_render_cache (with clear())", "KeptList clears it with the line cache")


async def test_tabs_draw_their_underline_with_an_underline_widget() -> None:
    try:
        from textual.widgets._tabs import Underline
    except ImportError:
        raise AssertionError(_says("textual.widgets._tabs.Underline",
                                   "PaneTabs moves it under the new tab in the frame the pane changes")) from None
    reactives = getattr(Underline, "_reactives", {})
    assert issubclass(Underline, Widget) and {"highlight_start", "highlight_end"} <= set(reactives), _says(
        "Underline.highlight_start and highlight_end", "PaneTabs sets them to underline the active tab")

    class TabsApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Tabs("one", "two")

    app = TabsApp()
    async with app.run_test():
        assert len(app.query("Underline")) == 1, _says(
            "an Underline inside Tabs", "PaneTabs finds it by its type name")


async def test_reading_last_line_lays_out_the_tree() -> None:
    # Public API, but PlanTree relies on a side effect: reading last_line works out the line of every open node.
    class TreeApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Tree("root")

    app = TreeApp()
    async with app.run_test():
        tree = app.query_one(Tree)
        tree.root.expand()
        node = tree.root.add_leaf("leaf")
        assert tree.last_line == 1 and node.line == 1, (
            f"Textual {VERSION}: reading Tree.last_line no longer sets each node's line; PlanTree._lay_out_lines "
            "reads it to put the cursor on a new node in the same frame")
