"""Story clusters as the connected components of the near-duplicate graph, partitioned by
article id, with a final state that depends neither on arrival order nor on redelivery.

Every message to a node (an article id) is a set of members that belong to that node's
cluster, and always contains the node itself. A node keeps the union of what it received;
the earliest member of that set (by ``(ingested_at, article_id)``) is its root:

- a node that is its own root holds the whole cluster; it answers every member new to it with
  ``{root, member}``, so that member learns its root;
- any other node forwards to its root what the root may not know: everything it holds when
  its root changed, otherwise what was new plus itself.

Sets only grow and a message that adds nothing changes nothing, so redelivered and reordered
messages are harmless; the root of a component ends up holding the whole component, and every
member ends up pointing at the component's earliest article (the union–find of the issue, with
the canonical member as representative, spread over partitions). Each node writes its record
when it changes: a member's record names the canonical article and its distance to it; the
canonical article's record also carries the cluster's size, first and last ingestion time and
its members. A member's record does not repeat the size: that would rewrite every member on
every new copy of a story, n² records for a story copied n times.

A node with nothing newer than the window before the partition's newest member is dropped
(``sweep``); see ``bands`` for why nothing within the window is lost by that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workers.stages.cluster.bands import SWEEP_EVERY
from workers.stages.cluster.member import Member, earliest
from workers.stages.cluster.record import ClusterRecord, canonical_record, member_record

Message = tuple[str, tuple[Member, ...]]  # (the node it is for, the members it tells of)


@dataclass(slots=True)
class Node:
    members: dict[str, Member] = field(default_factory=dict)
    root: Member | None = None
    newest_ms: int = 0


@dataclass(slots=True)
class Effects:
    """What one message caused: messages to send, the node's new record, counters."""

    messages: list[Message] = field(default_factory=list)
    record: ClusterRecord | None = None
    formed: bool = False  # a cluster of one became a cluster of two
    merged: bool = False  # a canonical article found an earlier one and joined its cluster


def sort_members(members: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(sorted(members, key=lambda m: m.order))


@dataclass
class NodeIndex:
    """The nodes of one partition of the node topic."""

    window_ms: int
    nodes: dict[str, Node] = field(default_factory=dict)
    watermark_ms: int = 0
    received: int = 0

    def receive(self, node_id: str, members: Iterable[Member]) -> Effects:
        told = {m.article_id: m for m in members}
        if node_id not in told:
            raise ValueError(f"a message for {node_id} must contain that article")
        self.received += 1
        if self.received % SWEEP_EVERY == 0:
            self.sweep()
        node = self.nodes.setdefault(node_id, Node())
        new = {key: m for key, m in told.items() if key not in node.members}
        effects = Effects()
        if not new:
            return effects
        before = node.root
        node.members.update(new)
        node.newest_ms = max(node.newest_ms, *(m.ingested_ms for m in new.values()))
        self.watermark_ms = max(self.watermark_ms, node.newest_ms)
        root = node.root = earliest(node.members.values())
        me = node.members[node_id]
        if root.article_id == node_id:
            effects.messages = [(m.article_id, (root, m)) for m in sort_members(new.values())
                                if m.article_id != node_id]
            effects.record = canonical_record(me, node.members.values())
            effects.formed = len(node.members) > 1 and len(node.members) - len(new) <= 1
            return effects
        if before is None or before.article_id != root.article_id:
            forward = list(node.members.values())
            effects.record = member_record(me, root)
            effects.merged = before is not None and before.article_id == node_id
        else:
            forward = list({**new, node_id: me, root.article_id: root}.values())
        effects.messages = [(root.article_id, sort_members(forward))]
        return effects

    def sweep(self) -> int:
        """Drop nodes whose newest member is older than the window; returns how many."""
        horizon = self.watermark_ms - self.window_ms
        old = [key for key, node in self.nodes.items() if node.newest_ms < horizon]
        for key in old:
            del self.nodes[key]
        return len(old)
