/* The matching core in C: a character trie of every surface form, walked from each place a
 * name may start, deciding leftmost-longest whole-word matches in one pass.
 *
 * The trie is a flat, position-independent blob (CSR layout: per node its first outgoing
 * edge and the pattern ending there, side by side; each edge its label and target side by
 * side, sorted by label: few cache lines per step), so a compiled table is cached as bytes and loaded with no rebuilding. A space in a pattern stands for any whitespace run of 1 to
 * gap_max characters; apostrophe look-alikes in the text are read as the ASCII apostrophe.
 * normalize/engine/trie.py holds the pure-Python twin of this file (same algorithm, same results)
 * for machines that cannot build it; tests run both against a naive reference.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAGIC 0x33544e54u /* "TNT3" little-endian */
#define HEADER_WORDS 6    /* magic, nodes, edges, patterns, gap_max, reserved */
#define FLAG_BLOCK 1u
#define FLAG_MULTI 2u
#define SIGNAL_EVERY ((Py_ssize_t)1 << 22) /* characters between checks for pending signals */
#define GAP_LIMIT 1024u /* the largest gap_max a blob may hold (the Python side uses 32) */

typedef struct {
    uint32_t first; /* first outgoing edge; the next node's first ends the range */
    int32_t term;   /* pattern ending here, or -1 */
} Node;

typedef struct {
    uint32_t label;  /* code point */
    uint32_t target; /* child node */
} Edge;

typedef struct {
    PyObject_HEAD
    PyObject *blob; /* bytes owning the arrays below */
    uint32_t n_nodes, n_edges, n_patterns, gap_max;
    const Node *nodes;      /* n_nodes + 1 (the last only closes the edge range) */
    const Edge *edge;       /* n_edges: per node, its children's edges sorted by label */
    const uint8_t *pflags;  /* n_patterns */
    uint32_t *root;         /* 0x10000: child of the root + 1 for BMP code points, 0 if none */
    uint32_t *pair;         /* 128 x 128: node + 1 after two ASCII characters, 0 if none */
    uint64_t *runs;         /* bit set of the hashes of every surface's first word (see attach) */
    uint64_t run_mask;      /* bits in runs - 1 */
    Py_UCS4 fold[8];        /* apostrophe look-alikes, read as '\'' */
    int n_fold;
    Py_UCS4 fold_min;       /* the smallest of them: anything below is no look-alike */
    uint64_t reach;         /* longest text one match can span (a space counts gap_max); load time only */
} TrieObject;

#if defined(__GNUC__) || defined(__clang__)
#define INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))
#else
#define INLINE static inline
#define NOINLINE static
#endif

static PyObject *word_function = NULL; /* normalize's is_word_char, for non-ASCII non-alnum */
static uint8_t word_cache[0x10000];    /* 0 unknown, 1 no, 2 yes */
static uint8_t ascii_word[128];
static unsigned long long total_steps = 0;

/* ------------------------------------------------------------------ character classes */

NOINLINE int
is_word_slow(Py_UCS4 c)
{
    int v;
    if (Py_UNICODE_ISALNUM(c) || c == 0x200c || c == 0x200d)
        v = 1;
    else if (word_function == NULL)
        v = 0;
    else {
        PyObject *ch = PyUnicode_FromOrdinal(c);
        if (ch == NULL)
            return -1;
        PyObject *fn = word_function;
        Py_INCREF(fn); /* the call may replace word_function */
        PyObject *r = PyObject_CallOneArg(fn, ch);
        Py_DECREF(fn);
        Py_DECREF(ch);
        if (r == NULL)
            return -1;
        v = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (v < 0)
            return -1;
    }
    if (c < 0x10000)
        word_cache[c] = (uint8_t)(v + 1);
    return v;
}

INLINE int
is_word(Py_UCS4 c)
{
    if (c < 128)
        return ascii_word[c];
    if (c < 0x10000 && word_cache[c])
        return word_cache[c] - 1;
    return is_word_slow(c);
}

/* Does the text character c read as an apostrophe? */
INLINE int
is_fold(const TrieObject *t, Py_UCS4 c)
{
    if (c == '\'')
        return 1;
    if (c < t->fold_min)
        return 0;
    for (int i = 0; i < t->n_fold; i++)
        if (t->fold[i] == c)
            return 1;
    return 0;
}

INLINE Py_UCS4
fold(const TrieObject *t, Py_UCS4 c)
{
    return is_fold(t, c) ? '\'' : c;
}

INLINE int64_t
child(const TrieObject *t, uint32_t node, Py_UCS4 c)
{
    if (node == 0 && c < 0x10000) {
        uint32_t r = t->root[c];
        return r ? (int64_t)r - 1 : -1;
    }
    uint32_t lo = t->nodes[node].first, hi = t->nodes[node + 1].first;
    if (hi - lo > 8) { /* branch-free lower bound: no mispredicted jumps */
        const Edge *base = t->edge + lo;
        uint32_t len = hi - lo;
        while (len > 1) {
            uint32_t half = len / 2;
            base = base[half].label <= c ? base + half : base;
            len -= half;
        }
        return base->label == c ? (int64_t)base->target : -1;
    }
    for (; lo < hi; lo++) {
        if (t->edge[lo].label == c)
            return t->edge[lo].target;
        if (t->edge[lo].label > c)
            return -1;
    }
    return -1;
}

/* ------------------------------------------------------------------------ the object */

static PyTypeObject TrieType;

static int
set_fold(TrieObject *t, PyObject *fold_chars)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(fold_chars);
    t->n_fold = 0;
    t->fold_min = 0x110000;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(fold_chars, i);
        if (c == '\'')
            continue;
        if (c < t->fold_min)
            t->fold_min = c;
        if (t->n_fold == 8) {
            PyErr_SetString(PyExc_ValueError, "too many apostrophe look-alikes");
            return -1;
        }
        t->fold[t->n_fold++] = c;
    }
    return 0;
}

/* First words. A match starting at a word character p must begin with the whole run of word
 * characters at p (up to the first non-word character or apostrophe look-alike): the trie
 * matches word characters literally, and the surface then ends (the end must be a word
 * boundary) or goes on with a character that only a non-word character or an apostrophe
 * matches. So a bit set of the hashes of all surfaces' first runs rejects most words with one
 * probe instead of a walk; a set bit (or a collision) just means: walk. */
#define FNV_BASIS 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

