"""The rehearsal partner: start, reply (streamed), resume and end a 1-2-1 rehearsal.

Every turn is saved as it happens: the user's message before any model call, the partner's reply as
soon as it is decided. With a generative model the reply is validated in full before it is shown
(replies are short, so buffering costs little and nothing invalid ever reaches the screen); a reply
that fails is replaced by the scripted partner's line and labelled "fallback" with the reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from app.core.errors import CoachError, InputError
from app.core.language import Reader
from app.core.llm.base import ChatModel
from app.core.llm.offline import OfflineModel
from app.core.roleplay.dialogue import Plan, plan_turn
from app.core.roleplay.memory import Memory, new_memory, remember
from app.core.roleplay.personas import Persona, get_persona
from app.core.roleplay.prompting import (
    MAX_PASSAGES,
    build_messages,
    count_tokens,
    partner_prompt,
    rendered_shingles,
)
from app.core.roleplay.scenarios import get_scenario, opening_line
from app.core.roleplay.scripted import scripted_reply
from app.core.roleplay.session import RehearsalSession, check_message, session_from_record
from app.core.roleplay.understanding import TurnRead, understand
from app.core.roleplay.validation import check_reply_act, normalise_reply, validate_reply
from app.core.store import Store

if TYPE_CHECKING:
    from app.core.records import TurnRecord
    from app.core.services import Services

MAX_REPLY_TOKENS = 120


def pieces(text: str) -> Iterator[str]:
    """Yield a text word by word (with its spacing), as a stream would."""
    yield from re.findall(r"\S+\s*", text)


class Partner:
    """Plays the fellow member. One instance can serve many sessions; state lives in the store."""

    def __init__(
        self,
        store: Store,
        model: ChatModel | None = None,
        *,
        knowledge: Any | Callable[[], Any] | None = None,
        max_message_chars: int = 4000,
        reader: Reader | None = None,
    ):
        self.store = store
        self.reader = reader or Reader()
        self.model: ChatModel = model or OfflineModel()
        self._knowledge = knowledge
        self.knowledge_note = ""
        self.max_message_chars = max_message_chars

    @classmethod
    def from_services(cls, svc: Services) -> Partner:
        """A partner on the configured engine, retrieving from the library when a model is used."""
        return cls(
            svc.store,
            svc.model,
            knowledge=lambda: svc.knowledge,
            max_message_chars=svc.settings.max_message_chars,
        )

    # -- sessions ------------------------------------------------------------------------------
    def start(
        self, persona_id: str, scenario_id: str | None = None, *, mode: str = "rehearsal"
    ) -> RehearsalSession:
        """Create and save a session (persona snapshot, engine, prompt refs) with the partner's opening line."""
        persona = get_persona(persona_id, self.store)
        scenario = get_scenario(scenario_id)
        refs = [partner_prompt().ref] if self.model.generative else []
        sid = self.store.create_session(
            persona.id,
            scenario.id,
            persona=persona.to_dict(),
            engine=self.model.info.label,
            prompt_refs=refs,
            title=f"{persona.name} - {scenario.title}",
            mode=mode,
        )
        self.store.update_session(sid, memory=new_memory().model_dump(mode="json"))
        self.store.add_turn(
            sid, "partner", opening_line(scenario, persona), origin="scripted", meta={"opening": True}
        )
        return self.resume(sid)

    def resume(self, session_id: str) -> RehearsalSession:
        """Load a saved session exactly as it was (NotFoundError for an unknown id)."""
        return session_from_record(self.store.get_session(session_id), self.store)

    # -- replies -------------------------------------------------------------------------------
    def reply_stream(
        self, session: RehearsalSession, user_text: str, *, origin: str = "user"
    ) -> Iterator[str]:
        """Save the user's message now, then stream the partner's reply (saved before its first piece)."""
        text = check_message(user_text, self.max_message_chars)
        idx = self.store.add_turn(session.id, "user", text, origin=origin)
        # Provisional copy; replaced by the stored rows once the partner's turn is saved.
        session.turns.append(
            {
                "idx": idx,
                "speaker": "user",
                "text": text,
                "origin": origin,
                "meta": {},
                "created_at": time.time(),
            }
        )
        return self._respond(session)

    def retry_stream(self, session: RehearsalSession) -> Iterator[str]:
        """Answer the last user message again (after a model error left it unanswered)."""
        if not session.pending:
            raise InputError("There is no unanswered message to retry.")
        return self._respond(session)

    def reply(self, session: RehearsalSession, user_text: str, *, origin: str = "user") -> TurnRecord:
        """Non-streaming convenience: send a message and return the saved partner turn."""
        for _ in self.reply_stream(session, user_text, origin=origin):
            pass
        return session.turns[-1]

    def _respond(self, session: RehearsalSession) -> Iterator[str]:
        turn = self._answer(session)
        yield from pieces(turn["text"])

    def _answer(self, session: RehearsalSession) -> TurnRecord:
        """Decide, validate and save the partner's reply to the pending user turn."""
        started = time.perf_counter()
        user_text = session.turns[-1]["text"]
        history = session.turns[:-1]
        persona = session.persona
        read = understand(user_text, self.reader)
        plan = plan_turn(
            read,
            persona,
            session.memory,
            session.turns,
            sell_scenario=session.scenario.opening == "pitch_opening",
        )
        memory = _remembered(session.memory, plan, persona)
        analysed = time.perf_counter() - started
        meta: dict[str, Any] = {
            "engine": self.model.info.label,
            "act": read.act,
            "reply": plan.expect,
            "topic": plan.topic,
            "revealed": plan.answer is not None,
        }
        if self.model.generative:
            text, origin, extra = self._model_reply(session, plan, memory, history, user_text)
            meta.update(extra)
        else:
            text, origin = scripted_reply(plan, persona, session.turns, session.memory), "scripted"
        meta["timings"] = {
            "analysis_s": round(analysed, 4),
            **meta.get("timings", {}),
            "total_s": round(time.perf_counter() - started, 4),
        }
        self.store.add_turn(session.id, "partner", text, origin=origin, meta=meta)
        updates: dict[str, Any] = {"memory": memory.model_dump(mode="json")}
        if session.engine != self.model.info.label:
            updates["engine"] = session.engine = self.model.info.label
        if session.status != "active":
            updates["status"] = session.status = "active"
        self.store.update_session(session.id, **updates)
        session.memory = memory
        # Mirror the store exactly (timestamps included), so a resumed session is identical to this one.
        session.turns[:] = self.store.get_session(session.id)["turns"]
        return session.turns[-1]

    def _model_reply(
        self,
        session: RehearsalSession,
        plan: Plan,
        memory: Memory,
        history: list[TurnRecord],
        user_text: str,
    ) -> tuple[str, str, dict[str, Any]]:
        """Ask the model; on a failed validation answer with the scripted line. ModelErrors propagate."""
        persona = session.persona
        t0 = time.perf_counter()
        passages = self._retrieve(f"{user_text[:300]} {plan.topic or plan.kind}")
        t1 = time.perf_counter()
        prompt = partner_prompt()
        scripted = scripted_reply(
            plan, persona, session.turns, session.memory
        )  # the example line, and the fallback
        # The prompt sees the memory as it was before this turn; the plan says what this turn unlocks.
        messages = build_messages(
            persona,
            session.scenario,
            session.memory,
            history,
            user_text,
            plan,
            passages,
            example=scripted,
            prompt=prompt,
        )
        t2 = time.perf_counter()
        stop = ["\nUser:", "\nYou:", "\nMe:", f"\n{persona.first_name}:"]
        raw = "".join(self.model.stream(messages, max_tokens=MAX_REPLY_TOKENS, temperature=0.5, stop=stop))
        t3 = time.perf_counter()
        text = normalise_reply(raw, persona)
        earlier = [t["text"] for t in history if t["speaker"] == "partner"]
        verdict = validate_reply(
            text,
            persona,
            user_text=user_text,
            previous=earlier,
            instructions=rendered_shingles(messages, prompt.version),
        )
        if verdict.ok:
            verdict = check_reply_act(text, plan, session.memory, self.reader)
        extra: dict[str, Any] = {
            "prompt": prompt.ref,
            "prompt_tokens": count_tokens(messages),
            "passages": [p.id for p in passages],
            "timings": {
                "retrieval_s": round(t1 - t0, 4),
                "prompt_s": round(t2 - t1, 4),
                "model_s": round(t3 - t2, 4),
            },
        }
        if self.knowledge_note:
            extra["knowledge"] = self.knowledge_note
        if verdict.ok:
            return text, "model", extra
        extra.update({"reason": verdict.reason, "detail": verdict.detail, "rejected": raw[:300]})
        return scripted, "fallback", extra

    def knowledge(self) -> Any | None:
        """The knowledge base, built on first use; None (with `knowledge_note` saying why) when unavailable."""
        kb = self._knowledge
        if callable(kb) and not hasattr(kb, "search"):
            try:
                kb = self._knowledge = kb()
            except (CoachError, ImportError) as exc:
                kb = self._knowledge = None
                self.knowledge_note = f"library unavailable: {exc}"
        return kb

    def _retrieve(self, query: str) -> list[Any]:
        """Library passages for the model prompt; a missing or broken library only loses the background notes."""
        kb = self.knowledge()
        if kb is None:
            return []
        try:
            return list(kb.search(query, k=MAX_PASSAGES))
        except CoachError as exc:
            self.knowledge_note = f"library search failed: {exc}"
            return []

    def hint(
        self, session: RehearsalSession, *, last_hint_turn: int | None = None, every: int = 1
    ) -> str | None:
        """The coach's live hint for the conversation so far, or None (no gap, too soon, or no coach)."""
        try:
            from app.core.coach import live_hint
        except ImportError:
            return None
        found = live_hint(
            session.transcript(),
            last_hint_turn=last_hint_turn,
            every=every,
            scenario=session.scenario.id,
            reader=self.reader,
        )
        return found.text if found else None

    # -- ending ----------------------------------------------------------------------------------
    def end(self, session: RehearsalSession, *, review: bool = True) -> dict[str, Any] | None:
        """Mark the session ended and, when the coach is available, save and return its report."""
        report = None
        if review and any(t["speaker"] == "user" for t in session.turns):
            report = review_session(
                session, model=self.model if self.model.generative else None, knowledge=self.knowledge()
            )
        fields: dict[str, Any] = {"status": "ended"}
        if report is not None:
            fields.update(report=report, score=report.get("score"))
        self.store.update_session(session.id, **fields)
        session.status, session.report = "ended", report if report is not None else session.report
        return report


