"""Countries and regions, and the words for their people: indexed as one word, so "korea" finds
"Korean" and "Koreans", and "japanese" finds "Japan".

News and statements name a country as often by its adjective ("the Korean people", "Cuban
solidarity") as by its name: in the 20k benchmark collection, 276 documents say "Japanese" and
never "Japan", 95 say "Korean" and never "Korea". Stemming does not join them.

Left out: adjectives that are also other common words ("Polish", "English", "Saudi" as a name
on its own), and those of more than one country ("Dominican") or of more than one word.

Porter stems "France" as "franc", the currency: a search for France found every item about Swiss
or Belgian francs (306 of the 20k collection's documents say franc and never France). So a
place's name can be kept from the stemmer (UNSTEMMED): "france" is its own term, and "French"
joins it, while "francs" stays the currency.
"""

from __future__ import annotations

# Places whose name the stemmer would make another word's stem.
UNSTEMMED = frozenset({"france"})

# place, then the words for its people (adjective, and noun where it differs)
TABLE = """
afghanistan afghan
africa african
albania albanian
algeria algerian
america american
angola angolan
argentina argentine argentinian
armenia armenian
asia asian
australia australian
austria austrian
azerbaijan azerbaijani
bangladesh bangladeshi
belarus belarusian
belgium belgian
bolivia bolivian
brazil brazilian
britain british briton
bulgaria bulgarian
burma burmese
cambodia cambodian
canada canadian
chile chilean
china chinese
colombia colombian
congo congolese
croatia croatian
cuba cuban
cyprus cypriot
denmark danish dane
ecuador ecuadorian
egypt egyptian
estonia estonian
ethiopia ethiopian
europe european
finland finnish finn
france french frenchman frenchmen
georgia georgian
germany german
ghana ghanaian
greece greek
guatemala guatemalan
guinea guinean
haiti haitian
honduras honduran
hungary hungarian
iceland icelandic icelander
india indian
indonesia indonesian
iran iranian
iraq iraqi
ireland irish
israel israeli
italy italian
jamaica jamaican
japan japanese
jordan jordanian
kazakhstan kazakh
kenya kenyan
korea korean
kuwait kuwaiti
laos laotian
latvia latvian
lebanon lebanese
libya libyan
lithuania lithuanian
malaysia malaysian
mali malian
malta maltese
mexico mexican
moldova moldovan
mongolia mongolian
morocco moroccan
mozambique mozambican
namibia namibian
nepal nepalese nepali
netherlands dutch
nicaragua nicaraguan
nigeria nigerian
norway norwegian
oman omani
pakistan pakistani
palestine palestinian
panama panamanian
paraguay paraguayan
peru peruvian
philippines filipino philippine
portugal portuguese
qatar qatari
romania romanian
russia russian
scotland scottish scot
senegal senegalese
serbia serbian serb
singapore singaporean
somalia somali somalian
spain spanish spaniard
sudan sudanese
sweden swedish swede
switzerland swiss
syria syrian
taiwan taiwanese
tanzania tanzanian
thailand thai
tunisia tunisian
turkey turkish turk
uganda ugandan
ukraine ukrainian
uruguay uruguayan
uzbekistan uzbek
venezuela venezuelan
vietnam vietnamese
yemen yemeni
zambia zambian
zimbabwe zimbabwean
"""
