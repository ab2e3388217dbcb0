"""Buffered column writers write Whoosh's column files byte for byte, so every reader reads them."""

from __future__ import annotations

import io
import random

import pytest
from whoosh import columns
from whoosh.filedb.structfile import StructFile

from searchsvc import column_buffers


def _values(kind: str, rng: random.Random) -> list[tuple[int, object]]:
    """(docnum, value) in docnum order, with documents left out (gaps) and values of every width."""
    out = []
    docnum = 0
    for _ in range(1300):
        docnum += 1 if rng.random() < 0.8 else rng.randint(2, 9)
        if kind == "numeric":
            value = rng.choice([0, 0, 1, 7, 255, -3, 70_000])  # 0 is the default: written only as a gap's fill
        elif kind == "pickle":
            value = None if rng.random() < 0.1 else {"title": f"t{docnum}", "body": "w " * rng.randint(0, 400)}
        else:
            # Lengths past 255 and 65,535 widen Whoosh's length array from bytes to shorts to ints.
            size = rng.choice([0, 3, 40, 300, 70_000]) if rng.random() < 0.05 else rng.randint(0, 200)
            value = bytes(rng.getrandbits(8) for _ in range(min(size, 64))) * (size // 64 + 1)
            value = value[:size]
        out.append((docnum, value))
    return out


COLUMNS = {
    "varbytes": lambda: columns.VarBytesColumn(write_offsets_cutoff=100),  # offsets written past 100 rows
    "varbytes-no-offsets": lambda: columns.VarBytesColumn(),
    "compressed": lambda: columns.CompressedBytesColumn(),
    "pickle": lambda: columns.PickleColumn(columns.CompressedBytesColumn()),  # the stored fields' column
    "numeric": lambda: columns.NumericColumn("i", default=0),
}


@pytest.mark.parametrize("name", list(COLUMNS))
@pytest.mark.parametrize("run", [column_buffers.RUN, 7])
def test_a_buffered_column_is_whooshs_byte_for_byte_and_reads_back(name: str, run: int,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(column_buffers, "RUN", run)
    kind = "numeric" if name == "numeric" else "pickle" if name == "pickle" else "bytes"
    values = _values(kind, random.Random(name))
    doccount = values[-1][0] + 5  # documents after the last value too
    files = {}
    for way in ("whoosh", "buffered"):
        column = COLUMNS[name]()
        buffer = io.BytesIO()
        writer = column.writer(StructFile(buffer))
        if way == "buffered":
            writer = column_buffers.buffered(writer)
            assert writer.__class__.__module__ == column_buffers.__name__
        for docnum, value in values:
            writer.add(docnum, value)
        writer.finish(doccount)
        files[way] = buffer.getvalue()
    assert files["buffered"] == files["whoosh"]

    data = files["buffered"]
    reader = COLUMNS[name]().reader(StructFile(io.BytesIO(data)), 0, len(data), doccount)
    given = dict(values)
    default = 0 if kind == "numeric" else None if kind == "pickle" else b""
    assert [reader[d] for d in range(doccount)] == [given.get(d, default) for d in range(doccount)]


def test_a_column_of_another_kind_is_left_to_whoosh() -> None:
    writer = columns.BitColumn().writer(StructFile(io.BytesIO()))
    assert column_buffers.buffered(writer) is writer