INLINE uint64_t
fnv(uint64_t h, Py_UCS4 c)
{
    return (h ^ c) * FNV_PRIME;
}


/* Part of a first run: a word character that no apostrophe stands for; -1 on error. */
INLINE int
run_char(const TrieObject *t, Py_UCS4 c)
{
    if (c < 128)
        return ascii_word[c];
    if (is_fold(t, c))
        return 0;
    return is_word(c);
}

INLINE uint64_t
run_bit(const TrieObject *t, uint64_t h)
{
    return (h ^ (h >> 29)) & t->run_mask;
}

static int
first_runs(TrieObject *t)
{
    uint64_t bits = (uint64_t)1 << 16;
    while (bits < (uint64_t)t->n_patterns * 16 && bits < ((uint64_t)1 << 28))
        bits <<= 1;
    t->run_mask = bits - 1;
    t->runs = PyMem_Calloc(bits / 64, sizeof(uint64_t));
    uint64_t *h = PyMem_Malloc((size_t)t->n_nodes * sizeof(uint64_t));
    uint8_t *inrun = PyMem_Calloc(t->n_nodes, 1);
    int rc = -1;
    if (t->runs == NULL || h == NULL || inrun == NULL) {
        PyErr_NoMemory();
        goto out;
    }
    h[0] = FNV_BASIS;
    inrun[0] = 1;
    /* Nodes in order: a parent always comes before its children (checked by attach). */
    for (uint32_t i = 0; i < t->n_nodes; i++) {
        if (!inrun[i])
            continue;
        int ends = i != 0 && t->nodes[i].term >= 0;
        for (uint32_t e = t->nodes[i].first; e < t->nodes[i + 1].first; e++) {
            int r = run_char(t, t->edge[e].label);
            if (r < 0)
                goto out;
            if (r) {
                uint32_t child = t->edge[e].target;
                h[child] = fnv(h[i], t->edge[e].label);
                inrun[child] = 1;
            }
            else if (i != 0)
                ends = 1;
        }
        if (ends) {
            uint64_t b = run_bit(t, h[i]);
            t->runs[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
    rc = 0;
out:
    PyMem_Free(h);
    PyMem_Free(inrun);
    return rc;
}

/* The shape of a blob whose indices are in range (attach checked them): 1 if it is exactly the
 * trie that build() makes of some patterns, 0 if not, -1 on error. Each node but the root has
 * one parent (a tree); the root ends no pattern; every leaf ends one; each pattern ends at one
 * node; flags hold only FLAG_BLOCK | FLAG_MULTI, and FLAG_MULTI exactly when the path holds a
 * space; no pattern begins or ends with whitespace (the twin reads those differently); gap_max
 * in 1..GAP_LIMIT. Sets t->reach: the deepest node, each space counting gap_max characters, so
 * no walk (and no stream look-ahead) can be longer than the header's reach says. */
static int
shape(TrieObject *t)
{
    uint32_t n = t->n_nodes;
    if (t->gap_max < 1 || t->gap_max > GAP_LIMIT || t->nodes[0].term != -1)
        return 0;
    uint64_t *w = PyMem_Calloc(n, sizeof(uint64_t));
    uint8_t *st = PyMem_Calloc(n, 1); /* 1: has a parent; 2: a space on the path */
    uint8_t *seen = PyMem_Calloc((size_t)t->n_patterns + 1, 1);
    int ok = 0;
    if (w == NULL || st == NULL || seen == NULL) {
        PyErr_NoMemory();
        ok = -1;
        goto out;
    }
    uint64_t reach = 1, terms = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = t->nodes[i].first, b = t->nodes[i + 1].first;
        int32_t term = t->nodes[i].term;
        if (i != 0 && a == b && term < 0)
            goto out; /* a leaf that ends no pattern: a dead branch */
        if (term >= 0) {
            uint8_t fl = t->pflags[term];
            if (seen[term] || fl > (FLAG_BLOCK | FLAG_MULTI) || !(fl & FLAG_MULTI) != !(st[i] & 2))
                goto out;
            seen[term] = 1;
            terms++;
        }
        for (uint32_t e = a; e < b; e++) {
            uint32_t to = t->edge[e].target, c = t->edge[e].label;
            int space = Py_UNICODE_ISSPACE(c);
            if (st[to] & 1)
                goto out; /* two parents */
            if (space && (i == 0 || t->nodes[to].term >= 0))
                goto out; /* a pattern beginning or ending with whitespace */
            st[to] = (uint8_t)(1 | (st[i] & 2) | (c == ' ' ? 2 : 0));
            w[to] = w[i] + (c == ' ' ? t->gap_max : 1);
            if (w[to] > reach)
                reach = w[to];
        }
    }
    if (terms != t->n_patterns)
        goto out;
    t->reach = reach;
    ok = 1;
out:
    PyMem_Free(w);
    PyMem_Free(st);
    PyMem_Free(seen);
    return ok;
}

/* Point the arrays into t->blob, checking that every index stays in range. */
static int
attach(TrieObject *t)
{
    const char *raw = PyBytes_AS_STRING(t->blob);
    Py_ssize_t size = PyBytes_GET_SIZE(t->blob);
    if (size < (Py_ssize_t)(HEADER_WORDS * 4) || ((uintptr_t)raw & 3))
        goto bad;
    const uint32_t *h = (const uint32_t *)raw;
    if (h[0] != MAGIC)
        goto bad;
    uint64_t nodes = h[1], edges = h[2], patterns = h[3];
    uint64_t words = HEADER_WORDS + (nodes + 1) * 2 + edges * 2;
    uint64_t need = words * 4 + ((patterns + 3) & ~(uint64_t)3);
    if (nodes == 0 || (uint64_t)size != need || edges != nodes - 1)
        goto bad;
    t->n_nodes = (uint32_t)nodes;
    t->n_edges = (uint32_t)edges;
    t->n_patterns = (uint32_t)patterns;
    t->gap_max = h[4];
    t->nodes = (const Node *)(h + HEADER_WORDS);
    t->edge = (const Edge *)(t->nodes + nodes + 1);
    t->pflags = (const uint8_t *)(t->edge + edges);
    if (t->nodes[0].first != 0 || t->nodes[nodes].first != edges)
        goto bad;
    for (uint64_t i = 0; i < nodes; i++) {
        uint32_t a = t->nodes[i].first, b = t->nodes[i + 1].first;
        if (a > b || t->nodes[i].term < -1 || t->nodes[i].term >= (int64_t)patterns)
            goto bad;
        for (uint32_t e = a; e < b; e++) {
            /* children are created after their parent: targets only point forward */
            if (t->edge[e].target <= i || t->edge[e].target >= nodes || t->edge[e].label > 0x10ffff)
                goto bad;
            if (e > a && t->edge[e].label <= t->edge[e - 1].label)
                goto bad;
        }
    }
    {
        int r = shape(t);
        if (r < 0)
            return -1;
        if (r == 0)
            goto bad;
    }
    t->root = PyMem_Calloc(0x10000, sizeof(uint32_t));
    if (t->root == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t e = t->nodes[0].first; e < t->nodes[1].first; e++)
        if (t->edge[e].label < 0x10000)
            t->root[t->edge[e].label] = t->edge[e].target + 1;
    /* The first two levels hold the most children (binary searches, cache misses): for two
     * ASCII characters the node is looked up directly. */
    t->pair = PyMem_Calloc(128 * 128, sizeof(uint32_t));
    if (t->pair == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t e = t->nodes[0].first; e < t->nodes[1].first && t->edge[e].label < 128; e++) {
        uint32_t a = t->edge[e].target;
        for (uint32_t f = t->nodes[a].first; f < t->nodes[a + 1].first && t->edge[f].label < 128; f++)
            t->pair[t->edge[e].label * 128 + t->edge[f].label] = t->edge[f].target + 1;
    }
    return first_runs(t);
bad:
    PyErr_SetString(PyExc_ValueError, "not a compiled trie");
    return -1;
}

static PyObject *
new_trie(PyObject *blob, PyObject *fold_chars)
{
    TrieObject *t = PyObject_New(TrieObject, &TrieType);
    if (t == NULL)
        return NULL;
    t->root = NULL;
    t->pair = NULL;
    t->runs = NULL;
    Py_INCREF(blob);
    t->blob = blob;
    if (set_fold(t, fold_chars) < 0 || attach(t) < 0) {
        Py_DECREF(t);
        return NULL;
    }
    return (PyObject *)t;
}

static void
Trie_dealloc(TrieObject *t)
{
    PyMem_Free(t->root);
    PyMem_Free(t->pair);
    PyMem_Free(t->runs);
    Py_XDECREF(t->blob);
    PyObject_Free(t);
}

/* Trie.load(blob, fold, gap_max=0): with gap_max, the blob must have been built with it. */
static PyObject *
Trie_load(PyObject *cls, PyObject *args)
{
    PyObject *blob, *fold_chars;
    unsigned int gap_max = 0;
    if (!PyArg_ParseTuple(args, "SU|I:load", &blob, &fold_chars, &gap_max))
        return NULL;
    TrieObject *t = (TrieObject *)new_trie(blob, fold_chars);
    if (t != NULL && gap_max && t->gap_max != gap_max) {
        Py_DECREF(t);
        PyErr_SetString(PyExc_ValueError, "not a compiled trie (another gap_max)");
        return NULL;
    }
    return (PyObject *)t;
}

/* Trie.build(patterns, flags, fold, gap_max): patterns sorted, distinct, non-empty. */
static PyObject *
Trie_build(PyObject *cls, PyObject *args)
{
    PyObject *patterns, *fold_chars;
    Py_buffer flags;
    unsigned int gap_max;
    if (!PyArg_ParseTuple(args, "O!y*UI:build", &PyList_Type, &patterns, &flags, &fold_chars, &gap_max))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t np = PyList_GET_SIZE(patterns);
    uint32_t *parent = NULL, *lab = NULL, *path = NULL, *count = NULL;
    int32_t *term = NULL;
    if (flags.len != np || np >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "one flag byte per pattern");
        goto done;
    }
    if (gap_max < 1 || gap_max > GAP_LIMIT) {
        PyErr_SetString(PyExc_ValueError, "gap_max out of range");
        goto done;
    }
    for (Py_ssize_t k = 0; k < np; k++)
        if (((const uint8_t *)flags.buf)[k] > (FLAG_BLOCK | FLAG_MULTI)) {
            PyErr_SetString(PyExc_ValueError, "a flag byte holds unknown bits");
            goto done;
        }
    uint64_t chars = 0;
    Py_ssize_t longest = 0;
    for (Py_ssize_t k = 0; k < np; k++) {
        PyObject *p = PyList_GET_ITEM(patterns, k);
        if (!PyUnicode_Check(p) || PyUnicode_GET_LENGTH(p) == 0) {
            PyErr_SetString(PyExc_ValueError, "patterns must be non-empty strings");
            goto done;
        }
        if (Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(p, 0)) ||
            Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(p, PyUnicode_GET_LENGTH(p) - 1))) {
            PyErr_SetString(PyExc_ValueError, "patterns must not begin or end with whitespace");
            goto done;
        }
        if (k && PyUnicode_Compare(PyList_GET_ITEM(patterns, k - 1), p) >= 0) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "patterns must be sorted and distinct");
            goto done;
        }
        chars += PyUnicode_GET_LENGTH(p);
        if (PyUnicode_GET_LENGTH(p) > longest)
            longest = PyUnicode_GET_LENGTH(p);
    }
    if (chars + 1 >= UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "table too large");
        goto done;
    }
    uint64_t cap = chars + 1;
    parent = PyMem_Malloc(cap * sizeof(uint32_t));
    lab = PyMem_Malloc(cap * sizeof(uint32_t));
    term = PyMem_Malloc(cap * sizeof(int32_t));
    path = PyMem_Malloc((longest + 1) * sizeof(uint32_t));
    if (!parent || !lab || !term || !path) {
        PyErr_NoMemory();
        goto done;
    }
    /* Sorted insertion: the common prefix with the previous pattern is already in the trie;
     * children of a node are created in increasing label order. */
    uint32_t nodes = 1;
    term[0] = -1;
    path[0] = 0;
    PyObject *prev = NULL;
    for (Py_ssize_t k = 0; k < np; k++) {
        PyObject *p = PyList_GET_ITEM(patterns, k);
        Py_ssize_t len = PyUnicode_GET_LENGTH(p), d = 0;
        if (prev != NULL) {
            Py_ssize_t plen = PyUnicode_GET_LENGTH(prev);
            while (d < len && d < plen && PyUnicode_READ_CHAR(p, d) == PyUnicode_READ_CHAR(prev, d))
                d++;
        }
        for (; d < len; d++) {
            parent[nodes] = path[d];
            lab[nodes] = PyUnicode_READ_CHAR(p, d);
            term[nodes] = -1;
            path[d + 1] = nodes++;
        }
        term[path[len]] = (int32_t)k;
        prev = p;
    }
    uint64_t edges = nodes - 1;
    uint64_t words = HEADER_WORDS + ((uint64_t)nodes + 1) * 2 + edges * 2;
    uint64_t size = words * 4 + (((uint64_t)np + 3) & ~(uint64_t)3);
    PyObject *blob = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (blob == NULL)
        goto done;
    memset(PyBytes_AS_STRING(blob), 0, size);
    uint32_t *h = (uint32_t *)PyBytes_AS_STRING(blob);
    h[0] = MAGIC;
    h[1] = nodes;
    h[2] = (uint32_t)edges;
    h[3] = (uint32_t)np;
    h[4] = gap_max;
    Node *nd = (Node *)(h + HEADER_WORDS);
    Edge *edge = (Edge *)(nd + nodes + 1);
    uint8_t *pf = (uint8_t *)(edge + edges);
    count = PyMem_Calloc((size_t)nodes + 1, sizeof(uint32_t));
    if (count == NULL) {
        Py_DECREF(blob);
        PyErr_NoMemory();
        goto done;
    }
    for (uint32_t i = 1; i < nodes; i++)
        count[parent[i] + 1]++;
    nd[0].first = 0;
    for (uint32_t i = 0; i < nodes; i++) {
        nd[i + 1].first = nd[i].first + count[i + 1];
        nd[i].term = term[i];
    }
    nd[nodes].term = -1;
    for (uint32_t i = 0; i < nodes; i++)
        count[i] = nd[i].first; /* next free slot per node */
    for (uint32_t i = 1; i < nodes; i++) {
        uint32_t slot = count[parent[i]]++;
        edge[slot].label = lab[i];
        edge[slot].target = i;
    }
    memcpy(pf, flags.buf, (size_t)np);
    result = new_trie(blob, fold_chars);
    Py_DECREF(blob);
