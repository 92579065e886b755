"""Import the plain text of a published gallery page (as copied from a browser).

The text is split into caption-only items, in page order, so the same rules that
check a gallery before publication can audit one after it:

* counters start items: "(01 of 12)", "(01 of12)", "1/12", "1 of 12", "Image 3 of 12", of any
  length ("(1000 of 2000)"); a counter slot with no caption is an item with an empty caption
  (the missing-caption rule then says so), so an item is never lost;
* a page whose counters follow their slides (a wire service's picture page: the caption, its
  repeats, "Close", then "1 / 31") is read the other way round: when a credited caption comes
  before the first counter and nothing after the last, each counter closes its slide, whose
  first credited caption is the item (the twelfth walk's page gave the first photo three times);
* widget lines ("Open Image Modal", "Enlarge this image", "Expand", "Share",
  "Advertisement" …) are dropped;
* a trailing CMS credit "(credit:NAME via Getty Images)" — on the caption's line or on
  its own line after it — or a credit line on its own ("Photo: NAME/AP", "Credit: …",
  "Photograph: …") becomes the item's credit line;
* without counters, each paragraph that carries a credit is an item, so an article's
  lead photo caption before the body counts, and the body paragraphs do not;
* every paragraph (line) of text that ends up in no item is counted as dropped page text
  (``GalleryText.dropped``), so a summary can say so instead of losing it silently;
* ``every_paragraph``: a page that is a list of captions with no counters (a desk's own
  export, a caption sheet) makes each paragraph an item, with or without a credit: the
  uncredited caption is the one an audit must not drop (the ninth walk); the page's heading
  before the first caption (a few words, no final stop, no credit) is page text;
* a "© NAME / AGENCY" line on its own after a caption is its credit line, as "Photo: …" is
  (a footer's "© 2026 X. All rights reserved." is page text);
* a page that labels its captions ("Image caption," then the caption, or "Image caption TEXT")
  is read by its labels: the credit labelled before each ("Image source, NAME/AGENCY", or the
  picture's alt text then "Image copyright NAME" on one line) is the caption's credit line, the
  alt text its alt text; every other line is page text, with or without ``every_paragraph``
  (the eleventh walk's broadcaster pages kept 3 of 9 photos, and those without their captions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COUNTER = re.compile(
    r"^\s*(?:\(\s*0*(?P<a>\d+)\s*of\s*0*(?P<b>\d+)\s*\)|(?P<word>(?:Image|Photo|Slide)\s+)?0*(?P<c>\d+)"
    r"\s*(?:/|of)\s*0*(?P<d>\d+)\b)\s*",
    re.IGNORECASE,
)
# A bare "n/m" or "n of m" with more digits than a gallery of up to 999 photos needs is more
# often a year ("2025/2026 season") than a counter: it counts only when it continues the
# counters before it (same total) or starts a gallery (1 of m).
_BARE_DIGITS = 3
WIDGETS = frozenset(s.casefold() for s in (
    "Open Image Modal", "Enlarge this image", "Expand", "Share", "Advertisement", "Close", "Toggle caption",
    "hide caption", "Share this", "Share this image", "Share this slide", "Image", "Photos", "View gallery",
    "Launch gallery", "Show caption", "Hide caption", "Caption", "Fullscreen", "Full screen", "Next", "Previous",
    "Prev", "Back to top", "Copy link", "Facebook", "Twitter", "X", "Email", "Pinterest", "WhatsApp", "Tweet",
    "Pin", "Zoom", "Play", "Story continues below advertisement", "Continue reading", "Skip Ad",
    "Share full article", "Read more", "Loading…", "Loading...",
))
WIDGET_PREFIX = re.compile(r"^(?:Open Image Modal|Enlarge this image|Expand|Share|Advertisement)\s+", re.IGNORECASE)
CMS_CREDIT = re.compile(r"\s*\(\s*credit\s*:\s*(?P<credit>[^()]+?)\s*\)\s*$", re.IGNORECASE)
# A CMS credit standing alone on its line, after the caption that carries its own credit.
CMS_CREDIT_ONLY = re.compile(r"^\s*\(\s*credit\s*:\s*(?P<credit>[^()]+?)\s*\)\s*$", re.IGNORECASE)
CREDIT_LINE = re.compile(
    r"^\s*(?:Photo(?:graph(?:er)?)?s?|Credit|Image|Picture|Foto)\s*:\s*(?P<credit>\S.{0,150})$", re.IGNORECASE)
# "© Geoff ROBIN / AFP" on its own line: the sign is part of the credit as published, so it stays.
COPYRIGHT_LINE = re.compile(r"^\s*(?P<credit>©\s*\S.{0,150})$")
# A page's own notice, not a photo's: "© 2026 AFP. All rights reserved."
FOOTER = re.compile(r"^\s*(?:©|\(c\)|Copyright\b).*\brights reserved\b", re.IGNORECASE)
# The labels of a page that names each photo's credit and caption (a broadcaster's gallery):
# "Image source, NAME/AGENCY" on its own line, or after the picture's alt text "… Image copyright
# NAME"; then "Image caption," and the caption on the next line, or "Image caption TEXT".
SOURCE_LABEL = re.compile(r"(?:^|\s)Image (?:source|copyright)\s*[,:]?\s+(?P<credit>\S.{0,150})$")
CAPTION_LABEL = re.compile(r"^Image caption\b\s*[,:]?\s*(?P<caption>.*)$")
_BEFORE_CAPTION_LABEL = re.compile(r"\s+(?=Image caption\b)")
# Cheap signs that a paragraph carries a photo credit (the full parser runs later).
CREDITISH = re.compile(
    # Branches grouped by their first test (a word boundary, a bracket): the same matches as
    # one flat alternation, six times faster on a caption (4 us instead of 24).
    r"\b(?:REUTERS/|EPA(?:-EFE)?/|Getty Images\b|via (?:AP|REUTERS|Reuters|Getty)\b|PA (?:Wire|Media|Images)\b"
    r"|Anadolu\b|Shutterstock\b|ZUMA\b|Photo by\b|Photograph:|Photo credit\b"
    # a lead-in and its colon inside the paragraph ("… in Harare. Photo: Name", "PHOTO: REUTERS",
    # "Foto: dpa"): the tenth walk's page dropped such captions as page text. Singular only:
    # "The Year In Photos: …" and "In pictures: …" are headings
    r"|(?:[Pp](?:hoto|ic(?:ture)?)|P(?:HOTO|IC(?:TURE)?)|[Ff]oto|FOTO|[Cc]redit|CREDIT|[Bb]ild|BILD) ?: ?(?=\S)"
    # and with no colon before a capitalised name, as the parser reads them (credit_forms.toml):
    # "… in Harare. Pic Name", "PIC Name", "Pix by Name"; "Pic du Midi" is a peak
    r"|(?:Pi[cx]|PI[CX])(?: by)? (?=[A-Z]))"
    r"|©"
    r"|\((?:(?:AP|Photo|Xinhua|AFP|EPA)\b[^)]*\)|credit\s*:)|/AFP\b|AFP PHOTO|/AP\)",
)


def _clean_lines(text: str) -> list[str]:
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n"):
        line = raw.strip()
        while True:
            m = WIDGET_PREFIX.match(line)
            if not m:
                break
            line = line[m.end():]
        if line.casefold() in WIDGETS:
            continue
        out.append(line)
    return out


def _credit_line(line: str) -> re.Match[str] | None:
    """A credit line on its own ("Photo: Name/AP", "© Name / AFP"), with its ``credit`` group."""
    if FOOTER.match(line):
        return None
    return CREDIT_LINE.match(line) or COPYRIGHT_LINE.match(line)


@dataclass
class GalleryText:
    """A published page's text split into items, and how much of it was left out."""

    items: list[dict[str, str]] = field(default_factory=list)
    dropped: int = 0  # paragraphs (non-blank lines other than widgets) that are in no item

    counted: bool = False  # the page had counters ("(3 of 12)")
    labelled: bool = False  # the page labels its captions ("Image caption")

    def summary(self) -> str:
        """"kept 12 items, dropped 3 paragraphs of page text"."""
        kept = f"kept {len(self.items)} item{'s' if len(self.items) != 1 else ''}"
        return f"{kept}, dropped {self.dropped} paragraph{'s' if self.dropped != 1 else ''} of page text"


