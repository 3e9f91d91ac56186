#!/usr/bin/env python3
"""Writes a JSON Lines corpus of COUNT reviews from DIR, each compact or flattened-indented and then
broken at random (bytes deleted, inserted or replaced, a member repeated, the document cut), plus deeply
nested documents around the depth limit. Seeded, so a corpus can be made again.

For comparing two builds of the reader: both must print the same replay output, errors and their line
and column included, e.g.

    python3 bench/make-mutated-corpus.py examples/reviews 5000 SEED > /tmp/mutated.jsonl
    for bin in OLD NEW; do $bin replay /tmp/mutated.jsonl --output json --policies policies 2>&1 | md5sum; done
"""
import json, pathlib, random, sys

directory, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
documents = []
for path in sorted(pathlib.Path(directory).rglob("*.json")):
    review = json.loads(path.read_text())
    documents.append(json.dumps(review, separators=(",", ":")).encode())
    documents.append(json.dumps(review, indent=1).replace("\n", " ").encode())
if not documents:
    sys.exit(f"no reviews under {directory}")
# What goes in: structure, escapes (valid, lone surrogates), UTF-8 (valid, overlong, surrogate,
# above U+10FFFF, truncated), control characters, literals and members.
pieces = [b"{", b"}", b"[", b"]", b":", b",", b'"', b"\\", b" ", b"\t", b"0", b"-", b"e", b".", b"1",
          b"\\u", b"\\ud800", b"\\udc00", b"\\u00e9", b"\xc3", b"\xa9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
          b"\xe0\x80\x80", b"\x01", b"\x7f", b"true", b"false", b"null", b'"a":1,', b'"kind":"x",', b"{}", b"[]",
          b'""', b'\\"']


def mutate(document):
    data = bytearray(document)
    for _ in range(random.choice([1, 1, 1, 2, 3, 5])):
        choice = random.random()
        at = random.randrange(len(data) + 1)
        if choice < 0.3 and len(data) > 1:
            del data[min(at, len(data) - 1)]
        elif choice < 0.6:
            data[at:at] = random.choice(pieces)
        elif choice < 0.8 and len(data) > 1:
            data[min(at, len(data) - 1)] = random.choice(pieces)[0]
        elif choice < 0.9:
            # Repeat a member: the first member of some object copied to the object's start.
            opens = [i for i in range(len(data)) if data[i] == ord("{")]
            if opens:
                start = random.choice(opens)
                name = data.find(b'"', start)
                comma = data.find(b",", name)
                if name > 0 and comma > name and comma - name < 200:
                    data[start + 1:start + 1] = data[name:comma + 1]
        else:
            data = data[:at]
    return bytes(data).replace(b"\n", b" ")


out = sys.stdout.buffer
for _ in range(count):
    out.write(mutate(random.choice(documents)) + b"\n")
for depth in (1, 10, 511, 512, 513, 1000):
    out.write(b"[" * depth + b"]" * depth + b"\n")
    out.write(b'{"a":' * depth + b"1" + b"}" * depth + b"\n")