done:
    PyBuffer_Release(&flags);
    PyMem_Free(parent);
    PyMem_Free(lab);
    PyMem_Free(term);
    PyMem_Free(path);
    PyMem_Free(count);
    return result;
}

/* ---------------------------------------------------------------------------- finding */

static const char CLOSE[] = ")]}>\"'.,;:!?*_";

static inline int
is_close(Py_UCS4 c)
{
    if (c < 128)
        return c != 0 && strchr(CLOSE, (int)c) != NULL;
    return c == 0x201d || c == 0x2019 || c == 0xbb;
}

/* Could [s, e) be inside a URL, address, path, handle or "::" name? A sound pre-check of
 * regions.in_protected_token: 0 means surely not; 1 means ask it. */
static int
maybe_protected(int kind, const void *data, Py_ssize_t n, Py_ssize_t s, Py_ssize_t e)
{
    Py_ssize_t lo = s > 256 ? s - 256 : 0, i = s;
    while (i > lo && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i - 1)))
        i--;
    Py_ssize_t hi = e + 256 < n ? e + 256 : n, j = e;
    while (j < hi && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
        j++;
    if (i == s && j == e)
        return 0;
    for (Py_ssize_t x = i; x < j; x++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, x);
        if (c == '/' || c == '\\' || c == '@' || c == '#' || c == ':')
            return 1;
        if (c == '.') {
            if (x < e)
                return 1;
            /* a dot after the name is harmless only in closing punctuation that ends the run */
            for (Py_ssize_t y = x; y < j; y++)
                if (!is_close(PyUnicode_READ(kind, data, y)))
                    return 1;
            return 0;
        }
    }
    return 0;
}

