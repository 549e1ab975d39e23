"""Provides the closed-class English words that attribution reads: pronouns, determiners, the
words a source noun phrase cannot contain, the words between a subject and its verb, and the small
sets each attribution pattern tests a neighbouring word against. Kept apart from the code so that
the metrics (named sources leave pronouns out) read them without importing the patterns."""

from __future__ import annotations

PRONOUNS = frozenset("he she they we i you it who".split())
DETERMINERS = frozenset(
    "the a an his her their its our my your this these those some many several most few "
    "both all any each every one two three four five six seven eight nine ten".split())
# Words that cannot be inside a source noun phrase: walking left or right stops at them.
STOP = frozenset("""
and or but nor so yet for to in on at by with from into onto about over under after before
during since until while as than because if when where whether though although unless
that which what whom whose how why there here then than also has have had having was were is
are be been being would will could should may might must can did does do not n't never
later previously earlier again recently repeatedly publicly privately reportedly once often
further separately still already just even only now today yesterday tomorrow
monday tuesday wednesday thursday friday saturday sunday
said says say told tells added adds noted notes according per
""".split()) | PRONOUNS
# Between a subject and its verb: "Kim also said", "officials have said", "he later told".
SKIPPABLE = frozenset("""
both also has have had was were is are been would will could should may might must can did does do
later previously earlier again recently repeatedly publicly privately reportedly once often
further separately still already just even then not n't never initially subsequently
""".split())
# A cue word right after these is a noun or an adjective: "the reported cases", "in Kim's reply".
NOUN_MARKERS = frozenset("the a an this these those its their his her my our your 's".split())
# Inverted order, "..., said Kim": the verb comes after a comma, a colon or a closing quote.
INVERSION_MARKERS = frozenset(", : ” \" ’ ' — – So so".split())
# Cue forms that are more often nouns ("the states", "his remarks"): a verb only with a subject.
NOUN_LIKE = frozenset("""state states report reports comment comments remark remarks claim claims
post posts tweet tweets answer answers note notes reply replies estimate estimates warn warns
respond responds write writes add adds tell tells ask asks call calls question questions
plan plans view views show shows find finds""".split())
COORDINATORS = frozenset(("and", "but", "then", "yet"))
OBJECT_PRONOUNS = frozenset(("him", "her", "them", "us", "me"))
NUMBER_WORDS = frozenset("the a an one two three four five six seven eight nine ten".split())
NOUN_FOLLOWERS = frozenset("to from of in with at by were are was is have had went".split())
ING_PREPOSITIONS = frozenset(("by", "after", "before", "while", "in", "without", "when"))
RELATIVES = frozenset(("that", "who", "which"))
# Verbs whose sense as cues depends on what follows them (engine/attribution.py, _not_speech).
ASPECTUAL = frozenset("continue continues continued continuing keep keeps kept keeping".split())
ADD_FORMS = frozenset("add adds added adding".split())
APPEAR_FORMS = frozenset("appear appears appeared appearing".split())
PLACE_PREPOSITIONS = frozenset("in on at with before alongside onstage".split())
# Words that go on a source named after its verb: "said one owner of a shop who ...", "said an
# official who ..." (a place or a time after it measured no better on annotated news).
SOURCE_CONTINUATIONS = frozenset("who of".split())
# Forms of "say", after which a number can be a subject (poll respondents: "21,000 said they ...").
SAY_FORMS = frozenset(("say", "says", "said"))
# Before a participle used as an adjective: "the most pledged delegates", "enough pledged delegates".
QUANTIFIERS = frozenset("most more enough many all few fewer current remaining other some any no".split())
# Words opening a sentence before its subject: "And he said", "Then he cut into Bush", "Still, ...".
LEADING_WORDS = frozenset("and but then so yet even still also now meanwhile however instead indeed".split())
# Times between a subject and its verb: "X last week said", "X on Monday said".
PERIODS = frozenset("week month year night weekend summer spring fall winter".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Past forms of cue verbs that do not end in -ed ("a report that found", "people that thought").
IRREGULAR_PAST = frozenset("said told wrote thought knew saw found felt meant gave made took spoke "
                           "heard sought read put held kept".split())
# Plural nouns without a final -s, which take the plain form of a verb ("people who say").
PLURAL_NOUNS = frozenset("people men women children police staff data media public".split())
BE_FORMS = frozenset(("is", "are", "was", "were", "been", "be", "being"))
SCENE_SETTERS = frozenset("in on at after during for with despite since as when while before from "
                          "speaking asked".split())
TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                       "tonight january february march april may june july august september october "
                       "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
NOT_ADVERBS = frozenset(("family", "ally", "rally", "assembly", "italy", "supply", "reply", "belly",
                         "bully", "jelly", "holly", "sally", "molly", "kelly", "nelly", "billy"))
VAGUE_LINKS = frozenset(("of", "to", "with", "in", "at", "close", "familiar"))
OPENERS = frozenset(("when", "if", "as", "once"))
# Before a passive participle inside a sentence: "he said when asked", "after being told".
SUBORDINATORS = frozenset(("when", "if", "once", "after", "before", "until", "unless", "while"))
POST_MODIFIERS = frozenset(("in", "at", "from"))
NAME_CONNECTORS = frozenset(("for", "on", "de", "du", "la", "del", "von", "van", "al"))
TRAILING_NON_NP = frozenset(("of", "'s")) | DETERMINERS
