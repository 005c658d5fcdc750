#!/usr/bin/env python3
"""Sum the <Counters> of every *.trx under the given folders (default: TestResults).

Prints one line per TRX file on stderr and, on stdout, exactly "N passed, N failed".
Errors, timeouts and aborted tests count as failed.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
FAILED = ("failed", "error", "timeout", "aborted")

passed = failed = 0
for folder in sys.argv[1:] or ["TestResults"]:
    for trx in sorted(Path(folder).rglob("*.trx")):
        try:
            c = ET.parse(trx).getroot().find(f"{NS}ResultSummary/{NS}Counters")
        except ET.ParseError as e:
            print(f"{trx}: unreadable ({e}), counted as 1 failed", file=sys.stderr)
            failed += 1
            continue
        if c is None:
            print(f"{trx}: no Counters element", file=sys.stderr)
            continue
        n = lambda k: int(c.get(k, 0))
        p, f = n("passed"), sum(n(k) for k in FAILED)
        print(f"{trx}: total={n('total')} passed={p} failed={f} notExecuted={n('notExecuted')}",
              file=sys.stderr)
        passed += p
        failed += f
print(f"{passed} passed, {failed} failed")
