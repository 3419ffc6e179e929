#!/usr/bin/env python3
"""Distributional word classes for the NER tagger's features, from unlabeled news text.

Usage: word_clusters.py OUT.tsv CORPUS... (each a .jsonl.gz of {"title", "text"} articles,
or a CoNLL column file whose first column is read as running text, tags ignored)

Each word seen at least --min-count times is represented by the words seen right before
and after it (counts over the most frequent context words, PPMI-weighted, reduced by a
truncated SVD), and the vectors are grouped by k-means at several sizes (64, 256, 1024
by default). Words with similar contexts get the same class, so "Tuesday"/"Monday" or
"Ltd"/"Corp" share a feature even when one was never seen in the labeled data. This is
a cheap stand-in for the Brown clusters of Ratinov & Roth (2009).

Output: `word<TAB>class@64<TAB>class@256<TAB>class@1024`, sorted by word. Deterministic
(fixed seed). Needs numpy. The corpora are research data: the output holds only word
forms and class numbers, no text.
"""

import argparse
import gzip
import json
import re
import sys
from collections import Counter

import numpy as np

TOKEN = re.compile(
    r"[A-Z]\.(?:[A-Za-z]\.)+|\d+(?:[.,:/-]\d+)*|[A-Za-z]+(?:[-'&][A-Za-z]+)*|n't|'s|\S"
)


def sentences(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                for part in (art.get("title") or "", art.get("text") or ""):
                    for para in re.split(r"\n\s*\n|(?<=[.!?])\s+(?=[A-Z])", part):
                        toks = TOKEN.findall(para)
                        if toks:
                            yield toks
    else:
        cur = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.split()
                if not cols or cols[0] == "-DOCSTART-":
                    if cur:
                        yield cur
                    cur = []
                else:
                    cur.append(cols[0])
        if cur:
            yield cur


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--contexts", type=int, default=3000)
    ap.add_argument("--dims", type=int, default=96)
    ap.add_argument("--sizes", default="64,256,1024")
    args = ap.parse_args()
    rng = np.random.default_rng(1234)

    sents = [s for p in args.corpora for s in sentences(p)]
    counts = Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= args.min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[: args.contexts])}
    C = len(ctx)
    m = np.zeros((len(vocab), 2 * C + 2), dtype=np.float32)
    for s in sents:
        ids = [index.get(w) for w in s]
        cids = [ctx.get(w, C) for w in s]  # C = "rare word"
        for i, wi in enumerate(ids):
            if wi is None:
                continue
            left = cids[i - 1] if i > 0 else C
            right = cids[i + 1] if i + 1 < len(s) else C
            m[wi, left] += 1
            m[wi, C + 1 + right] += 1
    total = m.sum()
    pw = m.sum(axis=1, keepdims=True) / total
    pc = m.sum(axis=0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((m / total) / (pw * pc))
    pmi[~np.isfinite(pmi)] = 0
    pmi = np.maximum(pmi, 0).astype(np.float32)
    # Truncated SVD via a randomized range finder.
    q = pmi @ rng.standard_normal((pmi.shape[1], args.dims + 20)).astype(np.float32)
    q, _ = np.linalg.qr(pmi @ (pmi.T @ q))
    b = q.T @ pmi
    u, sv, _ = np.linalg.svd(b, full_matrices=False)
    vec = (q @ u[:, : args.dims]) * np.sqrt(sv[: args.dims])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9

    classes = []
    for k in [int(x) for x in args.sizes.split(",")]:
        k = min(k, len(vocab))
        # k-means++-lite: start from the most frequent words, spread by a random pick.
        centers = vec[rng.choice(len(vocab), size=k, replace=False)]
        for _ in range(25):
            sim = vec @ centers.T
            assign = sim.argmax(axis=1)
            for c in range(k):
                members = vec[assign == c]
                if len(members):
                    v = members.sum(axis=0)
                    centers[c] = v / (np.linalg.norm(v) + 1e-9)
        classes.append(assign)
        print(f"k={k}: done", file=sys.stderr)

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# word\t" + "\t".join(f"class@{k}" for k in args.sizes.split(",")) + "\n")
        for w in sorted(vocab):
            i = index[w]
            f.write(w + "\t" + "\t".join(str(int(c[i])) for c in classes) + "\n")
    print(f"{len(vocab)} words from {len(sents)} sentences -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
