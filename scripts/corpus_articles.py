#!/usr/bin/env python3
"""Rebuild corpus articles as the text files newsgraph reads.

    python3 scripts/corpus_articles.py GOLD.json OUTDIR [--corpus DIR]
    python3 scripts/corpus_articles.py --id reuters21578-660 [--id ...] OUTDIR [--corpus DIR]

For every document of the gold file (`documents`, names like
`reuters21578-660.txt` or `bbc-business-078.txt`), or for every `--id`, this
finds the record with that id in the corpus and writes OUTDIR/<id>.txt with
exactly

    {title}\\n\\n{text}\\n

which is the article text the gold annotation's `evidence` and `starts` refer
to. The corpora are gzip-compressed JSON Lines under DIR (default: the
`shared/corpus` directory beside the repository, i.e. ../shared/corpus):

    reuters21578-*  ->  DIR/reuters21578/articles.jsonl.gz
    bbc-*           ->  DIR/bbc_news_2225/articles.jsonl.gz

The texts are for research use only and are not redistributed: they are
rebuilt here, never committed. Only the Python standard library is used.
Exits with status 1, naming the id and the corpus file, when an id is missing.
"""
import gzip
import json
import sys
from pathlib import Path

CORPORA = {
    "reuters21578-": "reuters21578/articles.jsonl.gz",
    "bbc-": "bbc_news_2225/articles.jsonl.gz",
}
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def article_text(record):
    """The text newsgraph reads for one corpus record."""
    return f"{record['title']}\n\n{record['text']}\n"


def corpus_file(doc_id, corpus_dir):
    for prefix, rel in CORPORA.items():
        if doc_id.startswith(prefix):
            return corpus_dir / rel
    raise SystemExit(
        f"error: id {doc_id!r} belongs to no known corpus "
        f"(expected a prefix among {', '.join(CORPORA)})"
    )


def load(ids, corpus_dir):
    """Map every id to its article text; exits naming the first missing id."""
    by_file = {}
    for doc_id in ids:
        by_file.setdefault(corpus_file(doc_id, corpus_dir), set()).add(doc_id)
    texts = {}
    for path, wanted in by_file.items():
        if not path.is_file():
            raise SystemExit(f"error: corpus file {path} not found (needed for {', '.join(sorted(wanted))})")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record.get("id") in wanted:
                    texts[record["id"]] = article_text(record)
        for doc_id in sorted(wanted - texts.keys()):
            raise SystemExit(f"error: id {doc_id!r} not found in corpus file {path}")
    return texts


def doc_id_of(name):
    if not name.endswith(".txt"):
        raise SystemExit(f"error: gold document {name!r} is not named <id>.txt")
    return name[: -len(".txt")]


def main(argv):
    args, ids, corpus_dir = [], [], DEFAULT_CORPUS
    it = iter(argv[1:])
    for a in it:
        if a in ("--id", "--corpus"):
            value = next(it, None)
            if value is None:
                raise SystemExit(f"error: {a} needs a value\n{__doc__}")
            if a == "--id":
                ids.append(value)
            else:
                corpus_dir = Path(value)
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
    if ids and len(args) == 1:
        out_dir = Path(args[0])
    elif not ids and len(args) == 2:
        gold_path, out_dir = Path(args[0]), Path(args[1])
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise SystemExit(f"error: cannot read gold file {gold_path}: {e}")
        ids = [doc_id_of(name) for name in gold.get("documents", [])]
        if not ids:
            raise SystemExit(f"error: gold file {gold_path} lists no documents")
    else:
        raise SystemExit(__doc__)
    texts = load(ids, corpus_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc_id in ids:
        with open(out_dir / f"{doc_id}.txt", "w", encoding="utf-8", newline="") as f:
            f.write(texts[doc_id])
    print(f"wrote {len(ids)} articles to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