INLINE int
word_at(int kind, const void *data, Py_ssize_t i)
{
    return is_word(PyUnicode_READ(kind, data, i));
}

/* The longest whole-word surface starting at p: sets *end, *pid, *plain; 0 if none, -1 error. */
INLINE int
walk(const TrieObject *t, int kind, const void *data, Py_ssize_t n, Py_ssize_t p, Py_ssize_t *end,
     int32_t *pid, int *plain)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, p);
    Py_UCS4 c0 = fold(t, c);
    int64_t node = child(t, 0, c0);
    if (node < 0)
        return 0;
    int found = 0, clean = 1;
    Py_ssize_t k = p + 1;
    Py_UCS4 last = c;
    unsigned long long steps = 1;
    for (;;) {
        int32_t tm = t->nodes[node].term;
        if (tm >= 0) {
            int bounded = 1;
            if (k < n) {
                int a = is_word(last);
                if (a < 0)
                    return -1;
                if (a) {
                    int b = word_at(kind, data, k);
                    if (b < 0)
                        return -1;
                    bounded = !b;
                }
            }
            if (bounded) {
                *end = k;
                *pid = tm;
                *plain = clean;
                found = 1;
            }
        }
        if (k >= n)
            break;
        c = PyUnicode_READ(kind, data, k);
        if (Py_UNICODE_ISSPACE(c)) {
            int64_t next = child(t, (uint32_t)node, ' ');
            if (next < 0)
                break;
            Py_ssize_t j = k;
            while (j < n && j - k < (Py_ssize_t)t->gap_max && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
                j++;
            if (j < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
                break; /* a run longer than gap_max */
            if (j - k != 1 || c != ' ')
                clean = 0;
            steps += j - k;
            node = next;
            k = j;
            last = ' ';
            continue;
        }
        if (k == p + 1 && c0 < 128 && c < 128) {
            uint32_t v = t->pair[c0 * 128 + c];
            node = (int64_t)v - 1;
        }
        else
            node = child(t, (uint32_t)node, fold(t, c));
        if (node < 0)
            break;
        last = c;
        k++;
        steps++;
    }
    total_steps += steps;
    return found;
}

/* What replace() needs besides the matches: replacement per pattern, filled on first use. */
typedef struct {
    PyObject *reps;     /* list: pattern id -> replacement str, or None until fill(pid) is asked */
    PyObject *fill;     /* fill(pid) -> replacement */
    PyObject *transfer; /* transfer(found, replacement) -> replacement with found's whitespace */
    PyObject *recase;   /* recase(text, start, replacement) -> replacement, for a slot holding (str,); or None */
    PyObject *pieces;   /* output pieces */
    Py_ssize_t pos;     /* text before pos is in pieces */
} Replace;

/* Same characters? (a and b: b is text[s:s+len(a)]) */
static int
same_text(PyObject *a, int kind, const void *data, Py_ssize_t s, Py_ssize_t e)
{
    if (PyUnicode_GET_LENGTH(a) != e - s)
        return 0;
    int ak = PyUnicode_KIND(a);
    const void *ad = PyUnicode_DATA(a);
    for (Py_ssize_t i = 0; i < e - s; i++)
        if (PyUnicode_READ(ak, ad, i) != PyUnicode_READ(kind, data, s + i))
            return 0;
    return 1;
}

static int
add_piece(PyObject *pieces, PyObject *text, Py_ssize_t s, Py_ssize_t e)
{
    if (e <= s)
        return 0;
    PyObject *x = PyUnicode_Substring(text, s, e);
    if (x == NULL)
        return -1;
    int r = PyList_Append(pieces, x);
    Py_DECREF(x);
    return r;
}

/* A callback's result, which must be a str (NULL with an error set otherwise). */
static PyObject *
str_result(PyObject *r, const char *who)
{
    if (r != NULL && !PyUnicode_Check(r)) {
        Py_DECREF(r);
        PyErr_Format(PyExc_TypeError, "%s() must return str", who);
        return NULL;
    }
    return r;
}

/* A replacement slot's value: a str, or a 1-tuple holding a str (the replacement depends on where
 * the match starts: recase() decides). */
static int
is_replacement(PyObject *r)
{
    return PyUnicode_Check(r) ||
           (PyTuple_CheckExact(r) && PyTuple_GET_SIZE(r) == 1 && PyUnicode_Check(PyTuple_GET_ITEM(r, 0)));
}

/* One accepted match: a tuple for find(), or output pieces for replace(). 1 when it rewrote. */
NOINLINE int
emit(PyObject *out, Replace *rc, PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t end,
     int32_t pid, int plain)
{
    if (rc == NULL) {
        PyObject *item = Py_BuildValue("nniO", p, end, (int)pid, plain ? Py_True : Py_False);
        if (item == NULL || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            return -1;
        }
        Py_DECREF(item);
        return 1;
    }
    /* The list is the caller's: a callback may have changed it, so its size and every item
     * read are checked here, and rep is held while callbacks run. */
    if (pid >= PyList_GET_SIZE(rc->reps)) {
        PyErr_SetString(PyExc_ValueError, "the replacement list changed size");
        return -1;
    }
    PyObject *rep = PyList_GET_ITEM(rc->reps, pid);
    if (rep == Py_None) {
        rep = PyObject_CallFunction(rc->fill, "i", (int)pid);
        if (rep == NULL)
            return -1;
        if (!is_replacement(rep)) {
            Py_DECREF(rep);
            PyErr_SetString(PyExc_TypeError, "fill() must return str or (str,)");
            return -1;
        }
        if (pid >= PyList_GET_SIZE(rc->reps)) {
            Py_DECREF(rep);
            PyErr_SetString(PyExc_ValueError, "the replacement list changed size");
            return -1;
        }
        Py_INCREF(rep);
        PyList_SetItem(rc->reps, pid, rep); /* steals one reference; rep keeps the other */
    }
    else if (!is_replacement(rep)) {
        PyErr_Format(PyExc_TypeError, "replacement %d must be str, (str,) or None, not %.100s", (int)pid,
                     Py_TYPE(rep)->tp_name);
        return -1;
    }
    else
        Py_INCREF(rep);
    int recase = 0;
    if (PyTuple_CheckExact(rep)) { /* (str,): recase() says what it is here */
        PyObject *inner = PyTuple_GET_ITEM(rep, 0);
        Py_INCREF(inner);
        Py_DECREF(rep);
        rep = inner;
        recase = rc->recase != Py_None;
    }
    if (!plain) {
        PyObject *found = PyUnicode_Substring(text, p, end);
        if (found == NULL) {
            Py_DECREF(rep);
            return -1;
        }
        PyObject *r = str_result(PyObject_CallFunctionObjArgs(rc->transfer, found, rep, NULL), "transfer");
        Py_DECREF(found);
        Py_DECREF(rep);
        if (r == NULL)
            return -1;
        rep = r;
    }
    if (recase) {
        PyObject *r = str_result(PyObject_CallFunction(rc->recase, "OnO", text, p, rep), "recase");
        Py_DECREF(rep);
        if (r == NULL)
            return -1;
        rep = r;
    }
    if (same_text(rep, kind, data, p, end)) { /* already canonical */
        Py_DECREF(rep);
        return 0;
    }
    if (add_piece(rc->pieces, text, rc->pos, p) < 0 || PyList_Append(rc->pieces, rep) < 0) {
        Py_DECREF(rep);
        return -1;
    }
    Py_DECREF(rep);
    rc->pos = end;
    return 1;
}

/* A callback's result as 1/0 (-1 with an error set); takes the reference. */
static int
truth(PyObject *v)
{
    if (v == NULL)
        return -1;
    int r = PyObject_IsTrue(v);
    Py_DECREF(v);
    return r;
}

/* The leftmost-longest walk over [lo, hi); *last_end: end of the last match emitted. */
INLINE PyObject *
find_kind(TrieObject *t, PyObject *text, int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
          PyObject *protect, PyObject *regions, Replace *rc, Py_ssize_t *last_end)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = rc ? rc->pieces : PyList_New(0);
    if (out == NULL)
        return NULL;
    if (rc)
        Py_INCREF(out);
    Py_ssize_t p = lo;
    int prev = 0;
    if (p > 0 && p < n && (prev = word_at(kind, data, p - 1)) < 0)
        goto error;
    Py_ssize_t signals_at = p + SIGNAL_EVERY;
    while (p < hi) {
        if (p >= signals_at) { /* let Ctrl-C and signal handlers in during a long call */
            if (PyErr_CheckSignals() < 0)
                goto error;
            signals_at = p + SIGNAL_EVERY;
        }
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        int w;
        if (c < 128)
            w = ascii_word[c];
        else if ((w = is_word(c)) < 0)
            goto error;
        if (prev && w) {
            p++;
            continue;
        }
        prev = w;
        if (w && c < 0x10000 && !is_fold(t, c)) {
            if (t->root[c] == 0) { /* no surface starts with it */
                p++;
                continue;
            }
            /* the whole run of word characters here must be some surface's first word */
            uint64_t hsh = FNV_BASIS;
            Py_ssize_t q = p;
            for (; q < n; q++) {
                Py_UCS4 cq = PyUnicode_READ(kind, data, q);
                int rq = run_char(t, cq);
                if (rq < 0)
                    goto error;
                if (!rq)
                    break;
                hsh = fnv(hsh, cq);
            }
            uint64_t b = run_bit(t, hsh);
            if (!(t->runs[b >> 6] & ((uint64_t)1 << (b & 63)))) {
                p = q; /* the rest of the run holds no start; text[q - 1] is a word character */
                continue;
            }
        }
        Py_ssize_t end;
        int32_t pid;
        int plain;
        int r = walk(t, kind, data, n, p, &end, &pid, &plain);
        if (r < 0)
            goto error;
        if (r == 0) {
            p++;
            continue;
        }
        uint8_t fl = t->pflags[pid];
        if (!(fl & FLAG_BLOCK)) {
            int blocked = 0;
            if (regions != Py_None)
                blocked = truth(PyObject_CallFunction(regions, "nn", p, end));
            if (blocked == 0 && protect != Py_None && maybe_protected(kind, data, n, p, end))
                blocked = truth(PyObject_CallFunction(protect, "Onn", text, p, end));
            if (blocked < 0)
                goto error;
            if (blocked) {
                p++;
                continue;
            }
            int e = emit(out, rc, text, kind, data, p, end, pid, plain || !(fl & FLAG_MULTI));
            if (e < 0)
                goto error;
            if (e)
                *last_end = end;
        }
        p = end;
        if ((prev = word_at(kind, data, p - 1)) < 0)
            goto error;
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

static PyObject *
dispatch(TrieObject *t, PyObject *text, Py_ssize_t lo, Py_ssize_t hi, PyObject *protect, PyObject *regions,
         Replace *rc, Py_ssize_t *last_end)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (lo < 0)
        lo = 0;
    if (hi > n)
        hi = n;
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return find_kind(t, text, PyUnicode_1BYTE_KIND, data, lo, hi, protect, regions, rc, last_end);
    case PyUnicode_2BYTE_KIND:
        return find_kind(t, text, PyUnicode_2BYTE_KIND, data, lo, hi, protect, regions, rc, last_end);
    default:
        return find_kind(t, text, PyUnicode_4BYTE_KIND, data, lo, hi, protect, regions, rc, last_end);
    }
}

