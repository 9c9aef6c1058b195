# Builds an evaluation set from Debian's translated man pages, text that set no threshold of the decoder or the
# detector: per language up to 16 documents of 600-2500 characters of prose paragraphs from randomly chosen pages
# (seed 7), each written in one of the legacy encodings its language was really written in, next to its UTF-8
# original (name.utf8) and a manifest. Usage: build-corpus.py OUT_DIR (downloads the manpages-* packages with
# apt-get download into OUT_DIR/debs and renders the pages with groff).
import gzip, os, random, re, subprocess, sys, unicodedata
base = os.path.abspath(sys.argv[1])
debs = os.path.join(base, 'debs')
root = os.path.join(debs, 'root', 'usr', 'share', 'man')
out = os.path.join(base, 'files')
os.makedirs(out, exist_ok=True)
enc = {
 'cs': ['cp1250','iso8859_2','cp852','mac_latin2'], 'hu': ['cp1250','iso8859_2','cp852'], 'pl': ['cp1250','iso8859_2','cp852','mac_latin2'],
 'ro': ['cp1250','iso8859_16','iso8859_2'],
 'da': ['cp1252','latin_1','cp850','mac_roman'], 'nb': ['cp1252','iso8859_15','cp865','cp850'], 'sv': ['cp1252','latin_1','cp850'], 'fi': ['cp1252','iso8859_15','cp850'],
 'de': ['cp1252','latin_1','cp850','mac_roman','cp437'], 'es': ['cp1252','latin_1','cp850','mac_roman'], 'fr': ['cp1252','iso8859_15','cp850','mac_roman','cp863'],
 'it': ['cp1252','latin_1','cp850'], 'nl': ['cp1252','latin_1','mac_roman'], 'pt_BR': ['cp1252','latin_1','cp860','cp850'],
 'el': ['cp1253','iso8859_7','cp737','cp869','mac_greek'],
 'ru': ['cp1251','koi8_r','cp866','iso8859_5','mac_cyrillic','cp855'], 'uk': ['cp1251','koi8_u','mac_cyrillic','utf_16_le'],
 'mk': ['cp1251','iso8859_5','cp855'], 'sr': ['cp1251','iso8859_5','cp855'],
 'tr': ['cp1254','iso8859_9','cp857'], 'vi': ['utf_16_le','utf_8'], 'id': ['cp1252','utf_16_be'], 'ja': ['shift_jis','euc_jp','iso2022_jp','utf_16_le'],
}
def render(path):
    try:
        r = subprocess.run(['groff','-k','-man','-Tutf8','-P-cbou','-Wall'], input=gzip.open(path).read(), capture_output=True, timeout=20,
                           env=dict(os.environ, LANG='C.UTF-8'))
        return r.stdout.decode('utf-8','replace')
    except Exception:
        return ''
def paragraphs(text):
    paras, cur = [], []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            if cur: paras.append(' '.join(cur)); cur = []
            continue
        if not line.startswith('       ') or s.startswith('-'):
            if cur: paras.append(' '.join(cur)); cur = []
            continue
        cur.append(s)
    if cur: paras.append(' '.join(cur))
    good = []
    for p in paras:
        p = re.sub(r'\s+', ' ', p.replace('\u2010','-'))
        if len(p) < 120: continue
        letters = sum(c.isalpha() for c in p)
        if letters < 0.7 * len(p): continue
        if sum(c in '/_=<>{}[]$|\\' for c in p) > 0.02 * len(p): continue
        words = re.findall(r'[A-Za-z]+', p.lower())
        allw = p.split()
        if sum(w in EN for w in words) > 0.06 * len(allw): continue
        if NONLATIN and sum(ord(c) > 0x24f for c in p if c.isalpha()) < 0.7 * letters: continue
        good.append(p)
    return good
def can(c, e):
    try:
        c.encode(e); return True
    except UnicodeEncodeError:
        return False
EN = set('the of and to is for in that with be are this by from on or it an as not if which can when'.split())
NONLATIN = False
random.seed(7)
os.makedirs(debs, exist_ok=True)
for package in ['manpages-' + l.lower().replace('_', '-') for l in enc]:
    if subprocess.run(['apt-get', 'download', package], cwd=debs, capture_output=True).returncode != 0:
        print('not served:', package, file=sys.stderr)
for deb in sorted(f for f in os.listdir(debs) if f.endswith('.deb')):
    subprocess.run(['dpkg-deb', '-x', os.path.join(debs, deb), os.path.join(debs, 'root')], check=True)
manifest = open(os.path.join(base, 'manifest.tsv'), 'w')
for lang, encs in enc.items():
    NONLATIN = lang in ('el','ru','uk','mk','sr','ja')
    if not os.path.isdir(os.path.join(root, lang)):
        continue
    pages = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(root, lang)) for f in fs if f.endswith('.gz'))
    random.shuffle(pages)
    n = 0
    for page in pages:
        if n >= 16: break
        paras = paragraphs(render(page))
        # translated man pages keep English paragraphs where the translation is missing: skip pages whose prose is mostly ASCII for non-ASCII languages
        doc = ''
        for p in paras:
            if len(doc) + len(p) > 2500: break
            doc += p + '\n\n'
        if len(doc) < 600: continue
        e = encs[n % len(encs)]
        fallback = {'\u201e':'"','\u201c':'"','\u201d':'"','\u2018':"'",'\u2019':"'",'\u201a':"'",'\u2013':'-','\u2014':'-','\u2026':'...','\u00ab':'"','\u00bb':'"','\u00a0':' ','\u2011':'-','\u2212':'-','\u00b7':'.','\u2022':'*','\u00a9':'(c)','\u27e8':'<','\u27e9':'>','\u200b':'','\u0219':'\u015f','\u021b':'\u0163','\u0218':'\u015e','\u021a':'\u0162'}
        d2 = ''.join(c if not (c in fallback) or can(c, e) else fallback[c] for c in unicodedata.normalize('NFC', doc))
        try:
            data = d2.encode(e)
            doc = d2
        except UnicodeEncodeError as x:
            continue
        name = f'{lang}-{n:02d}-{e}.txt'
        open(os.path.join(out, name), 'wb').write(data)
        open(os.path.join(out, name + '.utf8'), 'w').write(doc)
        manifest.write(f'{name}\t{lang}\t{e}\t{os.path.basename(page)}\n')
        n += 1
    print(lang, n, file=sys.stderr)
