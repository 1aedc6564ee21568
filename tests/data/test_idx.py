import gzip

import numpy as np
import pytest

from minigrad.data import IDXError, read_idx
from minigrad.data.idx import decompress, parse_idx
from tests.reference.idx import idx_bytes, write_idx


@pytest.mark.parametrize("dtype", ["u1", "i1", ">i2", ">i4", ">f4", ">f8"])
def test_parse_idx_decodes_every_type_code_to_native_byte_order(dtype, rng):
    array = (rng.normal(size=(3, 4, 2)) * 50).astype(dtype)
    parsed = parse_idx(idx_bytes(array))
    assert parsed.dtype == array.dtype.newbyteorder("=")
    assert parsed.dtype.isnative and parsed.flags.writeable
    np.testing.assert_array_equal(parsed, array)


@pytest.mark.parametrize("gz", [True, False])
def test_read_idx_reads_gzipped_and_raw_files(tmp_path, rng, gz):
    array = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    write_idx(tmp_path / "images", array, gz=gz)
    np.testing.assert_array_equal(read_idx(tmp_path / "images"), array)


@pytest.mark.parametrize("content, match", [
    (b"\x00\x00", "too short to be an IDX file"),
    (b"\x01\x00\x08\x01\x00\x00\x00\x01\x05", "bad magic number 0x01000801"),
    (b"\x00\x00\x07\x01\x00\x00\x00\x01\x05", "unknown IDX type code 0x07"),
    (b"\x00\x00\x08\x00", "the magic number 0x00000800 declares 0 dimensions"),
    (b"\x00\x00\x08\x02\x00\x00\x00\x01", "truncated header: 2 dimensions need 12 bytes"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x03\x05\x06",
     r"file is truncated: dimensions \[3\] of uint8 need 11 bytes, found 10"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x01\x05\x06", "file is longer than its header says"),
    # (2**31, 2**31, 4) int32s: 2**66 bytes, which an int64 product wrapped to 0.
    (b"\x00\x00\x0c\x03\x80\x00\x00\x00\x80\x00\x00\x00\x00\x00\x00\x04",
     r"file is truncated: dimensions \[2147483648, 2147483648, 4\] of int32 need "
     r"73786976294838206480 bytes, found 16"),
    # Zero elements, but 2**32-1 squared elements per row: past NumPy's limit.
    (b"\x00\x00\x08\x03\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00",
     r"dimensions \[4294967295, 4294967295, 0\] cannot make an array"),
    (b"\x00\x00\x08\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00",
     r"file is truncated: dimensions \[65536, 65536, 65536\] of uint8 need 281474976710672"),
])
def test_parse_idx_rejects_malformed_content_naming_the_file(content, match):
    with pytest.raises(IDXError, match="labels.idx: " + match):
        parse_idx(content, "labels.idx")


def test_read_idx_reports_a_truncated_gzip_file_by_name(tmp_path):
    data = gzip.compress(idx_bytes(np.zeros((10, 28, 28), np.uint8)))
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IDXError, match=r"images-idx3-ubyte\.gz: the gzip stream is truncated"):
        read_idx(path)


def test_read_idx_reports_corrupted_gzip_data_by_name(tmp_path):
    data = bytearray(gzip.compress(idx_bytes(np.arange(200, dtype=np.uint8))))
    data[20:30] = b"\xff" * 10
    path = tmp_path / "labels.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(IDXError, match=r"labels\.gz: the gzip data is corrupted"):
        read_idx(path)


def test_idx_error_is_a_value_error():
    assert issubclass(IDXError, ValueError)


def test_read_idx_refuses_a_gzip_file_that_inflates_far_beyond_its_size_unless_allowed(tmp_path):
    # 64 MiB of zeros gzip to 64 KiB; inflating stops at the limit.
    content = idx_bytes(np.zeros(2**26, np.uint8))
    path = tmp_path / "bomb-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(content, compresslevel=9))
    assert path.stat().st_size < 2**17
    with pytest.raises(IDXError, match=r"bomb-idx1-ubyte\.gz: the gzip data inflates to more "
                                       r"than \d+ bytes from \d+; pass max_bytes"):
        read_idx(path)
    assert read_idx(path, max_bytes=len(content)).shape == (2**26,)
    with pytest.raises(IDXError, match="inflates to more than 1000 bytes"):
        read_idx(path, max_bytes=1000)


def test_decompress_reads_concatenated_gzip_members_as_gzip_does():
    raw = gzip.compress(b"abc") + gzip.compress(b"def") + b"\0" * 4
    assert decompress(raw) == gzip.decompress(raw) == b"abcdef"
    assert decompress(b"plain") == b"plain"
