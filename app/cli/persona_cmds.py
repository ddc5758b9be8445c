"""`coach persona add FILE | --from-text "..."` and `coach persona remove ID`: your own rehearsal partners.

A card file (YAML or JSON) needs at least a name and a trade; like the app's "Fill in a card" form,
everything it leaves out is filled in with sensible defaults, and every field it has is validated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.output import print_json
from app.core.errors import InputError
from app.core.services import Services

MAX_CARD_BYTES = 256 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `persona` command with its `add` and `remove` actions."""
    p = sub.add_parser(
        "persona", help="add or remove your own rehearsal partner (see `coach personas` for all)"
    )
    actions = p.add_subparsers(dest="persona_action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser(
        "add",
        help="save a partner from a card file (YAML/JSON) or a short description",
        description="FILE is a persona card in YAML or JSON with at least 'name' and 'trade' "
        "(see knowledge/personas/*.yaml for every field); --from-text builds one from a "
        "sentence or two.",
    )
    src = add.add_mutually_exclusive_group(required=True)
    src.add_argument("file", nargs="?", metavar="FILE", help="a persona card (.yaml, .yml or .json)")
    src.add_argument("--from-text", metavar="TEXT", help='e.g. "Dana runs a print shop and is very busy"')
    add.add_argument("--json", action="store_true", help="print the saved card as JSON")
    add.set_defaults(func=run_add)
    rm = actions.add_parser("remove", help="delete one of your own partners (built-in ones stay)")
    rm.add_argument("persona_id", metavar="ID")
    rm.set_defaults(func=run_remove)


def _read_card(path: Path) -> dict[str, Any]:
    """The card file as a mapping; unreadable, oversized or non-mapping files are one InputError."""
    import yaml

    if not path.is_file():
        raise InputError(f"No persona card at {path.name!r}.")
    if path.stat().st_size > MAX_CARD_BYTES:
        raise InputError(
            f"{path.name} is larger than {MAX_CARD_BYTES // 1024} KB; is it really a persona card?"
        )
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as UTF-8.") from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"Persona card {path.name} could not be read: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise InputError(
            f"Persona card {path.name} must be a mapping of fields (name, trade, business, ...)."
        )
    return data


def complete_card(data: dict[str, Any], where: str) -> tuple[dict[str, Any], list[str]]:
    """The card with every missing field filled in from the built-in builder, and the names of those filled."""
    from app.core.roleplay.persona_text import build_persona_data
    from app.core.roleplay.personas import Persona

    known = set(Persona.model_fields)
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise InputError(
            f"{where}: '{unknown[0]}' is not a persona field (check the spelling; fields are "
            f"{', '.join(sorted(known))})."
        )
    for key in ("name", "trade"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(f"{where}: field '{key}' is required.")
    base = build_persona_data(
        f"{data['name'].strip()} is a {data['trade'].strip()}. {data.get('personality') or ''}"
    )
    base.pop("id", None)
    filled = sorted(k for k in base if k not in data)
    card = {**base, **data, "origin": "custom"}
    if isinstance(data.get("gains"), dict):  # a partial GAINS block keeps the defaults for the rest
        filled += [f"gains.{g}" for g in base["gains"] if g not in data["gains"]]
        card["gains"] = {**base["gains"], **data["gains"]}
    return card, filled


def run_add(svc: Services, args: argparse.Namespace) -> int:
    """Validate and save a custom persona from a file or a description."""
    from app.core.roleplay.persona_text import persona_from_text
    from app.core.roleplay.personas import save_custom_persona

    existing = {p.get("id") for p in svc.store.list_personas()}
    filled: list[str] = []
    if args.from_text is not None:
        model = svc.model if svc.model.generative else None
        persona = save_custom_persona(svc.store, persona_from_text(args.from_text, model))
    else:
        path = Path(args.file)
        card, filled = complete_card(_read_card(path), f"Persona card {path.name}")
        persona = save_custom_persona(svc.store, card)
    if args.json:
        print_json(persona.to_dict())
        return 0
    verb = "Updated" if persona.id in existing else "Saved"
    print(f"{verb} {persona.name} ({persona.trade}, {persona.difficulty}) as {persona.id}.")
    if filled:
        shown = ", ".join(filled[:8]) + (f" and {len(filled) - 8} more" if len(filled) > 8 else "")
        print(f"Filled in with defaults: {shown}.")
    print(f"Rehearse with: coach rehearse --persona {persona.id}")
    return 0


def run_remove(svc: Services, args: argparse.Namespace) -> int:
    """Delete a custom persona (NotFoundError for an unknown id; built-ins are refused)."""
    from app.core.roleplay.personas import delete_custom_persona

    delete_custom_persona(svc.store, args.persona_id)
    sys.stdout.write(f"Removed {args.persona_id}. Past rehearsals with them keep their copy of the card.\n")
    return 0