def _item(lines: list[str]) -> tuple[dict[str, str] | None, int]:
    """One item from the lines of one counter segment (its caption and credit line), and
    how many of the segment's non-blank lines it used.

    A browser copy puts each caption on one line; the caption runs until the line that
    carries its credit (or, with no credit in sight, to the first blank line), and a
    "Photo: …" line right after it is its credit line. What follows is page text.
    """
    caption_parts: list[str] = []
    credit = ""
    cms = ""
    used = 0
    hits = [CREDITISH.search(x) is not None for x in lines]  # each line scanned once
    credited = any(hits)
    for i, line in enumerate(lines):
        if not line:
            if caption_parts and not credited:
                # No credit in the caption: a credit line of its own after the blank line(s)
                # is still this photo's ("…belge.\n\nPhoto : ©Name"), not page text.
                nxt = next((x for x in lines[i + 1:] if x), "")
                m = _credit_line(nxt) or CMS_CREDIT_ONLY.match(nxt)
                if m:
                    credit = m.group("credit").strip()
                    used += 1
                break
            continue
        m = _credit_line(line) or CMS_CREDIT_ONLY.match(line)
        if m and caption_parts:
            credit = m.group("credit").strip()
            used += 1
            break
        caption_parts.append(line)
        used += 1
        if hits[i]:
            # A "Photo: …" line or a "(credit:…)" line after the caption (blank lines
            # between allowed) is its credit line.
            nxt = next((x for x in lines[i + 1:] if x), "")
            m = _credit_line(nxt)
            if m:
                credit = m.group("credit").strip()
                used += 1
            elif (m := CMS_CREDIT_ONLY.match(nxt)) and not CMS_CREDIT.search(line):
                cms = m.group("credit").strip()
                used += 1
            break
    caption = " ".join(caption_parts).strip()
    m = CMS_CREDIT.search(caption)
    if m:
        credit = credit or m.group("credit").strip()
        caption = caption[: m.start()].rstrip()
    credit = credit or cms
    if not caption and not credit:
        return None, used
    out = {"caption": caption}
    if credit:
        out["credit_line"] = credit
    return out, used


