#!/usr/bin/env python3
"""Verify models/hs/train/pairs.csv (HS re-ranker training pairs).

Usage (from the repository root):
    python3 models/hs/train/verify.py [pairs.csv] [harmonized-system.csv]

Checks: exact header; UTF-8 without BOM; hs6 is six digits and a level-6
code of the nomenclature; lang is one of en/ko/zh/ja/vi/th; source equals
'nomenclature:'+hs6; no duplicate texts (case-insensitive, whitespace
normalised); no text equal to a nomenclature description (after lowercasing
and replacing runs of non-word characters by a space); no text equal to a text
of the evaluation set or the development set (models/hs/eval/, compared the same
way as duplicates: the set's author never read them, so common names that both
wrote were removed from here by this check). Prints counts by
language and section, number of chapters and distinct subheadings.
Exits non-zero on any error. Standard library only.
"""
import collections
import csv
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PAIRS = os.path.join(HERE, 'pairs.csv')
DEFAULT_NOMENCLATURE = os.path.join(HERE, '../../../../shared/data/hs/harmonized-system.csv')
HEADER = ['text', 'lang', 'hs6', 'source']
LANGS = ('en', 'ko', 'zh', 'ja', 'vi', 'th')
SECTION_ORDER = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI',
                 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX', 'XXI']


def norm_desc(s):
    return re.sub(r'\W+', ' ', s.lower(), flags=re.UNICODE).strip()


def norm_text(s):
    return ' '.join(s.lower().split())


def load_nomenclature(path):
    level6, sections, descs = set(), {}, set()
    with open(path, encoding='utf-8-sig', newline='') as f:
        for r in csv.DictReader(f):
            code, level = r['hscode'].strip(), r['level'].strip()
            descs.add(norm_desc(r['description']))
            if level == '6':
                level6.add(code)
                sections[code] = r['section'].strip()
    return level6, sections, descs


def main(argv):
    pairs = argv[1] if len(argv) > 1 else DEFAULT_PAIRS
    nomen = argv[2] if len(argv) > 2 else DEFAULT_NOMENCLATURE
    errors = []

    def err(msg):
        errors.append(msg)
        if len(errors) <= 50:
            print('ERROR: ' + msg, file=sys.stderr)

    if not os.path.exists(nomen):
        print('ERROR: nomenclature not found: ' + nomen, file=sys.stderr)
        return 2
    level6, sections, descs = load_nomenclature(nomen)

    raw = open(pairs, 'rb').read()
    if raw.startswith(b'\xef\xbb\xbf'):
        err('file starts with a UTF-8 BOM')
        raw = raw[3:]
    try:
        data = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        print('ERROR: not valid UTF-8: %s' % e, file=sys.stderr)
        return 1

    reader = csv.reader(io.StringIO(data, newline=''))
    header = next(reader, None)
    if header != HEADER:
        err('header is %r, expected %r' % (header, HEADER))

    seen = {}
    held_out = set()
    for name in ('queries.csv', 'dev.csv'):
        with open(os.path.join(HERE, '..', 'eval', name), encoding='utf-8', newline='') as f:
            held_out |= {norm_text(r['text']) for r in csv.DictReader(f)}
    by_lang = collections.Counter()
    by_section = collections.Counter()
    chapters, hs6s = set(), set()
    n = 0
    for lineno, row in enumerate(reader, start=2):
        if not row:
            continue
        n += 1
        if len(row) != 4:
            err('line %d: expected 4 fields, got %d' % (lineno, len(row)))
            continue
        text, lang, hs6, source = row
        if not text.strip():
            err('line %d: empty text' % lineno)
        if text != text.strip():
            err('line %d: leading/trailing whitespace in text' % lineno)
        if lang not in LANGS:
            err('line %d: bad lang %r' % (lineno, lang))
        if not re.fullmatch(r'[0-9]{6}', hs6):
            err('line %d: hs6 %r is not six digits' % (lineno, hs6))
        elif hs6 not in level6:
            err('line %d: hs6 %s is not a level-6 code of the nomenclature' % (lineno, hs6))
        elif sections.get(hs6) not in SECTION_ORDER:
            err('line %d: hs6 %s is not an HS subheading (section %r)' % (lineno, hs6, sections.get(hs6)))
        if source != 'nomenclature:' + hs6:
            err('line %d: source %r != %r' % (lineno, source, 'nomenclature:' + hs6))
        key = norm_text(text)
        if key in seen:
            err('line %d: duplicate text (first at line %d): %r' % (lineno, seen[key], text))
        else:
            seen[key] = lineno
        if key in held_out:
            err('line %d: text is in the evaluation or development set: %r' % (lineno, text))
        if norm_desc(text) in descs:
            err('line %d: text equals a nomenclature description: %r' % (lineno, text))
        by_lang[lang] += 1
        if sections.get(hs6) in SECTION_ORDER:
            by_section[sections[hs6]] += 1
            chapters.add(hs6[:2])
            hs6s.add(hs6)

    print('rows: %d' % n)
    print('by language: ' + ', '.join('%s=%d' % (l, by_lang[l]) for l in LANGS))
    print('by section: ' + ', '.join('%s=%d' % (s, by_section[s]) for s in SECTION_ORDER))
    print('sections covered: %d/21' % sum(1 for s in SECTION_ORDER if by_section[s]))
    print('chapters: %d' % len(chapters))
    print('distinct hs6: %d' % len(hs6s))
    if errors:
        print('FAILED: %d error(s)' % len(errors), file=sys.stderr)
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
