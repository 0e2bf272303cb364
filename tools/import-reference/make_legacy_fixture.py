#!/usr/bin/env python3
"""Legacy-format copy of the reference fixture (tests/OfaExp.Nn.Tests/LegacyCheckpointTests.cs).

OFA's released supernets (2019-2020) were written by torch.save before PyTorch 1.6, in the legacy format (a
sequence of pickles followed by raw storages), not the zip format make_fixture.py writes. This loads
ofa_mbv3_tiny.pth and saves the same object with _use_new_zipfile_serialization=False as ofa_mbv3_tiny_legacy.pth,
so the test can check that both formats give identical tensors and logits. The reference code is not needed: the
tensors are the ones make_fixture.py computed with it.

How to run (Debian: apt-get install python3-torch)
  /usr/bin/python3 -B tools/import-reference/make_legacy_fixture.py tests/OfaExp.Nn.Tests/Fixtures/ofa-reference

Written with Debian's python3-torch 1.13.1+dfsg-4 (torch.__version__ '1.13.0a0'). The storage keys in the file are
Python object ids, so two runs differ in those bytes only.
"""

import os
import sys

import torch


def main(directory):
    checkpoint = torch.load(os.path.join(directory, "ofa_mbv3_tiny.pth"), map_location="cpu")
    out = os.path.join(directory, "ofa_mbv3_tiny_legacy.pth")
    torch.save(checkpoint, out, _use_new_zipfile_serialization=False)
    # The file must round-trip before it is committed as a fixture.
    again = torch.load(out, map_location="cpu")
    for key, value in checkpoint["state_dict"].items():
        assert torch.equal(value, again["state_dict"][key]), key
    print(f"{out}: {os.path.getsize(out)} bytes, {len(checkpoint['state_dict'])} tensors")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_legacy_fixture.py FIXTURE_DIR")
    main(sys.argv[1])