def parse_gallery_text(text: str) -> list[dict[str, str]]:
    """Caption-only items (``{"caption", "credit_line"?}``) in page order."""
    return parse_gallery_page(text).items


def parse_gallery_page(text: str, every_paragraph: bool = False) -> GalleryText:
    """The items of a published page's text, in page order, and the count of paragraphs
    dropped as page text (headings, bylines, body text, "Readers said …" after a caption).
    With ``every_paragraph`` and no counters, each paragraph is an item (its credit line on
    the next line stays with it)."""
    lines = _clean_lines(text)
    # Counters become segment boundaries; the rest of a counter line is caption text.
    segments: list[list[str]] = [[]]
    counters = 0
    last: tuple[int, int] | None = None
    for line in lines:
        m = COUNTER.match(line)
        if m and _plausible_counter(m, line, last):
            number = _counter_numbers(m)
            rest = line[m.end():].strip()
            if number == last and not any(segments[-1]):
                # The same counter again with nothing between (a pager above the slide
                # repeating the number on it): one slot, not an empty one and a full one.
                if rest:
                    segments[-1].append(rest)
                continue
            counters += 1
            last = number
            segments.append([])
            if rest:
                segments[-1].append(rest)
            continue
        segments[-1].append(line)
    out = GalleryText()
    if not counters and any(CAPTION_LABEL.match(x) for x in segments[0] if "Image caption" in x):
        out.items, out.dropped = _labelled_items(segments[0])
        out.labelled = True
        return out
    if counters and _counters_close_slides(segments):
        # Each slide's caption (often repeated: the slide, its caption panel, a date line)
        # comes before its counter: the first credited caption of each segment is the photo's,
        # the rest is page text, and the nothing after the last counter is no photo.
        for seg in segments[:-1]:
            spans, dropped = _credited_line_spans(seg)
            out.items.append(spans[0][0] if spans else {"caption": ""})
            out.dropped += dropped + sum(n for _, n in spans[1:])
        out.counted = True
        return out
    if counters:
        lead, *rest = segments
        out.items, out.dropped = _credited_line_items(lead)
        for seg in rest:
            it, used = _item(seg)
            # Every counter is a photo on the page: a slot whose caption is missing is still
            # an item (with an empty caption), so the audit reports it instead of losing it.
            out.items.append(it if it is not None else {"caption": ""})
            out.dropped += sum(1 for x in seg if x) - used
        out.counted = True
        return out
    out.items, out.dropped = (_paragraph_items if every_paragraph else _credited_line_items)(segments[0])
    return out


# A page's heading, as gallery pages print them above their first caption: "Photos of the
# week", "The Week in Pictures: June 16 - 23", "Africa's week in pictures: 29 June - 5 July
# 2018" (9 words), a dek "A daring leap, a plastic protest, and more", a date line "• 6 July
# 2018". At most this many words, no final stop, no credit.
HEADING_MAX_WORDS = 10
_FINAL_STOP = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]"


def _is_heading(line: str, nxt: str) -> bool:
    """True for a paragraph that reads as a page's heading, not a caption (``HEADING_MAX_WORDS``)."""
    words = [w for w in line.split() if any(ch.isalnum() for ch in w)]
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if line.rstrip().rstrip(_CLOSERS)[-1:] in _FINAL_STOP:
        return False
    return not (CREDITISH.search(line) or _credit_line(line) or CMS_CREDIT.search(line)
                or _credit_line(nxt) or CMS_CREDIT_ONLY.match(nxt))