/* Trie.find(text, lo, hi, protect, regions) -> [(start, end, pattern, plain)]
 *
 * At each start in [lo, hi) not between two word characters, from the left: the longest
 * surface that ends at a word boundary. A blocker consumes its span silently; a match for
 * which regions(start, end) or protect(text, start, end) is true is dropped and the search
 * goes on one character later. ``plain``: every gap of a multi-word match was one space. */
static PyObject *
Trie_find(TrieObject *t, PyObject *args)
{
    PyObject *text, *protect = Py_None, *regions = Py_None;
    Py_ssize_t lo, hi, last_end = -1;
    if (!PyArg_ParseTuple(args, "Unn|OO:find", &text, &lo, &hi, &protect, &regions))
        return NULL;
    if (lo < 0 || hi < 0) {
        PyErr_SetString(PyExc_ValueError, "lo and hi must not be negative");
        return NULL;
    }
    return dispatch(t, text, lo, hi, protect, regions, NULL, &last_end);
}

/* Trie.replace(text, lo, hi, protect, regions, reps, fill, transfer[, recase]) -> (rewritten, stop)
 *
 * The same matches as find(), applied: text[lo:stop] with each replaced (matches already in
 * canonical form left as they are), where stop is hi or the end of the last rewrite past it.
 * reps[pid] caches fill(pid); transfer(found, replacement) keeps a multi-word match's
 * whitespace when its gaps were not single spaces. A slot may hold (str,) instead of a str: the
 * replacement then depends on where the match starts, and recase(text, start, replacement) gives
 * it (after transfer; without recase, or with None, the str is used as it is). */
