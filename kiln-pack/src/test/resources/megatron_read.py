"""Reads a Megatron-LM indexed dataset the way megatron/core/datasets/indexed_dataset.py does
(_IndexReader: header, version, dtype code, counts, then int32 lengths, int64 pointers, int64
document indices; tokens from .bin at each pointer), with struct instead of numpy, and prints
JSON: dtype code, lengths, pointers, document indices and every sequence's tokens."""
import json
import struct
import sys

_INDEX_HEADER = b"MMIDIDX\x00\x00"
_FORMATS = {1: ("B", 1), 2: ("b", 1), 3: ("h", 2), 4: ("i", 4), 5: ("q", 8), 6: ("d", 8), 7: ("f", 4), 8: ("H", 2)}

prefix = sys.argv[1]
with open(prefix + ".idx", "rb") as f:
    idx = f.read()
assert idx[:9] == _INDEX_HEADER, "bad header"
(version,) = struct.unpack_from("<Q", idx, 9)
assert version == 1, "bad version"
(code,) = struct.unpack_from("<B", idx, 17)
(sequence_count,) = struct.unpack_from("<Q", idx, 18)
(document_count,) = struct.unpack_from("<Q", idx, 26)
offset = 34
lengths = list(struct.unpack_from("<%di" % sequence_count, idx, offset))
offset += 4 * sequence_count
pointers = list(struct.unpack_from("<%dq" % sequence_count, idx, offset))
offset += 8 * sequence_count
documents = list(struct.unpack_from("<%dq" % document_count, idx, offset))
offset += 8 * document_count
assert offset == len(idx), "trailing bytes in index"
fmt, size = _FORMATS[code]
with open(prefix + ".bin", "rb") as f:
    data = f.read()
sequences = [list(struct.unpack_from("<%d%s" % (n, fmt), data, p)) for n, p in zip(lengths, pointers)]
assert sum(lengths) * size == len(data), "bin size does not match the index"
print(json.dumps({"dtype": code, "lengths": lengths, "pointers": pointers, "documents": documents, "sequences": sequences}))
