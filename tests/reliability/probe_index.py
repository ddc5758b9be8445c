"""Inspect a data dir's knowledge index from a fresh process and print JSON.

    python probe_index.py DATA_DIR [QUERY ...]

Prints {"documents": {source: {"origin", "n_chunks", "found"}}, "search": {query: [{"source", "text"}]}}
where `found` is how many of the document's passages are really in the index (a document whose
`found` is below its `n_chunks` was left half-written). Settings come from the environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Open the index the way the product does, list every document, count its passages, run queries."""
    from app.core.config import load_settings
    from app.core.knowledge import sources
    from app.core.knowledge.index import KnowledgeBase

    data_dir = Path(argv[0])
    kb = KnowledgeBase(load_settings(cli={"data_dir": str(data_dir)}))
    docs = {}
    for d in kb.list_documents():
        ids = [sources.passage_id(d.source, i) for i in range(d.n_chunks)]
        docs[d.source] = {"origin": d.origin, "n_chunks": d.n_chunks, "found": len(kb.get_passages(ids))}
    found = {q: [{"source": p.source, "text": p.text} for p in kb.search(q, k=3)] for q in argv[1:]}
    json.dump({"documents": docs, "search": found}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