static PyObject *
Trie_replace(TrieObject *t, PyObject *args)
{
    PyObject *text, *protect, *regions;
    Py_ssize_t lo, hi, last_end = -1;
    Replace rc;
    rc.recase = Py_None;
    if (!PyArg_ParseTuple(args, "UnnOOO!OO|O:replace", &text, &lo, &hi, &protect, &regions, &PyList_Type, &rc.reps,
                          &rc.fill, &rc.transfer, &rc.recase))
        return NULL;
    if (PyList_GET_SIZE(rc.reps) != (Py_ssize_t)t->n_patterns) {
        PyErr_SetString(PyExc_ValueError, "one replacement slot per pattern");
        return NULL;
    }
    if (lo < 0 || hi < 0) {
        PyErr_SetString(PyExc_ValueError, "lo and hi must not be negative");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (hi > n)
        hi = n;
    if (lo > hi)
        lo = hi;
    rc.pos = lo;
    rc.pieces = PyList_New(0);
    if (rc.pieces == NULL)
        return NULL;
    PyObject *pieces = dispatch(t, text, lo, hi, protect, regions, &rc, &last_end);
    Py_DECREF(rc.pieces);
    if (pieces == NULL)
        return NULL;
    Py_ssize_t stop = last_end > hi ? last_end : hi;
    PyObject *result = NULL;
    if (add_piece(pieces, text, rc.pos, stop) == 0) {
        PyObject *empty = PyUnicode_New(0, 0);
        if (empty != NULL) {
            PyObject *joined = PyUnicode_Join(empty, pieces);
            Py_DECREF(empty);
            if (joined != NULL) {
                result = Py_BuildValue("Nn", joined, stop);
            }
        }
    }
    Py_DECREF(pieces);
    return result;
}

static PyObject *
Trie_blob(TrieObject *t, void *closure)
{
    Py_INCREF(t->blob);
    return t->blob;
}

static PyObject *
Trie_nodes(TrieObject *t, void *closure)
{
    return PyLong_FromUnsignedLong(t->n_nodes);
}

static PyObject *
Trie_patterns(TrieObject *t, void *closure)
{
    return PyLong_FromUnsignedLong(t->n_patterns);
}

static PyObject *
Trie_reach(TrieObject *t, void *closure)
{
    return PyLong_FromUnsignedLongLong(t->reach);
}

static PyObject *
Trie_flags(TrieObject *t, void *closure)
{
    return PyBytes_FromStringAndSize((const char *)t->pflags, t->n_patterns);
}

/* An int32 buffer (offsets of a string table): its items, or NULL with an error set. */
static int
int32_buffer(PyObject *obj, Py_buffer *b, Py_ssize_t *n)
{
    if (PyObject_GetBuffer(obj, b, PyBUF_SIMPLE) < 0)
        return -1;
    if (b->len % 4 || ((uintptr_t)b->buf & 3)) {
        PyBuffer_Release(b);
        PyErr_SetString(PyExc_ValueError, "not an aligned int32 buffer");
        return -1;
    }
    *n = b->len / 4;
    return 0;
}

/* Trie.has_patterns(strings, offsets): is pattern k, string k of the table (strings[offsets[k]:
 * offsets[k + 1] - 1]), exactly the path to the node that ends pattern k, for every k? With the
 * shape check of attach this makes the trie the one build() makes of the table's patterns.
 * The offsets must be valid (check_entry). */
static PyObject *
Trie_has_patterns(TrieObject *t, PyObject *args)
{
    PyObject *strings, *offsets_obj;
    if (!PyArg_ParseTuple(args, "UO:has_patterns", &strings, &offsets_obj))
        return NULL;
    Py_buffer ob;
    Py_ssize_t n_off;
    if (int32_buffer(offsets_obj, &ob, &n_off) < 0)
        return NULL;
    const int32_t *off = ob.buf;
    Py_ssize_t len = PyUnicode_GET_LENGTH(strings);
    int kind = PyUnicode_KIND(strings);
    const void *data = PyUnicode_DATA(strings);
    int ok = n_off > (Py_ssize_t)t->n_patterns;
    /* path[d]: the node after the first d characters of the previous pattern; a pattern's walk
     * starts after its common prefix with the previous one (sorted tables share long ones) */
    int64_t *path = PyMem_Malloc(((size_t)len + 1) * sizeof(int64_t));
    if (path == NULL) {
        PyBuffer_Release(&ob);
        return PyErr_NoMemory();
    }
    path[0] = 0;
    int32_t pa = 0, pb = 0; /* the previous pattern: strings[pa:pb] */
    for (uint32_t k = 0; ok && k < t->n_patterns; k++) {
        int32_t a = off[k], b = off[k + 1] - 1;
        if (a < 0 || b < a || b >= len) {
            ok = 0;
            break;
        }
        int32_t d = 0;
        while (d < b - a && d < pb - pa && PyUnicode_READ(kind, data, a + d) == PyUnicode_READ(kind, data, pa + d))
            d++;
        int64_t node = path[d];
        for (int32_t i = a + d; i < b && node >= 0; i++)
            node = path[i - a + 1] = child(t, (uint32_t)node, PyUnicode_READ(kind, data, i));
        ok = node > 0 && t->nodes[node].term == (int32_t)k;
        pa = a;
        pb = b;
    }
    PyMem_Free(path);
    PyBuffer_Release(&ob);
    return PyBool_FromLong(ok);
}

static PyMethodDef Trie_methods[] = {
    {"build", (PyCFunction)Trie_build, METH_VARARGS | METH_CLASS,
     "build(patterns, flags, fold, gap_max): compile sorted distinct patterns"},
    {"load", (PyCFunction)Trie_load, METH_VARARGS | METH_CLASS, "load(blob, fold): a trie from its bytes"},
    {"find", (PyCFunction)Trie_find, METH_VARARGS, "find(text, lo, hi, protect, regions) -> matches"},
    {"has_patterns", (PyCFunction)Trie_has_patterns, METH_VARARGS,
     "has_patterns(strings, offsets): pattern k of the string table ends at the node of pattern k"},
    {"replace", (PyCFunction)Trie_replace, METH_VARARGS,
     "replace(text, lo, hi, protect, regions, reps, fill, transfer[, recase]) -> (rewritten text[lo:stop], stop)"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Trie_getset[] = {
    {"blob", (getter)Trie_blob, NULL, "the compiled trie as bytes", NULL},
    {"nodes", (getter)Trie_nodes, NULL, "number of nodes", NULL},
    {"patterns", (getter)Trie_patterns, NULL, "number of patterns", NULL},
    {"reach", (getter)Trie_reach, NULL, "longest text one match can span (a space counts gap_max)", NULL},
    {"flags", (getter)Trie_flags, NULL, "the flag byte of each pattern", NULL},
    {NULL},
};

static PyTypeObject TrieType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "normalize._trie.Trie",
    .tp_basicsize = sizeof(TrieObject),
    .tp_dealloc = (destructor)Trie_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A compiled surface trie (immutable).",
    .tp_methods = Trie_methods,
    .tp_getset = Trie_getset,
};

/* ------------------------------------------------------------------------------ module */

static PyObject *
set_word_function(PyObject *mod, PyObject *fn)
{
    if (!PyCallable_Check(fn)) {
        PyErr_SetString(PyExc_TypeError, "a callable");
        return NULL;
    }
    Py_XINCREF(fn);
    Py_XSETREF(word_function, fn);
    memset(word_cache, 0, sizeof word_cache);
    Py_RETURN_NONE;
}

static PyObject *
steps(PyObject *mod, PyObject *unused)
{
    return PyLong_FromUnsignedLongLong(total_steps);
}

/* in_range(buffer of int32, lo, hi): every value in [lo, hi)? (checks cached index arrays) */
static PyObject *
in_range(PyObject *mod, PyObject *args)
{
    Py_buffer b;
    long long lo, hi;
    if (!PyArg_ParseTuple(args, "y*LL:in_range", &b, &lo, &hi))
        return NULL;
    int ok = b.len % 4 == 0;
    const unsigned char *raw = b.buf;
    for (Py_ssize_t i = 0; ok && i < b.len; i += 4) {
        int32_t v;
        memcpy(&v, raw + i, 4);
        ok = v >= lo && v < hi;
    }
    PyBuffer_Release(&b);
    return PyBool_FromLong(ok);
}

/* check_entry(strings, offsets, rules, rule_of, flags, fields) -> bool: the matcher's sections
 * of a cache entry hold together (normalize.engine.trie.check_entry is the same in Python):
 * offsets start at 0, rise strictly, and each string ends in the NUL at offsets[i + 1] - 1,
 * with no other NUL (the table is exactly the NUL-terminated strings); rule_of has one rule
 * per pattern in range; each rule is `fields` string ids in range, the last its block field
 * (0 or 1), and a rule that rewrites has a non-empty replacement; flags has one byte per
 * pattern, only FLAG_BLOCK | FLAG_MULTI, FLAG_BLOCK as its rule says, FLAG_MULTI exactly when
 * the pattern holds a space; patterns are non-empty and neither begin nor end with whitespace. */
static PyObject *
check_entry(PyObject *mod, PyObject *args)
{
    PyObject *strings, *off_obj, *rules_obj, *rule_of_obj;
    Py_buffer fb, ob, rb, pb;
    int fields;
    if (!PyArg_ParseTuple(args, "UOOOy*i:check_entry", &strings, &off_obj, &rules_obj, &rule_of_obj, &fb, &fields))
        return NULL;
    Py_ssize_t n_off, n_rules, count;
    if (int32_buffer(off_obj, &ob, &n_off) < 0) {
        PyBuffer_Release(&fb);
        return NULL;
    }
    if (int32_buffer(rules_obj, &rb, &n_rules) < 0) {
        PyBuffer_Release(&fb);
        PyBuffer_Release(&ob);
        return NULL;
    }
    if (int32_buffer(rule_of_obj, &pb, &count) < 0) {
        PyBuffer_Release(&fb);
        PyBuffer_Release(&ob);
        PyBuffer_Release(&rb);
        return NULL;
    }
    const int32_t *off = ob.buf, *rules = rb.buf, *rule_of = pb.buf;
    const uint8_t *flags = fb.buf;
    Py_ssize_t len = PyUnicode_GET_LENGTH(strings);
    int kind = PyUnicode_KIND(strings);
    const void *data = PyUnicode_DATA(strings);
    Py_ssize_t n_str = n_off - 1;
    int ok = fields >= 1 && n_off >= 1 && off[0] == 0 && off[n_off - 1] == len && fb.len == count &&
             n_rules % fields == 0 && n_str >= count;
    Py_ssize_t nuls = 0;
    for (Py_ssize_t i = 0; ok && i < len; i++)
        nuls += PyUnicode_READ(kind, data, i) == 0;
    ok = ok && nuls == n_str;
    for (Py_ssize_t i = 0; ok && i < n_str; i++)
        ok = off[i + 1] > off[i] && off[i + 1] <= len && PyUnicode_READ(kind, data, off[i + 1] - 1) == 0;
    for (Py_ssize_t r = 0; ok && r < n_rules; r += fields) {
        for (int f = 0; ok && f < fields - 1; f++)
            ok = rules[r + f] >= 0 && rules[r + f] < n_str;
        int32_t block = rules[r + fields - 1];
        ok = ok && (block == 0 || block == 1) && (block || off[rules[r] + 1] - off[rules[r]] > 1);
    }
    for (Py_ssize_t k = 0; ok && k < count; k++) {
        int32_t r = rule_of[k];
        uint8_t fl = flags[k];
        ok = r >= 0 && r < n_rules / fields && fl <= (FLAG_BLOCK | FLAG_MULTI) &&
             !(fl & FLAG_BLOCK) == !rules[(Py_ssize_t)r * fields + fields - 1];
        Py_ssize_t a = off[k], b = off[k + 1] - 1; /* pattern k is strings[a:b] */
        ok = ok && b > a && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)) &&
             !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1));
        int space = 0;
        for (Py_ssize_t i = a; ok && i < b && !space; i++)
            space = PyUnicode_READ(kind, data, i) == ' ';
        ok = ok && !(fl & FLAG_MULTI) == !space;
    }
    PyBuffer_Release(&fb);
    PyBuffer_Release(&ob);
    PyBuffer_Release(&rb);
    PyBuffer_Release(&pb);
    return PyBool_FromLong(ok);
}

