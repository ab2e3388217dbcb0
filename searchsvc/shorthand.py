"""The news wires' shorthand for common words, indexed as the word it stands for: "mln" is
"million", "pct" is "percent", "4th qtr" is "fourth quarter".

Wire items write figures in shorthand. In the 20k benchmark collection "mln" is in 8,303
documents and "million" in 128, "pct" in 5,969 and "percent" in 41, "qtr" in 2,060 and
"quarter" in 1,294. A reader who types the word ("Dallas Corp fourth quarter loss") found the item
that says "4TH QTR LOSS" only by its other words, listed as missing "fourth" and "quarter".

Left out: shorthand that is also another word or name ("co", "corp", which Porter stems as
"corporate", "inc", "vs").
"""

from __future__ import annotations

# the word, then its shorthand forms (a form's plural stems as its singular: "dlrs" as "dlr")
TABLE = """
million mln
billion bln
percent pct
dollar dlr
quarter qtr
quarterly qtly
cent cts
share shr
average avg
dividend div
month mth
year yr
government govt
international intl
national natl
association assn
department dept
management mgmt
first 1st
second 2nd
third 3rd
fourth 4th
fifth 5th
sixth 6th
seventh 7th
eighth 8th
ninth 9th
tenth 10th
"""
