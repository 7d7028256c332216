"""Reading a Parquet file in chunks keeps memory flat: nothing read is retained once its chunk is gone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from xianjie.batch.io import read_chunks


def test_parquet_chunks_do_not_accumulate_the_file(tmp_path: Path) -> None:
    rows = 1_200_000
    rng = np.random.default_rng(1)
    table = pa.table({
        "household_id": pa.array(np.char.add("h", (np.arange(rows) // 2).astype(str))),
        "region": pa.array(["CN"] * rows),
        "income.wage": pa.array(rng.integers(0, 10**6, rows)),  # incompressible: the file is mostly this
    })
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=10_000)
    size = path.stat().st_size
    before = pa.total_allocated_bytes()
    held = []
    for chunk in read_chunks(str(path), "parquet", 20_000):
        held.append(pa.total_allocated_bytes() - before)
        del chunk
    assert len(held) == 30
    # a chunk is a thirtieth of the file; reading must not keep what it has read (pyarrow's ParquetFile
    # pre-buffers by default and keeps those buffers: memory grew with the file)
    assert max(held) < size / 2, (held, size)
