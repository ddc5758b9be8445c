"""Pieces of the Rehearse page: choosing or creating a partner, the brief, live hints and the conversation."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.core.errors import InputError
from app.core.roleplay.persona_kinds import DIFFICULTIES
from app.core.roleplay.persona_text import build_persona_data, persona_from_text
from app.core.roleplay.personas import Persona, filter_personas, save_custom_persona
from app.core.roleplay.scenarios import Scenario, fill
from app.core.roleplay.session import RehearsalSession
from app.core.services import Services
from app.core.store import Store
from app.ui.common import guard, origin_caption

DIFFICULTY_BADGE = {
    "easy": ":green-badge[easy]",
    "medium": ":orange-badge[medium]",
    "hard": ":red-badge[hard]",
}
PICK_KEY = "rh_persona"
NEXT_PICK_KEY = "rh_persona_next"
TRAITS_KEY = "rh_traits"
INDUSTRY_KEY = "rh_industry"
ANY_INDUSTRY = "any"


def persona_line(p: Persona) -> str:
    """'Maya Brennan · commercial letting agent · easy' for pickers."""
    mine = " · yours" if p.origin != "built-in" else ""
    return f"{p.name} · {p.trade} · {p.difficulty}{mine}"


def partner_filter(personas: list[Persona]) -> list[Persona]:
    """Trait and industry filters above the picker; only values some partner has are offered."""
    if NEXT_PICK_KEY in st.session_state:  # a partner just created must not be hidden by an old filter
        st.session_state.pop(TRAITS_KEY, None)
        st.session_state.pop(INDUSTRY_KEY, None)
    traits = sorted({t for p in personas for t in p.traits})
    industries = sorted({p.industry for p in personas if p.industry})
    left, right = st.columns([3, 1])
    picked = left.pills(
        "Find a partner by trait",
        traits,
        selection_mode="multi",
        key=TRAITS_KEY,
        format_func=lambda t: t.replace("-", " "),
        help="Partners with every trait you pick. Pick none to see everyone.",
    )
    industry = right.selectbox(
        "Industry",
        [ANY_INDUSTRY, *industries],
        key=INDUSTRY_KEY,
        format_func=lambda i: "Any industry" if i == ANY_INDUSTRY else i.replace("-", " "),
    )
    found = filter_personas(
        personas, traits=list(picked or []), industry=None if industry == ANY_INDUSTRY else industry
    )
    if not found:
        st.info(
            "No partner matches all of that; showing everyone. Remove a trait or choose another industry.",
            icon=":material/filter_alt_off:",
        )
        return personas
    return found


def persona_card(p: Persona) -> None:
    """A short card: who they are and how hard they are to talk to (the rest is for you to discover)."""
    with st.container(border=True):
        st.markdown(f"**{p.name}** — {p.trade} {DIFFICULTY_BADGE.get(p.difficulty, '')}")
        tags = " · ".join(
            x for x in [p.industry.replace("-", " ") if p.industry != "other" else "", *p.traits, p.home] if x
        )
        st.caption(p.business + (f"  \n{tags}" if tags else ""))
        st.markdown(f"*{p.summary or p.personality}*")


def render_brief(scenario: Scenario, persona: Persona) -> None:
    """The scenario brief: objective, what you know, tips."""
    st.markdown(f"**{scenario.title}** with **{persona.name}**, {persona.trade} ({persona.difficulty})")
    st.markdown(f"**Your objective:** {fill(scenario.objective, persona)}")
    st.markdown(f"**What you know so far:** {fill(scenario.you_know, persona)}")
    if scenario.tips:
        st.markdown("**Tips**\n" + "\n".join(f"- {t}" for t in scenario.tips))


def _select(persona: Persona) -> None:
    # The picker is already drawn in this run; the page applies the choice before drawing it next time.
    st.session_state[NEXT_PICK_KEY] = persona.id
    st.session_state["rh_flash"] = f"{persona.name} is ready to meet you."


def create_persona(svc: Services) -> None:
    """Two ways to add a partner: from a short description, or by filling in the key facts."""
    quick, full = st.tabs(["From a short description", "Fill in a card"])
    with quick:
        st.caption(
            "Describe someone you will meet, in a sentence or two. A model (if connected) fills in the "
            "rest; otherwise the built-in builder does."
        )
        with st.form("rh_describe_form"):
            text = st.text_area(
                "Description",
                key="rh_describe",
                max_chars=2000,
                placeholder="Dana runs a print shop and is very busy; she works with local cafes.",
            )
            made = st.form_submit_button("Create this partner", icon=":material/person_add:")
        if made:
            with guard("Your description is still in the box."), st.spinner("Building the card ..."):
                persona = save_custom_persona(svc.store, persona_from_text(text, svc.model))
                _select(persona)
                st.rerun()
    with full:
        with st.form("rh_card_form"):
            c1, c2 = st.columns(2)
            name = c1.text_input("Name *", key="rh_c_name")
            trade = c2.text_input("Trade *", key="rh_c_trade", placeholder="e.g. commercial photographer")
            business = c1.text_input("Business", key="rh_c_business")
            difficulty = c2.selectbox("How hard to talk to", DIFFICULTIES, index=1, key="rh_c_difficulty")
            ideal_client = st.text_input("Their ideal client", key="rh_c_client")
            ideal_referral = st.text_input("Their ideal referral", key="rh_c_referral")
            triggers = st.text_area("Trigger phrases (one per line)", key="rh_c_triggers")
            personality = st.text_input(
                "Personality", key="rh_c_personality", placeholder="e.g. shy but precise"
            )
            saved = st.form_submit_button("Save this partner", icon=":material/save:")
        if saved:
            with guard("Your entries are still in the form."):
                if not name.strip() or not trade.strip():
                    raise InputError("Give at least the person's name and trade.")
                # The builder supplies a complete, valid card; what the user typed overrides it.
                data: dict[str, Any] = build_persona_data(
                    f"{name.strip()} is a {trade.strip()}. {personality}"
                )
                data.update(
                    {
                        "name": name.strip(),
                        "trade": trade.strip(),
                        "difficulty": difficulty,
                        "origin": "custom",
                    }
                )
                for key, value in (
                    ("business", business),
                    ("ideal_client", ideal_client),
                    ("ideal_referral", ideal_referral),
                    ("personality", personality),
                ):
                    if value.strip():
                        data[key] = value.strip()
                lines = [t.strip() for t in triggers.splitlines() if t.strip()]
                if lines:
                    data["trigger_phrases"] = lines
                data.pop("id", None)
                persona = save_custom_persona(svc.store, data)
                _select(persona)
                st.rerun()


def turn_caption(turn: dict[str, Any]) -> str:
    """Which engine answered a partner turn and how (model, script, fallback with its reason)."""
    meta = turn.get("meta") or {}
    if meta.get("opening"):
        return "opening line"
    caption = origin_caption(str(meta.get("engine", "")), str(turn.get("origin", "")))
    if turn.get("origin") == "fallback" and meta.get("reason"):
        caption += f" · model reply rejected: {meta['reason']}"
    return caption


def render_turn(turn: dict[str, Any], partner_name: str) -> None:
    """One chat bubble; partner replies carry a small caption saying who produced them."""
    if turn["speaker"] == "user":
        with st.chat_message("user"):
            st.markdown(turn["text"])
    else:
        with st.chat_message("assistant", avatar=":material/person:"):
            st.markdown(turn["text"])
            st.caption(f"{partner_name} · {turn_caption(turn)}")


def render_conversation(session: RehearsalSession, hints: dict[int, str]) -> None:
    """Every saved turn, with any live hint given after a turn shown right below it."""
    for i, turn in enumerate(session.turns):
        render_turn(turn, session.persona.first_name)
        if i in hints:
            render_hint(hints[i])


def render_hint(text: str) -> None:
    """One live hint from the coach."""
    st.info(f"**Coach:** {text}", icon=":material/lightbulb:")


# -- live hints, kept in the session record so a reload (or another device) keeps them --------------
def load_hints(record: dict[str, Any], default_on: bool = False) -> dict[str, Any]:
    """The session's hint state: {"on": bool, "shown": [{"turn", "check", "text"}]}, tolerant of old records."""
    raw = record.get("hints") if isinstance(record.get("hints"), dict) else {}
    shown = [h for h in raw.get("shown") or [] if isinstance(h, dict) and isinstance(h.get("turn"), int)]
    return {"on": bool(raw.get("on", default_on)), "shown": shown}


def save_hints(store: Store, session_id: str, hints: dict[str, Any]) -> None:
    """Save the hint state with the session."""
    store.set_session_hints(session_id, hints)


def hints_by_turn(hints: dict[str, Any]) -> dict[int, str]:
    """Hints shown so far, keyed by the turn they followed (for drawing the conversation)."""
    return {h["turn"]: str(h.get("text", "")) for h in hints["shown"]}
