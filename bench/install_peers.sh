#!/bin/sh
# Installs the peers of bench/peers.py (kanban-tui, dooit), each into its own virtual environment under
# /work/peers (or $PEERS), never into the project's. Run once; `python bench/run.py --sections peers` then uses them.
set -eu
PEERS="${PEERS:-/work/peers}"
mkdir -p "$PEERS"
for peer in kanban-tui dooit; do
    if [ ! -x "$PEERS/$peer/bin/python" ]; then
        python3 -m venv "$PEERS/$peer"
    fi
    "$PEERS/$peer/bin/pip" install --quiet --disable-pip-version-check "$peer"
    "$PEERS/$peer/bin/pip" show "$peer" | grep -E '^(Name|Version)'
done
