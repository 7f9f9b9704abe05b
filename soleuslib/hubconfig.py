"""The course hub's Helm values, checked against what the pinned Zero to JupyterHub chart documents.

The chart's configuration reference (z2jh.jupyter.org, "Configuration Reference") is generated from
the chart's ``jupyterhub/values.schema.yaml`` by walking its ``properties`` (and ``then``) blocks.
``documented_keys`` walks the same way and records each key's kind, so that the list committed in
``deploy/jupyterhub/`` says exactly what the reference of that chart version lists:

* ``object``: a section whose keys are documented one by one (anything else is a typo);
* ``open``: a free-form mapping or list (``extraEnv``, ``extraFiles.<key>.data``, ``hub.config``);
* ``value``: a setting that takes a value.

A ``patternProperties`` key (a name you choose, such as an ``extraFiles`` entry) appears as ``*``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from soleuslib import paths

DEPLOY_DIR = paths.REPO_ROOT / "deploy" / "jupyterhub"
HUB_CONFIG = DEPLOY_DIR / "config.yaml"
CHART_KEYS = DEPLOY_DIR / "chart-keys.txt"
ANY_NAME = "*"


def _kind(node: dict[str, Any]) -> str:
    if "then" in node:
        node = node["then"]
    if node.get("properties") or node.get("patternProperties"):
        return "open" if node.get("additionalProperties") is True else "object"
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    if "object" in types or "array" in types or node.get("additionalProperties") is True:
        return "open"
    return "value"


def documented_keys(schema: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Every key the configuration reference documents, dotted, with its kind."""
    if "then" in schema:
        schema = schema["then"]
    keys: dict[str, str] = {}
    children = dict(schema.get("properties") or {})
    for node in (schema.get("patternProperties") or {}).values():
        children[ANY_NAME] = node
    for name, node in children.items():
        path = f"{prefix}{name}"
        keys[path] = _kind(node)
        keys.update(documented_keys(node, f"{path}."))
    return keys


def set_keys(values: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted keys a Helm values mapping sets, sections and settings alike."""
    keys: list[str] = []
    for name, value in values.items():
        path = f"{prefix}{name}"
        keys.append(path)
        if isinstance(value, dict):
            keys += set_keys(value, f"{path}.")
    return keys


def _lookup(path: str, documented: dict[str, str]) -> str | None:
    """The documented key matching ``path`` exactly or through ``*`` segments, or None."""
    parts = path.split(".")
    candidates = [""]
    for part in parts:
        nxt = []
        for base in candidates:
            for name in (part, ANY_NAME):
                key = f"{base}.{name}" if base else name
                if key in documented:
                    nxt.append(key)
        candidates = nxt
        if not candidates:
            return None
    return candidates[0]


def undocumented_keys(values: dict[str, Any], documented: dict[str, str]) -> list[str]:
    """Keys ``values`` sets that the reference does not document (below ``open`` keys: anything)."""
    bad: list[str] = []
    for key in set_keys(values):
        parts = key.split(".")
        if any(
            documented.get(_lookup(".".join(parts[:i]), documented) or "") == "open"
            for i in range(1, len(parts))
        ):
            continue
        if _lookup(key, documented) is None:
            bad.append(key)
    return bad


def write_keys(keys: dict[str, str], source: str, path: Path = CHART_KEYS) -> None:
    """Store the documented keys with a header saying where they came from."""
    lines = [f"# {line}" for line in source.strip().splitlines()]
    lines += [f"{key}\t{kind}" for key, kind in sorted(keys.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_keys(path: Path = CHART_KEYS) -> dict[str, str]:
    """The committed list of documented keys (``key<TAB>kind`` lines after ``#`` comments)."""
    keys = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, kind = line.split("\t")
            keys[key] = kind
    return keys


def chart_version(path: Path = CHART_KEYS) -> str:
    """The chart version the committed key list was read from (its ``# chart-version:`` line)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# chart-version:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"{path} has no '# chart-version:' line")


def main(argv: list[str]) -> int:
    """``python -m soleuslib.hubconfig values.schema.yaml VERSION COMMIT``: refresh the key list."""
    import yaml

    if len(argv) != 3:
        print("usage: python -m soleuslib.hubconfig <values.schema.yaml> <chart version> <commit>")
        return 2
    schema_path, version, commit = argv
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    source = (
        f"chart-version: {version}\n"
        "Keys documented by the Zero to JupyterHub Helm chart's configuration reference\n"
        "(https://z2jh.jupyter.org/en/stable/resources/reference.html), which is generated from\n"
        "the chart's jupyterhub/values.schema.yaml. Read from that file in\n"
        f"https://github.com/jupyterhub/zero-to-jupyterhub-k8s at tag {version} (commit {commit})\n"
        "with `python -m soleuslib.hubconfig <values.schema.yaml> <version> <commit>`.\n"
        "Kinds: object = keys below are listed here; open = free-form below; value = a setting."
    )
    write_keys(documented_keys(schema), source)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
