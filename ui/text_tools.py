"""Typing aids for the app's text fields: code replacements and spell checking as you type.

``install_code_expansion(editor, session)`` makes ``=vg=`` turn into "Vadim Ghirda" the moment
the closing delimiter is typed (``app.codes``; the catalog's table). ``SpellMarks`` underlines
the words ``app.spelling`` does not know in one editor (a ``QPlainTextEdit`` through its
``FindingHighlighter``, a ``QLineEdit`` through input-method text formats, the only styling
a line edit takes) and gives its context menu the suggestions and "Add to dictionary".

``SpellService`` is one per session: the dictionaries are loaded on the task runner at start
(never on the UI thread), suggestions come from a worker process (``app.spelling.Suggester``)
and are asked for ahead, while the user types, so a right click finds them ready.

Per keystroke (measured by ``bench/bench_tools.py``): the code check looks at one character
unless it is the delimiter; the spell check looks up the words of the changed paragraph in a
cache (a few microseconds a word).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QInputMethodEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from app import codes, spelling
from app.rules.spelling import reads_as_another_language
from ui.tasks import TaskContext

SPELL_COLOR = "#c2185b"  # not a severity colour: a misspelling is not a finding's underline
PREFETCH_DELAY_MS = 700  # after typing pauses, the suggestions of the flagged words are asked for
PREFETCH_WORDS = 12
LOAD_DELAY_MS = 1500
MENU_SUGGESTIONS = 6

Editor = QLineEdit | QPlainTextEdit


def spell_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(SPELL_COLOR))
    return fmt


# -- code replacements ---------------------------------------------------------------------------

class _CodeCache:
    """The session's code table, read once per catalog and after Settings changes it."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._table: codes.CodeTable | None = None
        session.catalog_changed.connect(self.reset)
        session.settings.changed.connect(lambda key: self.reset() if key == codes.SETTING else None)

    def reset(self) -> None:
        self._table = None

    def table(self) -> codes.CodeTable:
        if self._table is None:
            self._table = codes.load(self.session.catalog)
        return self._table


_CODE_CACHES: weakref.WeakKeyDictionary[Any, _CodeCache] = weakref.WeakKeyDictionary()


def code_table(session: Any) -> codes.CodeTable:
    cache = _CODE_CACHES.get(session)
    if cache is None:
        cache = _CODE_CACHES[session] = _CodeCache(session)
    return cache.table()


def install_code_expansion(editor: Editor, session: Any) -> None:
    """Expand a code as soon as its closing delimiter is typed (user edits only: a value shown
    from the catalog is never rewritten)."""
    busy = False

    def check() -> None:
        nonlocal busy
        if busy or editor.isReadOnly():
            return
        if isinstance(editor, QPlainTextEdit):
            cursor = editor.textCursor()
            if cursor.hasSelection():
                return
            block = cursor.block()  # a code never spans lines: look in the cursor's paragraph only
            found = code_table(session).expand_before(block.text(), cursor.positionInBlock())
            if found is None:
                return
            start, end, text = found
            busy = True
            try:
                edit = QTextCursor(block)
                edit.setPosition(block.position() + start)
                edit.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                edit.insertText(text)
            finally:
                busy = False
            return
        found = code_table(session).expand_before(editor.text(), editor.cursorPosition())
        if found is None:
            return
        start, end, text = found
        busy = True
        try:
            editor.setSelection(start, end - start)
            editor.insert(text)  # an edit like typing: textEdited fires, the inspector saves it
        finally:
            busy = False

    if isinstance(editor, QPlainTextEdit):
        editor.textChanged.connect(check)
    else:
        editor.textEdited.connect(lambda _t: check())


# -- spell checking ------------------------------------------------------------------------------

