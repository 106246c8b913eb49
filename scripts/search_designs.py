"""Scratch: three designs for name search per keystroke at 100k bookings, measured side by side.

A. SQL prefilter: a stored text column with every searchable form (folded names, joined pinyin
   from each syllable, initials), ``LIKE '%q%'`` in SQLite, then the matcher on the rows found.
B. Trigram table: (trigram, reservation_id) rows with an index; candidates are the ids having
   all the query's trigrams, then the matcher.
C. In-memory postings (kiosk.core.search.SearchIndex), built once from the stored keys column.

    .venv/bin/python scripts/search_designs.py [SIZE]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kiosk.core.search import (
    SearchIndex,
    analyse,
    match_name,
    parse_keys,
    sample_records,
    typing_queries,
)


def expanded(keys: str) -> str:
    """Every form a LIKE can find: names, pinyin joined from each syllable, initials."""
    forms: list[str] = []
    for name in parse_keys(keys):
        forms.append(name.text)
        forms.extend(name.tokens)
        primary = [options[0] for options in name.syllables]
        for start in range(len(primary)):
            forms.append("".join(primary[start:]))
            forms.append("".join(r[0] for r in primary[start:]))
    return " " + " ".join(forms)


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = statistics.quantiles(values, n=20)[-1]
    return f"p50 {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms  max {values[-1]:6.1f} ms"


def main(size: int) -> None:
    records = sample_records(size)
    queries = typing_queries(records)
    folder = Path(tempfile.mkdtemp())
    db = sqlite3.connect(folder / "search.db")
    db.execute("create table r (id integer primary key, keys text, forms text)")
    started = time.perf_counter()
    db.executemany(
        "insert into r values (?, ?, ?)",
        ((r.reservation_id, r.keys, expanded(r.keys)) for r in records),
    )
    db.commit()
    print(f"A. column filled: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    db.execute("create table t (gram text, id integer)")
    db.executemany(
        "insert into t values (?, ?)",
        (
            (gram, r.reservation_id)
            for r in records
            for word in expanded(r.keys).split()
            for gram in trigrams(word)
        ),
    )
    db.execute("create index t_gram on t (gram, id)")
    db.commit()
    rows = db.execute("select count(*) from t").fetchone()[0]
    print(f"B. trigram table: {rows:,} rows, {time.perf_counter() - started:.1f} s")

    like: list[float] = []
    grams: list[float] = []
    for query in queries:
        q = analyse(query)
        needle = q.folded.replace(" ", "")
        started = time.perf_counter()
        found = db.execute(
            "select id, keys from r where forms like ? limit 2000", (f"%{needle}%",)
        ).fetchall()
        for _, keys in found:
            for name in parse_keys(keys):
                match_name(q, name)
        like.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        wanted = sorted(trigrams(needle))[:6]
        sql = " intersect ".join("select id from t where gram = ?" for _ in wanted)
        ids = [row[0] for row in db.execute(sql + " limit 2000", wanted)] if wanted else []
        if ids:
            marks = ",".join("?" * len(ids))
            for _, keys in db.execute(f"select id, keys from r where id in ({marks})", ids):
                for name in parse_keys(keys):
                    match_name(q, name)
        grams.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    index = SearchIndex(records)
    build = time.perf_counter() - started
    memory: list[float] = []
    for query in queries:
        started = time.perf_counter()
        index.search(query)
        memory.append((time.perf_counter() - started) * 1000)
    print(f"A. SQL LIKE prefilter + matcher : {ms(like)}  (no mixed pinyin, no typos)")
    print(f"B. trigram table + matcher      : {ms(grams)}  (no initials under 3 letters)")
    print(f"C. in-memory SearchIndex        : {ms(memory)}  (build {build:.1f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
