"""Pass-through options and variants."""

from __future__ import annotations

import pytest

from eval.systems import FEATURES, build_systems, parse_variant, set_option, split_top_level
from memsvc.search.schemas import Features


def test_set_option_parses_json_and_nests() -> None:
    assert set_option({}, "k=3") == {"k": 3}
    assert set_option({}, "reference_time=2023-05-01") == {"reference_time": "2023-05-01"}
    nested = set_option({"features": {"a": True}}, "features.b=false")
    assert nested == {"features": {"a": True, "b": False}}
    with pytest.raises(ValueError):
        set_option({}, "no-equals")


def test_split_top_level_keeps_json_commas() -> None:
    assert split_top_level('a=1,features={"x":true,"y":false},b="p,q"') == [
        "a=1",
        'features={"x":true,"y":false}',
        'b="p,q"',
    ]


def test_variants_and_baselines() -> None:
    name, opts = parse_variant("no-x:features.x=false,mode=dense", {"features": {"y": 1}})
    assert name == "no-x" and opts == {"features": {"y": 1, "x": False}, "mode": "dense"}
    systems = build_systems(
        ["features.y=1"], ["full", "no-x:features.x=false"], ["bm25", "recency"]
    )
    assert [s.name for s in systems] == ["memsvc:full", "memsvc:no-x", "bm25", "recency"]
    assert systems[1].options == {"mode": "hybrid", "features": {"y": 1, "x": False}}
    assert systems[2].options == {"mode": "sparse"} and not systems[3].remote
    with pytest.raises(ValueError):
        build_systems([], [], ["bogus"])


def test_ablation_adds_one_column_per_feature_and_all_off() -> None:
    names = [s.name for s in build_systems([], [], [], ablation=True)]
    assert names == [
        "memsvc:memsvc",
        *(f"memsvc:no-{f}" for f in FEATURES),
        "memsvc:no-features",
    ]
    all_off = build_systems([], [], [], ablation=True)[-1].options["features"]
    assert all_off == dict.fromkeys(FEATURES, False)
    # Every feature the ablation switches exists in the API (an unknown one is a 422).
    assert set(FEATURES) == set(Features.model_fields)
