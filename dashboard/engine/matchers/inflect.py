"""Provides the inflections of English verbs and words: the forms a cue verb or a loaded term
matches ("say" -> says, said, saying; "terrorist" -> terrorists)."""

from __future__ import annotations

IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"), "think": ("thought",), "know": ("knew", "known"),
    "hold": ("held",), "feel": ("felt",), "find": ("found",), "give": ("gave", "given"),
    "mean": ("meant",), "show": ("showed", "shown"), "broadcast": ("broadcast", "broadcasted"),
    "forecast": ("forecast", "forecasted"), "put": ("put",), "read": ("read",),
    "swear": ("swore", "sworn"), "teach": ("taught",), "lead": ("led",), "foresee": ("foresaw", "foreseen"),
    "hear": ("heard",), "see": ("saw", "seen"), "tweet": ("tweeted",), "bet": ("bet",),
    "understand": ("understood",), "take": ("took", "taken"), "get": ("got", "gotten"),
    "make": ("made",), "go": ("went", "gone"), "begin": ("began", "begun"), "draw": ("drew", "drawn"),
    "strike": ("struck",), "stand": ("stood",), "keep": ("kept",), "lay": ("laid",),
}
DOUBLING = frozenset({"admit", "commit", "regret", "submit", "omit", "permit", "refer", "prefer",
                      "confer", "plan", "stop", "rebut", "quip", "chat", "blog", "jab", "slam",
                      "snap", "drop", "nod", "beg", "spar", "fret", "abet", "occur", "concur",
                      "infer", "defer", "aver", "bar", "ban", "slap", "grab", "rap", "scrap"})
VOWELS = "aeiou"


def verb_forms(lemma: str) -> set[str]:
    """Every inflection of an English verb lemma, irregular forms included."""
    w = lemma.lower()
    forms = {w}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    stem = w + w[-1] if w in DOUBLING else w
    if w in IRREGULAR:
        forms.update(IRREGULAR[w])
    elif w.endswith("e"):
        forms.add(w + "d")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ied")
    else:
        forms.add(stem + "ed")
    if w.endswith("ie"):
        forms.add(w[:-2] + "ying")
    elif w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        forms.add(w[:-1] + "ing")
    else:
        forms.add(stem + "ing")
    return forms


def word_forms(word: str) -> set[str]:
    """A word and its usual inflections and derived adverb (for lexicon terms)."""
    w = word.lower()
    forms = verb_forms(w)
    if w.endswith("ic"):
        forms.add(w + "ally")
    elif w.endswith("le"):
        forms.add(w[:-1] + "y")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ily")
    else:
        forms.add(w + "ly")
    if w.endswith("e"):
        forms.update({w + "r", w + "st"})
    return forms
