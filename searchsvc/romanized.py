"""Korean names and terms as other sources romanize them, each indexed as the collection's sources
write it: "Pyongan" is "Phyongan", "Nampo" "Nampho", "Joseon" "Joson", "Baekdu" "Paektu".

KCNA and Rodong Sinmun write a DPRK spelling: "ph" for an aspirated p ("South Phyongan Province",
"Nampho", "Sinpho", "Phunggye"), "j" and "r" at a word's start ("Jagang", "Joson", "Rodong",
"Ryanggang"). Yonhap, NK News and most English books write McCune-Reischauer without its marks
("Pyongan", "Nampo", "Chagang", "Choson"), South Korean sources the Revised Romanization ("Gaeseong",
"Baekdu", "Joseon", "Nodong Sinmun", "Cheollima"), and scholars McCune-Reischauer with them
("P'yŏngan", "Namp'o", "Chuch'e": the apostrophe is part of the word, tokens.ROMANIZED, and the
breve is folded away). KCNA names a mountain or a river with "san" ("mountain") or "gang" ("river")
after it or without ("Paektusan" in 24 items, "Mt Paektu" in 15, "Taedonggang", "Taedong River"):
those are one name too. In the 20k benchmark collection "Phyongan" is in 120 documents and "Pyongan"
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
taedong daedong taedonggang daedonggang
chongchon chongchongang
pothong pothonggang
yongbyon yongbyeon yeongbyeon
sohae seohae
paektu baekdu paekdu paektusan baekdusan paekdusan
kumgang geumgang kumgangsan geumgangsan
myohyang myohyangsan
chilbo chilbosan
kumsusan geumsusan
joson choson chosun joseon
rodong nodong
sinmun shinmun
sinbo shinbo
ryugyong ryugyeong
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

# Given names of the people the collection's readers most search: as KCNA writes them, syllables
# apart ("Kim Jong Un"; Yonhap "Kim Jong-un"), then as McCune-Reischauer writes them, as library
# catalogues and English books do ("Kim Chŏng-ŭn", "Kim Il-sŏng": the breve is folded away), and as
# the Revised Romanization does ("Kim Jeong-eun"). Typed any of these ways, with a hyphen or solid
# ("Kim Jongun", as the Revised Romanization also writes it), a name also finds KCNA's syllables side
# by side (queryparse.other_spelling); a syllable alone is not joined ("Chong", "Jong" and "Jeong"
# stand for several Korean ones, "song" is an English word). Not a name whose solid spelling is also
# a place's ("Yong Nam": the Yeongnam region; "Song Nam": Seongnam; "Son Gwon": Songwon; "Jae Ryong":
# Jaeryong County, in 4 of the 20k items; "Chong-chon", for Pak Jong Chon: the Chongchon River).
GIVEN_NAMES = """
il-sung il-song il-seong
jong-il chong-il jeong-il
jong-un chong-un jeong-eun
jong-suk chong-suk jeong-suk
yo-jong yeo-jeong
ju-ae chu-ae
sol-ju sol-chu seol-ju
jong-nam chong-nam jeong-nam
jong-chol chong-chol jeong-cheol
pyong-il pyeong-il
kyong-hui gyeong-hui
son-hui seon-hui
ryong-hae
pong-ju bong-ju
tok-hun deok-hun
yong-won
jong-chon jeong-cheon
pyong-chol pyeong-cheol
yong-chol yeong-cheol
song-wol
"""