_MOMENT_OF_ACT = {
    "pitch": "selling",
    "offer_conditional": "selling",
    "propose_sales_meeting": "selling",
    "offer_concrete": "offer",
    "offer_vague": "offer",
    "purpose": "purpose",
    "propose_next_step": "next_step",
    "greeting": "greeting",
    "small_talk": "small_talk",
    "thanks": "thanks",
    "closing": "closing",
    "rude": "rude",
    "request_introduction": "request_introduction",
    "recap_last_time": "recap_last_time",
    "injection": "injection",
    "gibberish": "gibberish",
    "other_language": "other_language",
}


def _remembered(memory: Memory, plan: Plan, persona: Persona) -> Memory:
    """The memory after this turn: what the partner shared, what the user said, offered and proposed."""
    read: TurnRead = plan.read
    acts = set(read.acts) | {read.act}
    moments = [_MOMENT_OF_ACT[a] for a in acts if a in _MOMENT_OF_ACT]
    if read.heard:
        moments.append("about_user")
    offer = None
    if read.offer and read.offer[1] and "offer_concrete" in acts:
        # The whole offer is kept (who, and what they do), so the partner never wishes for it again.
        unit = next(
            (u for u in (read.reading.units if read.reading else ()) if u.act == "offer_concrete"), None
        )
        offer = (unit.text if unit is not None else read.offer[1])[:200]
    agreed = None
    if plan.kind in ("confirm_time", "confirm_accept", "accept_step") and (read.proposal or read.unit):
        agreed = (read.proposal or (read.unit.text if read.unit else ""))[:200]
    topic = plan.answer
    return remember(
        memory,
        topic_said=topic,
        fact=(persona.field_text(topic) if topic and topic != "last_referral" else persona.last_referral)
        if topic
        else None,
        asked=read.topic,
        deflected=plan.topic if plan.kind == "deflect" else None,
        heard=dict(read.heard),
        offer=offer,
        next_step=read.proposal,
        agreed=agreed,
        moments=moments,
    )


def review_session(
    session: RehearsalSession, *, model: ChatModel | None = None, knowledge: Any = None
) -> dict[str, Any] | None:
    """The coach's report for a session as a dict, or None while the coach is not installed."""
    try:
        from app.core.coach import review
    except ImportError:
        return None
    try:
        return review(
            session.transcript(), knowledge=knowledge, model=model, scenario=session.scenario.id
        ).to_dict()
    except InputError:  # nothing reviewable yet (e.g. only emoji from the user)
        return None
