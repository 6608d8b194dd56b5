"""Verify models/hs/eval/queries.csv against the HS nomenclature (stdlib only)."""
import csv, sys, re, unicodedata
import os

HERE = os.path.dirname(os.path.abspath(__file__))
from collections import Counter, defaultdict

Q = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'queries.csv')
NOM = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '../../../../shared/data/hs/harmonized-system.csv')
OLD = os.path.join(HERE, 'dev.csv')
LANGS = {'en', 'ko', 'zh', 'ja', 'vi', 'th'}
ROMAN = ['I','II','III','IV','V','VI','VII','VIII','IX','X','XI','XII','XIII','XIV','XV','XVI','XVII','XVIII','XIX','XX','XXI']

nom = {r['hscode']: r for r in csv.DictReader(open(NOM, encoding='utf-8'))}
descs = {re.sub(r'\W+', ' ', r['description'].lower()).strip() for r in nom.values()}

raw = open(Q, 'rb').read()
errors = []
if raw.startswith(b'\xef\xbb\xbf'):
    errors.append('file starts with a BOM')
raw.decode('utf-8')  # raises if not UTF-8
rd = csv.reader(open(Q, encoding='utf-8', newline=''))
header = next(rd)
if header != ['text', 'lang', 'hs6', 'source']:
    errors.append(f'bad header {header}')
rows = list(rd)

seen = set()
for i, r in enumerate(rows, start=2):
    if len(r) != 4:
        errors.append(f'line {i}: {len(r)} fields'); continue
    text, lang, hs6, source = r
    n = nom.get(hs6)
    if not re.fullmatch(r'\d{6}', hs6):
        errors.append(f'line {i}: hs6 {hs6!r} is not six digits')
    elif n is None:
        errors.append(f'line {i}: {hs6} not in nomenclature')
    elif n['level'] != '6':
        errors.append(f'line {i}: {hs6} is level {n["level"]}, not 6')
    if lang not in LANGS:
        errors.append(f'line {i}: lang {lang!r}')
    if not text.strip() or text != text.strip() or unicodedata.normalize('NFC', text) != text:
        errors.append(f'line {i}: text whitespace/normalisation problem {text!r}')
    if re.sub(r'\W+', ' ', text.lower()).strip() in descs:
        errors.append(f'line {i}: text equals a nomenclature description: {text!r}')
    if not (source == f'nomenclature:{hs6}' or re.fullmatch(r'https?://\S+', source)):
        errors.append(f'line {i}: bad source {source!r}')
    key = (text.lower(), lang)
    if key in seen:
        errors.append(f'line {i}: duplicate text {text!r}')
    seen.add(key)

good = [r for r in rows if len(r) == 4 and r[2] in nom]
by_lang = Counter(r[1] for r in good)
codes = {r[2] for r in good}
chapters = {c[:2] for c in codes}
sec_rows = Counter(nom[r[2]]['section'] for r in good)
sec_codes = defaultdict(set)
for r in good:
    sec_codes[nom[r[2]]['section']].add(r[2])
sources = Counter('url' if r[3].startswith('http') else 'nomenclature' for r in good)

try:
    old = {(r['text'].strip().lower()) for r in csv.DictReader(open(OLD, encoding='utf-8'))}
    overlap = [r[0] for r in good if r[0].strip().lower() in old]
except FileNotFoundError:
    overlap = []

print(f'rows: {len(rows)}')
print('rows per lang:', dict(sorted(by_lang.items(), key=lambda kv: -kv[1])))
print(f'distinct hs6: {len(codes)}   distinct chapters: {len(chapters)}   sections covered: {len(sec_rows)}/21')
print('sources:', dict(sources))
print('verbatim overlap with dev.csv:', overlap)
print('\n| Section | Rows | Distinct hs6 |\n|---|---:|---:|')
for s in ROMAN:
    print(f'| {s} | {sec_rows.get(s, 0)} | {len(sec_codes.get(s, ()))} |')
missing_ch = sorted({r['hscode'][:2] for r in nom.values() if r['level'] == '2' and r['hscode'].isdigit()} - chapters)
print('\nchapters not covered:', ' '.join(missing_ch))
if errors:
    print('\nERRORS:'); print('\n'.join(errors)); sys.exit(1)
print('\nOK: every hs6 exists at level 6 in', NOM)
