#!/usr/bin/env python3
"""Lists the references between the folders of Sources/ReportGenCore and fails on an import circle.

Each top-level `struct`, `enum`, `class`, `protocol` and `typealias` declared in a folder is that folder's
vocabulary, and so is each top-level free function whose name is not also a method name elsewhere (`format` or
`parse` would be read as calls to it everywhere); a file refers to a folder when it names one of those. The folders must form
a directed acyclic graph (Pipeline at the top, Vocabulary at the bottom).

Usage: docs/layers.py [--verbose]   (exit 1 on a circle)
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "Sources" / "ReportGenCore"
DECL = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:package |public |internal |fileprivate |private )?(?:final )?"
    r"(?:struct|enum|class|protocol|typealias|func)\s+([A-Za-z_][A-Za-z0-9_]*)",
    re.M,
)
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\])*"')


def folder_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def main() -> int:
    verbose = "--verbose" in sys.argv
    files = sorted(ROOT.rglob("*.swift"))
    owner: dict[str, str] = {}
    methods: set[str] = set()
    for path in files:
        text = path.read_text()
        methods.update(re.findall(r"^\s+(?:[a-z@].*?\s)?func\s+([A-Za-z_][A-Za-z0-9_]*)", text, re.M))
        for name in DECL.findall(text):
            owner.setdefault(name, folder_of(path))
    for name in [name for name in owner if name[0].islower() and name in methods]:
        del owner[name]
    edges: dict[tuple[str, str], set[str]] = {}
    for path in files:
        source = STRING.sub('""', COMMENT.sub("", path.read_text()))
        here = folder_of(path)
        # A nested type of the same name as another folder's (MeasurementGap.Reason) is the file's own.
        own = set(re.findall(r"^\s+(?:[a-z]+\s)*(?:struct|enum|class|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)", source, re.M))
        for word in set(re.findall(r"(?<![.\w])[A-Za-z_][A-Za-z0-9_]*\b", source)) - own:
            there = owner.get(word)
            if there and there != here:
                edges.setdefault((here, there), set()).add(f"{path.relative_to(ROOT)} → {word}")
    graph: dict[str, set[str]] = {}
    for (a, b) in edges:
        graph.setdefault(a, set()).add(b)
    for (a, b), uses in sorted(edges.items()):
        print(f"{a} → {b} ({len(uses)} references)")
        if verbose:
            for use in sorted(uses):
                print(f"    {use}")
    # Depth-first search for a circle.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for next_node in sorted(graph.get(node, ())):
            if state.get(next_node) == 1:
                return stack[stack.index(next_node):] + [next_node]
            if state.get(next_node) is None:
                found = visit(next_node)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            circle = visit(node)
            if circle:
                print("circle: " + " → ".join(circle))
                for a, b in zip(circle, circle[1:]):
                    for use in sorted(edges[(a, b)])[:5]:
                        print(f"    {use}")
                return 1
    print("no circle between the folders of Sources/ReportGenCore")
    return 0


if __name__ == "__main__":
    sys.exit(main())
