"""`coach ingest`, `coach search` and `coach knowledge list|show|remove`: the knowledge library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.output import print_json
from app.core.errors import InputError, NotFoundError
from app.core.knowledge.relevance import nothing_matches
from app.core.services import Services


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `ingest`, `search` and `knowledge` commands."""
    p = sub.add_parser(
        "ingest", help="add your own files or folders (.md, .txt, .html, .pdf) to the knowledge library"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (folders are read recursively)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_ingest)

    p = sub.add_parser("search", help="search the knowledge library")
    p.add_argument("query", metavar="QUERY", help="a question or a few words")
    p.add_argument("--k", type=int, default=4, help="how many passages to return (1-50, default 4)")
    p.add_argument(
        "--origin", choices=["library", "user"], help="only the built-in library or only your files"
    )
    p.add_argument("--source", help="only passages from this document")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_search)

    p = sub.add_parser("knowledge", help="list, show or remove documents in the knowledge library")
    p.add_argument(
        "action", choices=["list", "show", "remove"], help="list documents, show one, or remove one of yours"
    )
    p.add_argument("path", nargs="?", metavar="PATH", help="the document (for show and remove)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_knowledge)


def _notice(svc: Services) -> None:
    notice = svc.knowledge.embedding_notice
    if notice:
        sys.stderr.write(f"coach: {notice}\n")


def run_ingest(svc: Services, args: argparse.Namespace) -> int:
    """Index files; exit 0 when all were indexed or unchanged, 1 when some were skipped, 2 when none exist."""
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if len(missing) == len(args.paths):
        raise InputError(f"No such file or folder: {', '.join(missing)}.")
    report = svc.knowledge.ingest(args.paths)
    _notice(svc)
    if args.json:
        print_json(report.to_dict())
    else:
        for source in report.indexed:
            print(f"indexed    {source}")
        for source in report.unchanged:
            print(f"unchanged  {source}")
        for path, reason in report.skipped:
            print(f"skipped    {path}: {reason}")
        print(
            f"{len(report.indexed)} indexed, {len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
        )
    return 1 if report.skipped else 0


def run_search(svc: Services, args: argparse.Namespace) -> int:
    """Print the best passages for a query, or say that nothing in the library matches it."""
    filters = {k: v for k, v in (("origin", args.origin), ("source", args.source)) if v}
    if args.source:
        svc.knowledge.ensure_library()
        resolved = svc.knowledge.resolve_source(args.source)
        if resolved is None:
            raise NotFoundError(f"No document {args.source!r} in the library (see: coach knowledge list).")
        filters["source"] = resolved
    passages = svc.knowledge.search(args.query, k=args.k, filters=filters or None)
    _notice(svc)
    nothing = nothing_matches(args.query) if not passages else None
    if args.json:
        found = [
            {
                "source": p.source,
                "title": p.title,
                "heading": p.heading,
                "text": p.text,
                "score": p.score,
                "relevance": p.relevance,
            }
            for p in passages
        ]
        print_json({"results": found, **({"message": nothing} if nothing else {})})
        return 0
    if nothing:
        print(nothing)
    for i, p in enumerate(passages, start=1):
        print(f"[{i}] {p.heading}  (score {p.score:.2f}, relevance {p.relevance:.2f})\n    {p.source}")
        for line in p.text.splitlines():
            print(f"    {line}" if line.strip() else "")
        print()
    return 0


def run_knowledge(svc: Services, args: argparse.Namespace) -> int:
    """List documents, print one, or remove one of the user's documents."""
    kb = svc.knowledge
    if args.action == "list":
        docs = kb.list_documents()
        _notice(svc)
        if args.json:
            print_json({"documents": [d.to_dict() for d in docs]})
            return 0
        for d in docs:
            print(f"{d.origin:<8} {d.n_chunks:>3} passages  {d.title}\n         {d.source}")
        print(f"{len(docs)} documents.")
        return 0
    if not args.path:
        raise InputError(f"`coach knowledge {args.action}` needs the document's path.")
    if args.action == "show":
        text = kb.read_document(args.path)
        if args.json:
            print_json({"source": kb.resolve_source(args.path), "text": text})
        else:
            sys.stdout.write(text)
        return 0
    if not kb.remove(args.path):
        raise NotFoundError(
            f"No document {args.path!r} in the knowledge library (see `coach knowledge list`)."
        )
    if args.json:
        print_json({"removed": args.path})
    else:
        print(f"removed    {args.path}")
    return 0
