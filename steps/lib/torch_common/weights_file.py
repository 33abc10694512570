"""weights.bin: every tensor as little-endian float32, concatenated; config.json holds the index
({name, shape, offset} with offset in elements), the layout of steps/ml/io/tensor-file.ts."""
import numpy as np
import torch


def write_weights(path, named_tensors):
    """Writes the tensors in order; returns the index entries."""
    entries, offset = [], 0
    with open(path, "wb") as handle:
        for name, tensor in named_tensors:
            values = tensor.detach().to("cpu", torch.float32).contiguous().numpy().astype("<f4")
            handle.write(values.tobytes())
            entries.append({"name": name, "shape": list(tensor.shape), "offset": offset})
            offset += values.size
    return entries


def read_weights(path, entries):
    """{name: float32 tensor}; checks the file holds what the index says."""
    values = np.fromfile(path, dtype="<f4")
    tensors = {}
    for entry in entries:
        size = int(np.prod(entry["shape"])) if entry["shape"] else 1
        if entry["offset"] + size > values.size:
            raise ValueError(f"{path}: tensor {entry['name']} (offset {entry['offset']}, {size} values) runs past the end ({values.size} values)")
        chunk = values[entry["offset"] : entry["offset"] + size].astype(np.float32)
        tensors[entry["name"]] = torch.from_numpy(chunk.copy()).reshape(entry["shape"])
    return tensors
