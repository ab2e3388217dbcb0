"""Irregular verbs, each past form indexed as the verb: "said" is "say", "fell" is "fall".

A question asks with the verb as it is typed after "did" ("what did the Bundesbank say",
"why did coffee prices fall", "how much did Texaco pay"), and news reports in the past tense:
"said", "fell", "paid". Stemming joins "says" to "say" but not "said": each such question
listed its answer as "Missing: say" and ranked it below items that say "says" in a headline.

Left out: "say". "Says" in a wire headline ("POEHL SAYS FURTHER RATE CUT POSSIBLE") marks a
statement; joined to "said", which nearly every item has, "say" weighed nothing, and four of ten
"what did X say about Y" questions ranked their answer lower (the Bundesbank's from 5th to 18th).
Also forms that are also other common words: "left" (and right), "led" (the metal lead),
"won" (Korea's currency), "fed" (the Federal Reserve), "felt", "bound", "ground", "saw", "lay",
"meant" ("mean", an average), "thought", "struck" (a strike), "shot", "stuck", "lit", "wound".
"""

from __future__ import annotations

# Verbs left out of TABLE whose past still counts as the verb for what a question's results have
# (relaxed questions' "Missing:" and all-words count; not for scores): "what did the Fed's Johnson
# say about price stability" listed "Missing: say" under the item that says "said".
COUNTED = {"say": ("said",)}

# the verb, then its past forms
TABLE = """
fall fell fallen
rise rose risen
pay paid
buy bought
sell sold
make made
take took taken
give gave given
hold held
tell told
find found
lose lost
keep kept
spend spent
send sent
lend lent
build built
deal dealt
seek sought
bring brought
fight fought
catch caught
teach taught
begin began begun
come came
become became
get got gotten
grow grew grown
know knew known
draw drew drawn
fly flew flown
throw threw thrown
show shown
run ran
choose chose chosen
freeze froze frozen
speak spoke spoken
break broke broken
write wrote written
drive drove driven
meet met
stand stood
understand understood
undertake undertook undertaken
overtake overtook overtaken
withdraw withdrew withdrawn
uphold upheld
withhold withheld
see seen
oversee oversaw overseen
foresee foresaw foreseen
sink sank sunk
shrink shrank shrunk
swing swung
slide slid
spin spun
flee fled
forgive forgave forgiven
forbid forbade forbidden
steal stole stolen
hide hid hidden
wear wore worn
tear tore torn
swear swore sworn
"""
