"""The systems a run compares: memsvc configurations (variants) and the baselines."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

BASELINES = ("bm25", "dense", "recency")
# Retrieval features memsvc can switch off per request; --ablation adds one column per feature.
FEATURES = ("entities", "kinds", "when", "time", "neighbours", "sessions", "recency")


@dataclass(frozen=True)
class SystemSpec:
    """One column of the report: how its rankings and contexts are obtained."""

    name: str
    kind: str  # "memsvc" (our configuration), "baseline" (a memsvc leg) or "local"
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def remote(self) -> bool:
        """Whether rankings come from memsvc's endpoints (not computed locally)."""
        return self.kind != "local"


def parse_value(raw: str) -> Any:
    """JSON when it parses (true, 3, {"a": 1}), else the bare string."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def set_option(options: dict[str, Any], assignment: str) -> dict[str, Any]:
    """Apply 'key=value' (dotted keys nest: features.rerank=false) to a copy of options."""
    key, sep, raw = assignment.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"option {assignment!r} is not key=value")
    merged = copy.deepcopy(options)
    node = merged
    *parents, leaf = key.strip().split(".")
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ValueError(f"option {assignment!r} nests under a non-object {part!r}")
    node[leaf] = parse_value(raw)
    return merged


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split on sep outside brackets and quotes, so JSON values may contain commas."""
    parts, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [p for p in (p.strip() for p in parts) if p]


def parse_variant(spec: str, base: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """'name:key=value,key2=value2' -> (name, base options with those applied)."""
    name, _, rest = spec.partition(":")
    if not name.strip():
        raise ValueError(f"variant {spec!r} has no name")
    options = base
    for assignment in split_top_level(rest):
        options = set_option(options, assignment)
    return name.strip(), options


def ablation_variants() -> list[str]:
    """memsvc as shipped, then without each feature, then without all of them."""
    every_off = ",".join(f"features.{f}=false" for f in FEATURES)
    return ["memsvc", *(f"no-{f}:features.{f}=false" for f in FEATURES), f"no-features:{every_off}"]


def build_systems(
    options: list[str], variants: list[str], baselines: list[str], *, ablation: bool = False
) -> list[SystemSpec]:
    """memsvc (or one column per variant) followed by the requested baselines."""
    base: dict[str, Any] = {}
    for assignment in options:
        base = set_option(base, assignment)
    systems = []
    variants = [*variants, *ablation_variants()] if ablation else variants
    if variants:
        for spec in variants:
            name, opts = parse_variant(spec, base)
            systems.append(SystemSpec(f"memsvc:{name}", "memsvc", {"mode": "hybrid", **opts}))
    else:
        systems.append(SystemSpec("memsvc", "memsvc", {"mode": "hybrid", **base}))
    for name in baselines:
        if name not in BASELINES:
            raise ValueError(f"unknown baseline {name!r}; choose from {', '.join(BASELINES)}")
    # Baselines get no pass-through options: they measure a single leg as shipped.
    legs = {"bm25": {"mode": "sparse"}, "dense": {"mode": "dense"}}
    systems += [SystemSpec(n, "baseline", legs[n]) for n in legs if n in baselines]
    if "recency" in baselines:
        systems.append(SystemSpec("recency", "local"))
    return systems