/* A JSON string as json.dumps writes it: quotes, no control characters, simple escapes. */
static const unsigned char *
json_string(const unsigned char *p, const unsigned char *end)
{
    if (p >= end || *p++ != '"')
        return NULL;
    while (p < end) {
        unsigned char c = *p++;
        if (c == '"')
            return p;
        if (c < 0x20)
            return NULL;
        if (c == '\\') {
            if (p >= end)
                return NULL;
            c = *p++;
            if (c == 'u') {
                for (int i = 0; i < 4; i++, p++)
                    if (p >= end || !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
                        return NULL;
            }
            else if (!strchr("\"\\/bfnrt", c) || c == 0)
                return NULL;
        }
    }
    return NULL;
}

/* check_dropped(buffer) -> bool: exactly a compact JSON list of [str, str, str] lists (what
 * Matcher.to_parts writes), so parsing it later cannot fail, nest deeply or give other types. */
static PyObject *
check_dropped(PyObject *mod, PyObject *args)
{
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*:check_dropped", &b))
        return NULL;
    const unsigned char *p = b.buf, *end = p + b.len;
    int ok = p < end && *p++ == '[';
    if (ok && p < end && *p == ']')
        p++;
    else
        for (;;) {
            ok = ok && p < end && *p++ == '[';
            for (int i = 0; ok && i < 3; i++) {
                ok = (p = json_string(p, end)) != NULL && p < end && *p++ == (i < 2 ? ',' : ']');
            }
            if (!ok || p >= end || *p != ',') {
                ok = ok && p < end && *p++ == ']';
                break;
            }
            p++;
        }
    ok = ok && p == end;
    PyBuffer_Release(&b);
    return PyBool_FromLong(ok);
}

static PyMethodDef module_methods[] = {
    {"check_dropped", check_dropped, METH_VARARGS, "check_dropped(buffer): a compact JSON list of [str, str, str]"},
    {"check_entry", check_entry, METH_VARARGS,
     "check_entry(strings, offsets, rules, rule_of, flags, fields): the matcher's sections hold together"},
    {"in_range", in_range, METH_VARARGS, "in_range(int32 buffer, lo, hi): every value in [lo, hi)"},
    {"set_word_function", set_word_function, METH_O, "the is_word_char used for non-ASCII non-alnum"},
    {"steps", steps, METH_NOARGS, "characters stepped through by every walk so far (for tests)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "normalize._trie", "The compiled matching core.", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__trie(void)
{
    for (int c = 0; c < 128; c++)
        ascii_word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (PyType_Ready(&TrieType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&TrieType);
    if (PyModule_AddObject(m, "Trie", (PyObject *)&TrieType) < 0 ||
        PyModule_AddIntConstant(m, "FLAG_BLOCK", FLAG_BLOCK) < 0 ||
        PyModule_AddIntConstant(m, "FLAG_MULTI", FLAG_MULTI) < 0) {
        Py_DECREF(&TrieType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