class SpellService(QObject):
    """The session's spell checker, house dictionary and suggestions."""

    changed = Signal()  # verdicts changed (dictionaries loaded, a word added, another catalog)
    suggestions_ready = Signal(str)  # a word's suggestions are in (queued from the worker's thread)

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self.session = session
        self.ready = False
        self.unavailable: str | None = None
        self._checker: spelling.SpellChecker | None = None
        self._checked_at = 0.0
        self._extra: frozenset[str] = frozenset()
        self._suggester = spelling.Suggester(on_ready=self._landed, language=spelling.desk_language_of(session.catalog))
        self._suggester.set_variant(spelling.spelling_variant_of(session.catalog))
        session.catalog_changed.connect(self._catalog_changed)
        session.settings.changed.connect(self._setting_changed)
        session.destroyed.connect(self._suggester.close)
        self._loading = False
        self._load_scheduled = False

    def load(self) -> None:
        """Load the dictionaries on the task runner (once)."""
        if self._loading or self.ready:
            return
        self._loading = True
        self.session.tasks.submit(_load_dictionaries, self.session.catalog, self.session.registry,
                                  name="Loading spelling dictionaries",
                                  on_result=self._loaded, on_error=lambda msg, _tb: self._loaded(msg))

    def _landed(self, word: str) -> None:
        # Called on the worker's callback thread: a signal crosses to the UI thread safely.
        try:
            self.suggestions_ready.emit(word)
        except RuntimeError:
            pass  # the session is gone (app closing)

    def _loaded(self, unavailable: str | None) -> None:
        self._loading = False
        self.unavailable = unavailable
        self.ready = unavailable is None
        self.changed.emit()

    def _catalog_changed(self) -> None:
        self._extra = frozenset()
        self._checker = None
        self._suggester.set_language(spelling.desk_language_of(self.session.catalog))
        self._suggester.set_variant(spelling.spelling_variant_of(self.session.catalog))
        if self.ready:  # the new catalog's names are read on the task runner, not here
            self.ready = False
            self.load()
        self.changed.emit()

    def _setting_changed(self, key: str) -> None:
        if key in (spelling.SETTING_WORDS, "house_agencies"):
            self._checker = None
            self.changed.emit()
        elif key == spelling.SETTING_VARIANT:  # English in one spelling, or both: no dictionary to load
            self._checker = None
            self._suggester.set_variant(spelling.spelling_variant_of(self.session.catalog))
            self.changed.emit()
        elif key == spelling.SETTING_DESK_LANGUAGE:
            # Another desk language: its dictionary is loaded on the task runner, then checked with.
            self._checker = None
            self._suggester.set_language(spelling.desk_language_of(self.session.catalog))
            if self.ready:
                self.ready = False
                self.load()
            self.changed.emit()

    def checker(self) -> spelling.SpellChecker | None:
        """The catalog's checker, or None until the dictionaries are loaded. Asked per
        paragraph highlighted, so it is kept and looked up again only every few seconds
        (``checker_for`` then reads the catalog's names anew on a thread of its own)."""
        if not self.ready:
            return None
        now = time.monotonic()
        if self._checker is None or now - self._checked_at > spelling.NAMES_MAX_AGE:
            self._checker = spelling.checker_for(self.session.catalog, self.session.registry)
            self._checked_at = now
        return self._checker

    def schedule_load(self) -> None:
        """Load the dictionaries soon. The load holds the GIL ~0.3 s (the binding never lets it
        go), so it waits until the editor has photos in the inspector, and a moment more: not
        while the window starts, scrolls or searches (bench/bench_ui.py), and never for someone
        who only browses. A prose field taking the focus loads them at once."""
        if self._load_scheduled or self.ready or self._loading:
            return
        self._load_scheduled = True
        QTimer.singleShot(LOAD_DELAY_MS, self, self.load)

    def set_items(self, items: list[Any]) -> None:
        """The shown items: their own names are known words while they are shown."""
        if items:
            self.schedule_load()
        extra: set[str] = set()
        for item in items[:50]:
            extra |= spelling.item_words(item.fields)
        extra_f = frozenset(extra)
        if extra_f != self._extra:
            self._extra = extra_f
            self.changed.emit()

    def misspelt(self, text: str) -> list[tuple[int, int, str]]:
        checker = self.checker()
        marks = checker.misspelt(text, self._extra) if checker is not None and text else []
        # A text the spelling rule takes to be in another language gets one note from it
        # ("spelling not checked"): a red line under each of its words would contradict that
        # note (the seventeenth walk: 23 under a dpa caption in German).
        return [] if marks and reads_as_another_language(len(marks), text) else marks

    def suggestions(self, word: str) -> list[str] | None:
        """Known suggestions, or None (they are being computed: ``suggestions_ready`` follows)."""
        return self._suggester.ask(word)

    def add_word(self, word: str) -> None:
        if not spelling.add_house_word(self.session.catalog, word):
            return
        self.session.settings.changed.emit(spelling.SETTING_WORDS)  # every editor re-checks
        self.session.recheck_shown()  # and the findings shown drop the word's, as Settings does


