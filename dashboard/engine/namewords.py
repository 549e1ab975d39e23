"""Provides the word lists that tell names, titles, roles, organisations, governments and
pronouns apart (engine/entities.py reads them): "Chinese President Xi Jinping" is a title and a
name, "the Chinese president" a role, "the Bush administration" an organisation, "Texas said" a
government speaking."""

from __future__ import annotations

# Words of a title before a name: "Chinese President Xi Jinping", "Rep. Ronald R. Smith".
TITLES = frozenset("""
president vice prime minister secretary chancellor premier king queen prince princess pope
sen senator rep representative congressman congresswoman gov governor mayor speaker leader
chairman chairwoman chair ceo director spokesman spokeswoman spokesperson ambassador envoy
general gen col colonel lt lieutenant maj major adm admiral sgt judge justice attorney
mr mrs ms miss dr prof professor rev father sir dame lord lady chief deputy foreign defense
defence state interior finance treasury health official officer commissioner candidate
former acting supreme house senate party
""".split())
# Abbreviated titles, as a role description names them: "Sen. Marco Rubio" is "the senator".
TITLE_WORDS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
               "pres": "president", "lt": "lieutenant", "col": "colonel", "adm": "admiral",
               "prof": "professor", "dr": "doctor", "congressman": "representative"}
# A title that tells a person's gender.
MALE_TITLES = frozenset(("mr", "king", "prince", "sir", "lord", "father", "congressman", "spokesman",
                         "chairman"))
FEMALE_TITLES = frozenset(("mrs", "ms", "miss", "queen", "princess", "dame", "lady", "congresswoman",
                           "spokeswoman", "chairwoman"))
# Heads of a role description that refers to one person: "the Chinese president".
ROLE_HEADS = frozenset("""
president leader minister premier chancellor king queen prince pope senator congressman
congresswoman governor mayor speaker chairman chairwoman ceo director spokesman spokeswoman
spokesperson ambassador envoy general judge secretary candidate politician lawmaker official
man woman actor singer author executive founder owner diplomat nominee billionaire
""".split())
# Words that make a name an organisation's: "the Ministry of Foreign Affairs", "Pew Research Center".
ORGANISATION_WORDS = frozenset("""
ministry department agency party committee council commission office bureau university
institute center centre foundation association union company corp corporation inc ltd llc
group bank court police army navy military forces congress senate house parliament government
administration campaign service services authority board fund organization organisation
network channel times news post journal tribune herald daily review press media radio tv
television club league federation alliance coalition caucus school college hospital
act initiative pac action convention
""".split())
# Places and bodies that speak as a government: "China said", "Washington warned".
GOVERNMENTS = frozenset("""
china beijing russia moscow kremlin iran tehran israel india pakistan japan tokyo korea seoul
pyongyang taiwan taipei ukraine kyiv kiev france paris germany berlin britain london uk u.k
us u.s usa washington america canada ottawa mexico brazil turkey ankara egypt cairo syria
damascus iraq baghdad afghanistan kabul saudi riyadh qatar eu nato un u.n pentagon
vietnam hanoi cuba havana venezuela australia canberra italy rome spain madrid poland warsaw
""".split()) | frozenset(("north korea", "south korea", "united states", "white house", "united kingdom",
                          "united nations", "european union", "state department", "downing street"))
# The states of the US and places that speak as their government or stand for their people:
# "Texas sued", "New Hampshire voters"; never a person.
US_STATES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
tennessee texas utah vermont virginia wisconsin wyoming
""".split()) | frozenset(("new hampshire", "new jersey", "new mexico", "new york", "north carolina",
                          "south carolina", "north dakota", "south dakota", "rhode island",
                          "west virginia", "puerto rico"))
PLACES = frozenset(("middle east", "capitol hill", "wall street", "silicon valley", "las vegas",
                    "los angeles", "san francisco", "west point", "sandy hook", "san bernardino"))
GOVERNMENTS = GOVERNMENTS | US_STATES
MALE_PRONOUNS = frozenset(("he", "him", "his"))
FEMALE_PRONOUNS = frozenset(("she", "her", "hers"))
PLURAL_PRONOUNS = frozenset(("they", "them", "we"))
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
# The pronouns a source may be, each read by Resolver._pronoun.
SOURCE_PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | {"it", "i"}
