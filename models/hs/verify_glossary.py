#!/usr/bin/env python3
"""Verify models/hs/glossary.csv against the HS nomenclature vocabulary (stdlib only)."""
import collections, csv, re, sys
import os

HERE = os.path.dirname(os.path.abspath(__file__))

GLOSSARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'glossary.csv')
HS = os.path.join(HERE, '../../../shared/data/hs/harmonized-system.csv')
SECTIONS = os.path.join(HERE, '../../../shared/data/hs/hs-sections.csv')
MIN = {'ko': 900, 'zh': 120, 'ja': 120, 'vi': 120, 'th': 120, 'en': 300}

def words(text):
    return [w for w in re.split(r'[^a-z]+', text.lower()) if w]

vocab = set()
for path, col in ((HS, 'description'), (SECTIONS, 'name')):
    with open(path, encoding='utf-8-sig') as f:
        for row in csv.DictReader(f):
            vocab.update(words(row[col]))

raw = open(GLOSSARY, 'rb').read()
errors = []
if raw.startswith(b'\xef\xbb\xbf'):
    errors.append('file starts with a BOM')
text = raw.decode('utf-8')
rows = list(csv.reader(text.splitlines()))
if rows[0] != ['term', 'lang', 'expansion']:
    errors.append(f'bad header {rows[0]}')
seen, by_term = set(), {}
counts, one_word, missing = collections.Counter(), 0, collections.Counter()
for n, row in enumerate(rows[1:], 2):
    if len(row) != 3:
        errors.append(f'line {n}: {len(row)} fields'); continue
    term, lang, exp = row
    if lang not in MIN:
        errors.append(f'line {n}: unknown lang {lang}')
    if not term or term != term.strip() or term != term.lower():
        errors.append(f'line {n}: term not trimmed/lower-case: {term!r}')
    if exp != exp.lower() or exp != ' '.join(exp.split()):
        errors.append(f'line {n}: expansion not lower-case/single-spaced: {exp!r}')
    n_words = len(exp.split())
    if not 1 <= n_words <= 8:
        errors.append(f'line {n}: {n_words} words in expansion')
    one_word += n_words == 1
    for w in words(exp):
        if w not in vocab:
            missing[w] += 1
    if (term, lang) in seen:
        errors.append(f'line {n}: duplicate ({term}, {lang})')
    seen.add((term, lang))
    if term in by_term and by_term[term] != exp:
        errors.append(f'line {n}: {term!r} has another expansion in another language')
    by_term.setdefault(term, exp)
    counts[lang] += 1
for w, c in missing.items():
    errors.append(f'expansion word not in the nomenclature: {w} ({c}x)')
for lang, need in MIN.items():
    if counts[lang] < need:
        errors.append(f'{lang}: {counts[lang]} rows < {need}')
print('rows per language:', dict(counts), 'total', sum(counts.values()))
print('vocabulary words:', len(vocab), '| one-word expansions:', one_word)
print('\n'.join(errors) if errors else 'OK: every expansion word occurs in the nomenclature; no duplicates')
sys.exit(1 if errors else 0)