def _load_dictionaries(ctx: TaskContext, catalog: Any, registry: Any) -> str | None:
    """On the task runner: the dictionaries, and the catalog's names (its first read)."""
    why = spelling.preload(spelling.desk_language_of(catalog))
    if why is None:
        spelling.checker_for(catalog, registry)
    return why


_SERVICES: weakref.WeakKeyDictionary[Any, SpellService] = weakref.WeakKeyDictionary()


def spell_service(session: Any) -> SpellService:
    """The one SpellService of a session (made, and its dictionaries loaded, on first use)."""
    service = _SERVICES.get(session)
    if service is None:
        service = _SERVICES[session] = SpellService(session)
    return service


class SpellMarks(QObject):
    """Spell checking for one editor: underlines and the right-click menu."""

    def __init__(self, editor: Editor, service: SpellService, highlighter: Any = None) -> None:
        super().__init__(editor)
        self.editor = editor
        self.service = service
        self.highlighter = highlighter  # ui.highlighter.FindingHighlighter of a QPlainTextEdit
        self._menu: QMenu | None = None
        self._menu_word: tuple[int, int, str] | None = None
        self._prefetch = QTimer(self)
        self._prefetch.setSingleShot(True)
        self._prefetch.setInterval(PREFETCH_DELAY_MS)
        self._prefetch.timeout.connect(self._ask_ahead)
        editor.installEventFilter(self)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._context_menu)
        service.changed.connect(self.recheck)
        service.suggestions_ready.connect(self._suggestions_landed)
        if isinstance(editor, QPlainTextEdit):
            if highlighter is not None:
                highlighter.set_spelling(service.misspelt, spell_format())
            editor.textChanged.connect(self._prefetch.start)
        else:
            editor.textChanged.connect(self._mark_line)
        self.recheck()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and not self.service.ready:
            self.service.load()  # typing starts: no need to wait for the delayed load
        return False

    def text(self) -> str:
        e = self.editor
        return e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()

    def recheck(self) -> None:
        if isinstance(self.editor, QPlainTextEdit):
            if self.highlighter is not None:
                self.highlighter.rehighlight_spelling()
        else:
            self._mark_line()
        self._prefetch.start()

    def marks(self) -> list[tuple[int, int, str]]:
        """Where the editor underlines a misspelling now."""
        return self.service.misspelt(self.text())

    # -- a QLineEdit's underlines ----------------------------------------------------------------

    def _mark_line(self, *_: object) -> None:
        editor = self.editor
        assert isinstance(editor, QLineEdit)
        fmt = spell_format()
        cursor = editor.cursorPosition()
        # Input-method text formats are the one way to style part of a QLineEdit's text; their
        # start is relative to the cursor. An empty commit string changes no character.
        attrs = [QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat, s - cursor, e - s, fmt)
                 for s, e, _w in self.service.misspelt(editor.text())]
        selection = (editor.selectionStart(), len(editor.selectedText())) if editor.hasSelectedText() else None
        QCoreApplication.sendEvent(editor, QInputMethodEvent("", attrs))
        if selection is not None and not editor.hasSelectedText():
            editor.setSelection(*selection)

    # -- suggestions -----------------------------------------------------------------------------

    def _ask_ahead(self) -> None:
        if not self.editor.hasFocus():
            return  # only for the field being typed in: each word costs the worker ~0.2 s
        for _s, _e, word in self.marks()[:PREFETCH_WORDS]:
            self.service.suggestions(word)

    def word_at(self, position: int) -> tuple[int, int, str] | None:
        """The misspelt word at a character position of the text, if any: one the live check
        marks, else one a spelling finding underlines (the dictionaries not loaded here yet)."""
        for start, end, word in self.marks():
            if start <= position <= end:
                return start, end, word
        text = self.text()
        for start, end in self._finding_places():
            if start <= position <= end:
                return start, end, text[start:end]
        return None

    def _finding_places(self) -> list[tuple[int, int]]:
        hl = self.highlighter
        if hl is None:
            return []
        return sorted((s, e) for s, e, f in hl.spans() if f.rule == "spelling")

    def places(self, word: str) -> list[tuple[int, int]]:
        """Every place of ``word`` in the field the live check or a spelling finding marks, in
        order: a word misspelt three times is corrected once, not three times."""
        text = self.text()
        key = word.casefold()  # as the spelling rule groups them: "Firefigters" and "firefigters"
        found = {(s, e) for s, e, w in self.marks() if w.casefold() == key}
        found |= {(s, e) for s, e in self._finding_places() if text[s:e].casefold() == key}
        return sorted(found)

    def _position_at(self, pos: QPoint) -> int:
        e = self.editor
        if isinstance(e, QPlainTextEdit):
            return e.cursorForPosition(pos).position()
        return e.cursorPositionAt(pos)

    def build_menu(self, position: int) -> QMenu:
        """The editor's standard menu, with suggestions and "Add to dictionary" on top when
        ``position`` is in a misspelt word."""
        menu = self.editor.createStandardContextMenu()
        found = self.word_at(position) if not self.editor.isReadOnly() else None
        self._menu, self._menu_word = menu, found
        if found is None:
            return menu
        start, end, word = found
        first = menu.actions()[0] if menu.actions() else None
        header = QAction(f"\u201c{word}\u201d is not in the dictionary", menu)
        header.setEnabled(False)
        menu.insertAction(first, header)
        # Add to Dictionary above the suggestions, and the suggestions' rows kept while they are
        # looked for: nothing under the pointer moves when they land in the open menu (walk19
        # aimed at Add "Bernabéu", the six suggestions came in above it, and the click wrote
        # "Bernardo" into the caption).
        add = QAction(f"Add \u201c{word}\u201d to Dictionary", menu)
        add.setObjectName("addToDictionary")
        add.triggered.connect(lambda: self.service.add_word(word))
        menu.insertAction(first, add)
        self._insert_suggestions(menu, first, found)
        menu.insertSeparator(first)
        return menu

    def _insert_suggestions(self, menu: QMenu, before: QAction | None, found: tuple[int, int, str]) -> None:
        start, end, word = found
        suggestions = self.service.suggestions(word)
        if suggestions is None:  # a row per suggestion to come (blank but the first), filled in place
            for i in range(MENU_SUGGESTIONS):
                waiting = QAction("Looking for suggestions\u2026" if i == 0 else "", menu)
                waiting.setObjectName("spellWaiting")
                waiting.setEnabled(False)
                menu.insertAction(before, waiting)
            if len(self.places(word)) > 1:  # the Replace All submenu's row, likewise
                waiting = QAction(f"Replace All {len(self.places(word))} \u201c{word}\u201d in This Field With", menu)
                waiting.setObjectName("spellWaitingEverywhere")
                waiting.setEnabled(False)
                menu.insertAction(before, waiting)
            return
        if not suggestions:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            menu.insertAction(before, none)
            return
        for s in suggestions[:MENU_SUGGESTIONS]:
            act = QAction(s, menu)
            self._make_suggestion(act, start, end, s)
            menu.insertAction(before, act)
        self._insert_everywhere(menu, before, word, suggestions)

    def _make_suggestion(self, act: QAction, start: int, end: int, text: str) -> None:
        act.setText(text)
        act.setEnabled(True)
        act.setObjectName("spellSuggestion")
        font = act.font()
        font.setBold(True)
        act.setFont(font)
        act.triggered.connect(lambda _c=False, s=text: self.replace(start, end, s))

    def _insert_everywhere(self, menu: QMenu, before: QAction | None, word: str, suggestions: list[str]) -> None:
        places = self.places(word)
        if len(places) > 1 and suggestions:
            every = QMenu(f"Replace All {len(places)} \u201c{word}\u201d in This Field With", menu)
            every.menuAction().setObjectName("spellEverywhere")
            for s in suggestions[:MENU_SUGGESTIONS]:
                act = every.addAction(s)
                act.setObjectName("spellSuggestionEverywhere")
                act.triggered.connect(lambda _c=False, s=s, places=places: self.replace_all(places, s))
            menu.insertMenu(before, every)

    def _suggestions_landed(self, word: str) -> None:
        menu, found = self._menu, self._menu_word
        if menu is None or found is None or found[2] != word:
            return
        try:
            rows = [a for a in menu.actions() if a.objectName() == "spellWaiting"]
        except RuntimeError:  # the menu is gone
            self._menu = None
            return
        if not rows:
            return
        start, end, word = found
        suggestions = (self.service.suggestions(word) or [])[:MENU_SUGGESTIONS]
        # Filled in place: the menu keeps its rows, so what is under the pointer stays there.
        for i, row in enumerate(rows):
            if i < len(suggestions):
                self._make_suggestion(row, start, end, suggestions[i])
            else:
                row.setText("No suggestions" if i == 0 else "")
                row.setObjectName("spellSpare")
        everywhere = next((a for a in menu.actions() if a.objectName() == "spellWaitingEverywhere"), None)
        if everywhere is not None:
            if suggestions:  # the submenu takes its row's place
                self._insert_everywhere(menu, everywhere, word, suggestions)
                menu.removeAction(everywhere)
            else:
                everywhere.setText("")
                everywhere.setObjectName("spellSpare")

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.build_menu(self._position_at(pos))
        menu.exec(self.editor.mapToGlobal(pos))
        self._menu = self._menu_word = None
        menu.deleteLater()

    def replace(self, start: int, end: int, text: str) -> None:
        """Put a suggestion in place of the word, as typing would (the inspector saves it)."""
        e = self.editor
        if isinstance(e, QPlainTextEdit):
            cursor = e.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
            e.setTextCursor(cursor)
        else:
            e.setSelection(start, end - start)
            e.insert(text)


    def replace_all(self, places: list[tuple[int, int]], text: str) -> None:
        """Put ``text`` at every (start, end) of ``places``, each in the case of the word it
        replaces (a sentence's first word keeps its capital), as one edit (one undo)."""
        e = self.editor
        value = self.text()
        if isinstance(e, QPlainTextEdit):
            cursor = e.textCursor()
            cursor.beginEditBlock()
            for start, end in sorted(places, reverse=True):  # from the end: earlier places keep their offsets
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(spelling.in_case_of(value[start:end], text))
            cursor.endEditBlock()
            e.setTextCursor(cursor)
        else:
            for start, end in sorted(places, reverse=True):
                value = value[:start] + spelling.in_case_of(value[start:end], text) + value[end:]
            e.selectAll()
            e.insert(value)  # insert, not setText: the line edit's undo keeps it, as typing would


def install_spelling(editor: Editor, session: Any, highlighter: Any = None) -> SpellMarks:
    return SpellMarks(editor, spell_service(session), highlighter)


def install_text_tools(editors: dict[str, Any], session: Any, prose: Callable[[str], bool]) -> dict[str, SpellMarks]:
    """Codes in every field editor, spell checking in the prose ones (``ui.inspector.FieldEditor``s:
    ``.editor`` and ``.highlighter``). Returns the spell marks per field key."""
    marks = {}
    for key, ed in editors.items():
        editor = ed.editor if hasattr(ed, "editor") else ed
        install_code_expansion(editor, session)
        if prose(key):
            marks[key] = install_spelling(editor, session, getattr(ed, "highlighter", None))
    return marks


__all__ = ["SpellMarks", "SpellService", "code_table", "install_code_expansion", "install_spelling",
           "install_text_tools", "spell_service"]
