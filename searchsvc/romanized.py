"""Korean names and terms as other sources romanize them, each indexed as the collection's sources
write it: "Pyongan" is "Phyongan", "Nampo" "Nampho", "Joseon" "Joson", "Baekdu" "Paektu".

KCNA and Rodong Sinmun write a DPRK spelling: "ph" for an aspirated p ("South Phyongan Province",
"Nampho", "Sinpho", "Phunggye"), "j" and "r" at a word's start ("Jagang", "Joson", "Rodong",
"Ryanggang"). Yonhap, NK News and most English books write McCune-Reischauer without its marks
("Pyongan", "Nampo", "Chagang", "Choson"), South Korean sources the Revised Romanization ("Gaeseong",
"Baekdu", "Joseon", "Nodong Sinmun", "Cheollima"), and scholars McCune-Reischauer with them
("P'yŏngan", "Namp'o", "Chuch'e": the apostrophe is part of the word, tokens.ROMANIZED, and the
breve is folded away). In the 20k benchmark collection "Phyongan" is in 120 documents and "Pyongan"
in none, "Nampho" in 44 and "Nampo" in none, "Joson" in 68: a researcher who typed the spelling they
knew found nothing, or, among other words, was told the document was "Missing" it. KCNA itself writes
"the Joson Sinbo Company" and "the Choson Sinbo Company".

Only spellings of one name: the same Korean word for the same thing. Left out: "Hwasongpho", KCNA's
"Hwasong gun" (the missile, "Hwasong-18"), which would join "Hwasong", also an area of Pyongyang
(all 17 of the collection's documents with "Hwasong" are about building flats there); surnames
whose other spelling is an English word or another name ("Lee" and "Ri", "Park" and "Pak", "Jo" and
"Cho"); and a given name's syllables ("Jong", "Jeong"), which stand for several Korean ones.
"""

from __future__ import annotations

# the spelling KCNA writes, then other sources' (a form with an apostrophe, a breve or a hyphen needs
# no line: "P'yŏngan" is "pyongan", "Kim Jong-un" is "Kim Jong Un")
TABLE = """
pyongyang pyeongyang
phyongan pyongan pyeongan
phyongsong pyongsong pyeongseong
phyonggang pyonggang pyeonggang
nampho nampo
sinpho sinpo
ryonpho ryonpo
jungphyong jungpyong
phunggye punggye
phanmun panmun
panmunjom panmunjeom
kaesong gaeseong
chongjin cheongjin
hamhung hamheung
hamgyong hamgyeong
sinuiju sineuiju shinuiju
jagang chagang
ryanggang yanggang
kangwon gangwon
mangyongdae mangyeongdae
samjiyon samjiyeon
taedong daedong
taedonggang daedonggang
yongbyon yongbyeon yeongbyeon
sohae seohae
paektu baekdu paekdu
paektusan baekdusan paekdusan
kumgang geumgang
kumgangsan geumgangsan
kumsusan geumsusan
joson choson chosun joseon
rodong nodong
juche chuche
songun seongun
chollima cheollima
chongryon chongryun
pukguksong pukkuksong bukgeukseong
choe choi
"""

# A missile's name KCNA now writes with "pho" ("gun") after it, then the name others write: since 2023
# KCNA's "Hwasongpho-18" is the "Hwasong-18" of every other source. Not joined in the index, as
# "Hwasong" is also an area of Pyongyang: a query's "Hwasong" also searches "Hwasongpho", and either
# with a number after it ("Hwasong-18", "Hwasongpho-18") also the other (queryparse.other_spelling).
WITH_GUN = {"hwasong": "hwasongpho"}

# Given names of the people the collection's readers most search, as KCNA writes them, syllables
# apart ("Kim Jong Un"; Yonhap "Kim Jong-un"). The Revised Romanization writes a given name solid
# ("Kim Jongun", "Kim Ilsung", "Choe Sonhui"): typed so, it also finds the syllables side by side
# (queryparse.other_spelling). Not a name whose solid spelling is also a place's ("Yong Nam": the
# Yeongnam region; "Song Nam": Seongnam; "Son Gwon": Songwon).
GIVEN_NAMES = """
il sung
jong il
jong un
jong suk
yo jong
ju ae
sol ju
jong nam
jong chol
pyong il
kyong hui
son hui
ryong hae
pong ju
tok hun
yong won
jong chon
pyong chol
yong chol
jae ryong
song wol
"""
