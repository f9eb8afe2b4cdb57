#!/usr/bin/env python3
"""Fails when two files (or two top-level folders) of src/ import each other (issue 16).

Follows `use` paths, qualified paths and re-exports: a path through a module's
`pub use child::Item` counts as an import of the child that defines the item, so a
child reaching a sibling through its parent is not a cycle. Test modules are left out.
A heuristic reader of Rust paths, not a compiler: it reads `crate::`, `super::`,
`self::` and, in a `mod.rs`, paths into its own child modules."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)[:-3].split(os.sep)
            if rel[-1] in ('mod', 'lib'): rel = rel[:-1]
            files[tuple(rel)] = p
def target_of(parts):
    for k in range(len(parts), -1, -1):
        if tuple(parts[:k]) in files: return tuple(parts[:k])
def normalize(parts):
    out = []
    for x in parts:
        if x == 'super': out = out[:-1]
        elif x == 'self': pass
        else: out.append(x)
    return out
# Items a module re-exports from a child or another module: `pub use child::Item`.
reexports = {}
for mod, p in files.items():
    src = open(p).read()
    for m in re.finditer(r'pub(?:\([^)]*\))?\s+use\s+([\w:]+?)::(\{[^}]*\}|\w+)(?:\s+as\s+(\w+))?;', src):
        base = m.group(1).split('::')
        items = re.findall(r'\w+(?:\s+as\s+\w+)?', m.group(2).strip('{}'))
        for it in items:
            name, _, alias = it.partition(' as ')
            alias = (alias or name).strip()
            if base[0] == 'crate': full = normalize(base[1:] + [name.strip()])
            elif base[0] in ('super', 'self'): full = normalize(list(mod) + base + [name.strip()])
            else: full = list(mod) + base + [name.strip()]
            reexports[(mod, alias)] = full
def through_reexports(full):
    for _ in range(5):
        t = target_of(full)
        if t is None or len(full) <= len(t): return t
        nxt = reexports.get((t, full[len(t)]))
        if nxt is None: return t
        full = nxt + full[len(t) + 1:]
    return target_of(full)
edges = set()
PATH = r'(?:crate|super|self|\w+)(?:::(?:\w+|\{[^{}]*\}))+'
for mod, p in files.items():
    src = open(p).read()
    i = src.find('#[cfg(test)]\nmod ')
    if i >= 0: src = src[:i]
    src = re.sub(r'//.*', '', src)
    for m in re.finditer(PATH, src):
        text = m.group(0)
        head, _, brace = text.partition('::{')
        heads = [head]
        if brace:
            heads = [head + '::' + it for it in re.findall(r'\w+(?:::\w+)*', brace)]
        for h in heads:
            parts = h.split('::')
            if parts[0] == 'crate': full = normalize(parts[1:])
            elif parts[0] in ('super', 'self'): full = normalize(list(mod) + parts)
            elif (*mod, parts[0]) in files and (p.endswith('mod.rs') or p.endswith('lib.rs')): full = list(mod) + parts
            else: continue
            t = through_reexports(full)
            if t is not None and t != mod: edges.add((mod, t))
adj = {}
for a, b in edges: adj.setdefault(a, set()).add(b)
def reaches(a, b):
    seen, stack = set(), [a]
    while stack:
        x = stack.pop()
        if x == b: return True
        if x in seen: continue
        seen.add(x); stack.extend(adj.get(x, ()))
    return False
pairs = sorted({tuple(sorted((a, b))) for a, b in edges if reaches(b, a)})
print('file pairs in an import cycle:', len(pairs))
for a, b in pairs: print('  ', '::'.join(a) or 'lib', '<->', '::'.join(b) or 'lib')
tops = {(a[:1], b[:1]) for a, b in edges if a[:1] != b[:1] and a and b}
tadj = {}
for a, b in tops: tadj.setdefault(a, set()).add(b)
adj = tadj
tp = sorted({tuple(sorted((a, b))) for a, b in tops if reaches(b, a)})
print('folder pairs in an import cycle:', len(tp))
for a, b in tp: print('  ', a[0], '<->', b[0])
sys.exit(1 if pairs or tp else 0)
