"""Load YAML into plain Python data plus a map from field path to line number.

Validation errors are raised on the plain data (pydantic ``loc`` tuples); the line map turns those
locations back into ``file:line`` for the author.
"""

from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[str | int, ...]
_LOADER = yaml.SafeLoader("")


class DuplicateKeyError(ValueError):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line
        super().__init__(f"duplicate key {key!r}")


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document. Raises ``yaml.YAMLError`` or ``DuplicateKeyError``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _convert(node, (), lines), lines


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                raise DuplicateKeyError(str(key), key_node.start_mark.line + 1)
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), lines) for i, child in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    # one resolver/constructor for all scalars: SafeLoader handles int/float/bool/null tags
    return _LOADER.construct_object(node, deep=True)


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """Line of the deepest known prefix of ``path`` (a missing field points at its parent)."""
    for cut in range(len(path), -1, -1):
        line = lines.get(tuple(path[:cut]))
        if line is not None:
            return line
    return 0
