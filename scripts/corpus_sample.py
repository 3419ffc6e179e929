#!/usr/bin/env python3
"""Writes the first N articles of a shared corpus as article files for `newsgraph build`.

    python3 scripts/corpus_sample.py [--corpus reuters21578|bbc_news_2225] [--first N] OUT_DIR

Each article becomes OUT_DIR/<id>.txt with the text rule of corpus_articles.py (the one the
held-out gold refers to). The corpora live in ../shared/corpus/ (research use only: never
commit what this writes). Standard library only.
"""
import argparse
import gzip
import json
import os
import sys

from corpus_articles import DEFAULT_CORPUS, article_text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--corpus", default="reuters21578",
                        choices=["reuters21578", "bbc_news_2225"])
    parser.add_argument("--first", type=int, default=1000, metavar="N")
    parser.add_argument("--corpus-dir", default=str(DEFAULT_CORPUS),
                        help="the corpus directory (default: ../shared/corpus beside the repo)")
    args = parser.parse_args()
    path = os.path.join(args.corpus_dir, args.corpus, "articles.jsonl.gz")
    if not os.path.exists(path):
        sys.exit(f"corpus_sample.py: no corpus at {path}")
    os.makedirs(args.out_dir, exist_ok=True)
    written = 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if written >= args.first:
                break
            record = json.loads(line)
            if not (record.get("text") or "").strip():
                continue
            with open(os.path.join(args.out_dir, f"{record['id']}.txt"), "w",
                      encoding="utf-8", newline="") as out:
                out.write(article_text(record))
            written += 1
    print(f"wrote {written} articles of {args.corpus} to {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
