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
        PyObject *r = PyObject_CallOneArg(word_function, ch);
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

/* Trie.load(blob, fold) */
static PyObject *
Trie_load(PyObject *cls, PyObject *args)
{
    PyObject *blob, *fold_chars;
    if (!PyArg_ParseTuple(args, "SU:load", &blob, &fold_chars))
        return NULL;
    return new_trie(blob, fold_chars);
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
    uint64_t chars = 0;
    Py_ssize_t longest = 0;
    for (Py_ssize_t k = 0; k < np; k++) {
        PyObject *p = PyList_GET_ITEM(patterns, k);
        if (!PyUnicode_Check(p) || PyUnicode_GET_LENGTH(p) == 0) {
            PyErr_SetString(PyExc_ValueError, "patterns must be non-empty strings");
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
    PyObject *rep = PyList_GET_ITEM(rc->reps, pid);
    if (rep == Py_None) {
        rep = str_result(PyObject_CallFunction(rc->fill, "i", (int)pid), "fill");
        if (rep == NULL)
            return -1;
        PyList_SetItem(rc->reps, pid, rep); /* steals */
    }
    Py_INCREF(rep);
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
    return dispatch(t, text, lo, hi, protect, regions, NULL, &last_end);
}

/* Trie.replace(text, lo, hi, protect, regions, reps, fill, transfer) -> (rewritten, stop)
 *
 * The same matches as find(), applied: text[lo:stop] with each replaced (matches already in
 * canonical form left as they are), where stop is hi or the end of the last rewrite past it.
 * reps[pid] caches fill(pid); transfer(found, replacement) keeps a multi-word match's
 * whitespace when its gaps were not single spaces. */
static PyObject *
Trie_replace(TrieObject *t, PyObject *args)
{
    PyObject *text, *protect, *regions;
    Py_ssize_t lo, hi, last_end = -1;
    Replace rc;
    if (!PyArg_ParseTuple(args, "UnnOOO!OO:replace", &text, &lo, &hi, &protect, &regions, &PyList_Type, &rc.reps,
                          &rc.fill, &rc.transfer))
        return NULL;
    if (PyList_GET_SIZE(rc.reps) != (Py_ssize_t)t->n_patterns) {
        PyErr_SetString(PyExc_ValueError, "one replacement slot per pattern");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (lo < 0)
        lo = 0;
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

static PyMethodDef Trie_methods[] = {
    {"build", (PyCFunction)Trie_build, METH_VARARGS | METH_CLASS,
     "build(patterns, flags, fold, gap_max): compile sorted distinct patterns"},
    {"load", (PyCFunction)Trie_load, METH_VARARGS | METH_CLASS, "load(blob, fold): a trie from its bytes"},
    {"find", (PyCFunction)Trie_find, METH_VARARGS, "find(text, lo, hi, protect, regions) -> matches"},
    {"replace", (PyCFunction)Trie_replace, METH_VARARGS,
     "replace(text, lo, hi, protect, regions, reps, fill, transfer) -> (rewritten text[lo:stop], stop)"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Trie_getset[] = {
    {"blob", (getter)Trie_blob, NULL, "the compiled trie as bytes", NULL},
    {"nodes", (getter)Trie_nodes, NULL, "number of nodes", NULL},
    {"patterns", (getter)Trie_patterns, NULL, "number of patterns", NULL},
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

static PyMethodDef module_methods[] = {
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
