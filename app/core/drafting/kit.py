"""What a refer-me kit is: its items and the advice around them, and the kit as one Markdown document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from app.core.drafting.kinds import Origin


class KitItem(BaseModel):
    """One script of the kit (the presentation, the briefing, an introduction email ...)."""

    # Saved kits are read back as they were written: keys of other versions are kept, not refused.
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    subject: str = ""
    body: str
    origin: Origin = Origin.TEMPLATE
    citations: list[dict[str, str]] = []
    notes: list[str] = []  # checks the text did not meet, or why a model draft was replaced
    missing: list[str] = []  # profile keys that would improve this item
    tips: list[str] = []  # advice on the profile, shown with the item


class ReferKit(BaseModel):
    """Every item the profile supports, what the profile still lacks, and who wrote it."""

    model_config = ConfigDict(extra="allow")

    items: list[KitItem]
    missing: list[str] = []  # advice lines to show
    missing_fields: dict[str, list[str]] = {}  # the same per item, as profile keys
    prompt: str | None = None
    engine: str = ""
    notes: list[str] = []

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what is saved with the draft and what `coach refer-kit` prints)."""
        return self.model_dump(mode="json")


def kit_markdown(kit: ReferKit | dict[str, Any]) -> str:
    """The kit (or a saved kit's JSON form) as one Markdown document, with sources."""
    kit = kit if isinstance(kit, ReferKit) else ReferKit.model_validate(kit)
    lines = ["# Your refer-me kit", ""]
    for item in kit.items:
        lines += [f"## {item.title}", ""]
        if item.subject:
            lines += [f"**Subject:** {item.subject}", ""]
        lines += [item.body, "", f"*Written by: {item.origin}*", ""]
    if kit.missing:
        lines += ["## Still to add", "", *[f"- {m}" for m in kit.missing], ""]
    seen: dict[str, dict[str, str]] = {}
    for item in kit.items:
        for c in item.citations:
            seen.setdefault(c["passage_id"], c)
    if seen:
        lines += [
            "## Sources",
            "",
            *[f'- {c["title"]}, "{c["heading"]}": "{c["quote"]}"' for c in seen.values()],
        ]
    return "\n".join(lines).rstrip() + "\n"
