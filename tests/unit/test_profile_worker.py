"""The grouping of py-spy samples in benchmarks/profile_worker.py: a sample belongs to the
innermost stage or codec frame on its stack, else to the messaging machinery."""

from __future__ import annotations

from pathlib import Path

from benchmarks.profile_worker import group_of, read_samples

ENRICH = "enrich (workers/stages/enrich/__init__.py:50)"
SCAN = "scan (workers/stages/enrich/entities/automaton.py:108)"
LOOP = "Worker.execute_from_commandline (mode/worker.py:264)"
SEND = "Topic.send (faust/topics.py:190)"
DUMPS = "dumps (workers/record.py:206)"


def test_innermost_known_frame_names_the_group() -> None:
    assert group_of([LOOP, "Glue.enrich (workers/agents.py:146)", ENRICH, SCAN]) == "enrich"
    assert group_of([LOOP, "Glue.language (workers/agents.py:138)", DUMPS]).startswith("record")
    assert group_of([LOOP, SEND]).startswith("messaging")
    assert group_of(["main (somewhere.py:1)"]) == "other"
    merge = "ClusterAgents.merge (workers/cluster_agents.py:190)"
    receive = "NodeIndex.receive (workers/stages/cluster/nodes.py:64)"
    assert group_of([LOOP, merge, receive]) == "story clusters"
    assert group_of([LOOP, merge, SEND]) == "story clusters"


def test_raw_samples_are_counted_per_group_and_function(tmp_path: Path) -> None:
    raw = tmp_path / "samples.txt"
    raw.write_text(
        f"thread (1): MainThread;{LOOP};{SEND} 7\n"
        f"thread (2): khabar-enrich_0;{ENRICH};{SCAN} 3\n"
        f"thread (1): MainThread;{LOOP};{DUMPS} 2\n"
    )
    groups, functions, total = read_samples(raw)
    assert total == 12
    assert groups["enrich"] == 3
    assert groups["record JSON (pydantic, orjson)"] == 2
    assert groups["messaging (Faust, aiokafka, asyncio, threads)"] == 7
    assert functions[SCAN] == 3 and functions[SEND] == 7
