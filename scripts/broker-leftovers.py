#!/usr/bin/env python3
"""What a test run left on the test broker: reads two listings of scripts/test.sh's broker_state (before and after the
run) and prints one line for each virtual host, queue or binding the run added, and each queue that holds more messages than before
(a typed publish that reached a queue the run did not make). Prints nothing when the run left the broker as it found it.
Usage: broker-leftovers.py BEFORE AFTER"""
import sys


def read(path):
    vhosts, queues, bindings = set(), {}, set()
    with open(path, encoding="utf-8") as listing:
        for line in listing:
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "vhost":
                vhosts.add(rest)
            elif kind == "queue":
                name, _, messages = rest.rpartition("\t")
                queues[name] = int(messages) if messages.isdigit() else 0
            elif kind == "binding":
                bindings.add(rest)
    return vhosts, queues, bindings


(vhosts_before, queues_before, bindings_before), (vhosts_after, queues_after, bindings_after) = read(sys.argv[1]), read(sys.argv[2])
for name in sorted(vhosts_after - vhosts_before):
    print(f"  virtual host {name}")
for name, messages in sorted(queues_after.items()):
    if name not in queues_before:
        print(f"  queue {name} ({messages} messages)")
    elif messages > queues_before[name]:
        print(f"  {messages - queues_before[name]} message(s) more in queue {name}, which was there before the run")
for binding in sorted(bindings_after - bindings_before):
    source, destination, key = (binding.split("\t") + ["", ""])[:3]
    print(f"  binding {source} -> {destination}{f' (key {key})' if key else ''}")