def _paragraph_items(lines: list[str]) -> tuple[list[dict[str, str]], int]:
    """Each paragraph an item; a credit line of its own ("Photo: Name/AP") goes with the
    paragraph before it. The page's heading lines before the first caption (``_is_heading``)
    are page text, counted as dropped; nothing else is dropped."""
    items: list[dict[str, str]] = []
    body = [x for x in lines if x]
    i = 0
    while i < len(body) and _is_heading(body[i], body[i + 1] if i + 1 < len(body) else ""):
        i += 1
    dropped = i
    while i < len(body):
        nxt = body[i + 1] if i + 1 < len(body) else ""
        it, n = _item([body[i], nxt] if _credit_line(nxt) or CMS_CREDIT_ONLY.match(nxt) else [body[i]])
        items.append(it if it is not None else {"caption": body[i]})
        i += max(n, 1)
    return items, dropped


def _counter_numbers(m: re.Match[str]) -> tuple[int, int]:
    return int(m.group("a") or m.group("c")), int(m.group("b") or m.group("d"))


def _plausible_counter(m: re.Match[str], line: str, last: tuple[int, int] | None = None) -> bool:
    a, b = _counter_numbers(m)
    if not 1 <= a <= b:
        return False
    if m.group("a") or m.group("word"):
        return True  # "(3 of 12)", "Image 3 of 12": nothing else is written that way
    # "1/2 cup of rice" or "3 of 4 voters said" is prose, not a counter: a bare n/m
    # counter stands alone or starts a caption with a capital letter.
    rest = line[m.end():].strip()
    if rest and not rest[:1].isupper():
        return False
    if len(m.group("d").lstrip("0")) > _BARE_DIGITS:
        return a == 1 or (last is not None and last[1] == b)
    return True


def _counters_close_slides(segments: list[list[str]]) -> bool:
    """Whether each counter follows its slide's caption ("… REUTERS/Name", "Close", "1 / 31")
    instead of preceding it: the page holds a credited caption before its first counter and
    nothing that makes an item after its last."""
    return _item(segments[-1])[0] is None and bool(_credited_line_spans(segments[0])[0])


def _credited_line_spans(lines: list[str]) -> tuple[list[tuple[dict[str, str], int]], int]:
    """The items of ``_credited_line_items``, each with how many non-blank lines it used."""
    spans: list[tuple[dict[str, str], int]] = []
    body = [x for x in lines if x]
    used: set[int] = set()
    for i, line in enumerate(body):
        if _credit_line(line) or CMS_CREDIT_ONLY.match(line) or FOOTER.match(line):
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if CREDITISH.search(line) or _credit_line(nxt) or CMS_CREDIT_ONLY.match(nxt):
            it, n = _item([line, nxt])
            if it:
                spans.append((it, n))
                used.update(range(i, i + n))
    return spans, len(body) - len(used)


def _credited_line_items(lines: list[str]) -> tuple[list[dict[str, str]], int]:
    """Without counters, a line is a caption when it credits a photo, or when the next
    line is a credit line ("Photograph: Name/AP"). Also: how many non-blank lines were
    used by no item (dropped as page text)."""
    spans, dropped = _credited_line_spans(lines)
    return [it for it, _ in spans], dropped


def _labelled_items(lines: list[str]) -> tuple[list[dict[str, str]], int]:
    """The items of a page that labels its captions (``CAPTION_LABEL``), each with the credit
    labelled before it (``SOURCE_LABEL``) and the alt text written before that credit. A credit
    with no caption after it is an item with an empty caption; every other line is page text."""
    body = [piece for x in lines if x for piece in _BEFORE_CAPTION_LABEL.split(x)]
    items: list[dict[str, str]] = []
    used = 0
    pending: dict[str, str] | None = None  # the credit (and alt text) waiting for its caption

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            items.append({"caption": "", **pending})
            pending = None

    i = 0
    while i < len(body):
        line = body[i]
        if (m := CAPTION_LABEL.match(line)) is not None:
            caption = m.group("caption").strip()
            used += 1
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if not caption and nxt and not CAPTION_LABEL.match(nxt) and not SOURCE_LABEL.search(nxt):
                caption, i, used = nxt, i + 1, used + 1  # "Image caption," then the caption's paragraph
            it = {"caption": caption, **(pending or {})}
            # the credit first and the alt text last, as a credit line follows its caption
            items.append({k: it[k] for k in ("caption", "credit_line", "alt_text") if k in it})
            pending = None
        elif (m := SOURCE_LABEL.search(line)) is not None:
            flush()
            pending = {"credit_line": m.group("credit").strip()}
            alt = line[:m.start()].strip()
            if alt:
                pending["alt_text"] = alt
            used += 1
        i += 1
    flush()
    return items, len(body) - used
