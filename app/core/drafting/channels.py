"""What each channel allows: text-message segments, LinkedIn note lengths, email and message word counts."""

from __future__ import annotations

# GSM 03.38: a text in these characters is sent 160 to a segment (153 when split); anything else
# (curly quotes, emoji, most accents) switches the whole message to UCS-2: 70 (67 when split).
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXT = set("^{}\\[~]|€\f")
SMS_MAX_SEGMENTS = 2
LINKEDIN_FREE = 200  # connection-note limit on free accounts
LINKEDIN_PAID = 300  # ... and on paid ones
LIMITS = {
    "linkedin-note": LINKEDIN_FREE,
    "linkedin-note-paid": LINKEDIN_PAID,
    "sms": 2 * 153,
    "linkedin-message": 8000,
}
# Body words (greeting and sign-off excluded): about four sentences is the shape that gets answered.
WORD_LIMITS = {"short": 110, "medium": 170}


def sms_segments(text: str) -> tuple[int, str]:
    """(segments, encoding) a text message needs: 'GSM-7' or 'UCS-2'."""
    if all(c in _GSM or c in _GSM_EXT for c in text):
        units = sum(2 if c in _GSM_EXT else 1 for c in text)
        return (1 if units <= 160 else -(-units // 153)), "GSM-7"
    units = len(text.encode("utf-16-le")) // 2
    return (1 if units <= 70 else -(-units // 67)), "UCS-2"


def words_over(body: str, length: str, channel: str) -> int | None:
    """How many words an email or LinkedIn message body is allowed, when it has more (else None)."""
    if channel not in ("email", "linkedin-message"):
        return None
    limit = WORD_LIMITS.get(length, WORD_LIMITS["short"])
    return limit if len(body.split()) > limit else None


def fits_channel(channel: str, text: str, body: str, length: str = "short") -> bool:
    """The whole message fits the channel: segments, characters and words."""
    if channel == "sms":
        return sms_segments(text)[0] <= SMS_MAX_SEGMENTS
    limit = LIMITS.get(channel)
    return (not limit or len(text) <= limit) and words_over(body, length, channel) is None


def fit_note(channel: str, text: str) -> str:
    """One line saying how the message fits its channel ('Fits in 1 text message (148 characters).')."""
    if channel == "sms":
        n, enc = sms_segments(text)
        extra = "" if enc == "GSM-7" else " - special characters make each text shorter"
        return f"Fits in {n} text message{'s' if n > 1 else ''} ({len(text)} characters{extra})."
    if channel == "linkedin-note":
        return f"{len(text)} of {LINKEDIN_FREE} characters: fits a free LinkedIn account's invitation note."
    return ""
