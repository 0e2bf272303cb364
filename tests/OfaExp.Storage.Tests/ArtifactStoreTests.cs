using System.Security.Cryptography;
using OfaExp.Core.Errors;

namespace OfaExp.Storage.Tests;

public sealed class ArtifactStoreTests : IDisposable
{
    private static readonly byte[] Payload = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();

    private readonly TempDirectory _dir = new();
    private readonly ArtifactStore _artifacts;

    public ArtifactStoreTests() => _artifacts = new ArtifactStore(_dir.File("store"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Put_names_the_file_by_its_sha256_under_a_two_character_fan_out()
    {
        var sha = _artifacts.Put(Payload);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Payload)), sha);
        Assert.Equal($"{sha[..2]}/{sha}", ArtifactStore.RelativePathOf(sha));
        Assert.Equal(Path.Combine(_dir.Path, "store", sha[..2], sha), _artifacts.PathOf(sha));
        Assert.Equal(Payload, File.ReadAllBytes(_artifacts.PathOf(sha)));
    }

    [Fact]
    public void Putting_the_same_bytes_twice_keeps_one_file_and_no_temporaries()
    {
        var first = _artifacts.Put(Payload);
        var second = _artifacts.Put([.. Payload]);

        Assert.Equal(first, second);
        Assert.Equal([_artifacts.PathOf(first)], Directory.GetFiles(_artifacts.Root, "*", SearchOption.AllDirectories));
        Assert.Equal(Payload, _artifacts.ReadVerified(first));
    }

    [Fact]
    public void Import_hard_links_a_blob_from_a_store_on_the_same_file_system()
    {
        var source = new ArtifactStore(_dir.File("other"));
        var sha = source.Put(Payload);

        Assert.True(_artifacts.Import(source, sha));
        Assert.Equal(Payload, _artifacts.ReadVerified(sha));
        Assert.True(SameFile(source.PathOf(sha), _artifacts.PathOf(sha)));
        Assert.Equal([_artifacts.PathOf(sha)], Directory.GetFiles(_artifacts.Root, "*", SearchOption.AllDirectories));

        // An intact blob already there is kept as it is.
        Assert.False(_artifacts.Import(source, sha));
    }

    [Fact]
    public void Import_copies_when_links_are_off_or_the_stores_are_on_different_file_systems()
    {
        var source = new ArtifactStore(_dir.File("other"));
        var sha = source.Put(Payload);
        Assert.False(_artifacts.Import(source, sha, link: false));
        Assert.False(SameFile(source.PathOf(sha), _artifacts.PathOf(sha)));
        Assert.Equal(Payload, _artifacts.ReadVerified(sha));

        // /dev/shm is a tmpfs, another file system than the temp directory's on most machines: link(2) fails there
        // with EXDEV and the blob is copied; where it is the same file system, it is linked. Either way it arrives.
        if (Directory.Exists("/dev/shm"))
        {
            using var shm = new ShmDirectory();
            var elsewhere = new ArtifactStore(shm.Path);
            var other = elsewhere.Put([.. Payload.Reverse()]);
            var linked = _artifacts.Import(elsewhere, other);
            Assert.Equal(linked, SameFile(elsewhere.PathOf(other), _artifacts.PathOf(other)));
            Assert.Equal(Payload.Reverse(), _artifacts.ReadVerified(other));
        }
    }

    [Fact]
    public void Import_of_a_corrupt_blob_is_refused_and_writes_nothing()
    {
        var source = new ArtifactStore(_dir.File("other"));
        var sha = source.Put(Payload);
        var bytes = File.ReadAllBytes(source.PathOf(sha));
        bytes[10] ^= 1;
        File.WriteAllBytes(source.PathOf(sha), bytes);

        var e = Assert.Throws<OfaExpException>(() => _artifacts.Import(source, sha));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_artifacts.Root) && Directory.EnumerateFiles(_artifacts.Root, "*", SearchOption.AllDirectories).Any());
    }

    // Two names of one file: a byte written through one is read through the other.
    private static bool SameFile(string a, string b)
    {
        var before = File.ReadAllBytes(b);
        using (var stream = new FileStream(a, FileMode.Open, FileAccess.ReadWrite))
        {
            var first = stream.ReadByte();
            stream.Position = 0;
            stream.WriteByte((byte)(first ^ 0xFF));
        }

        var changed = !File.ReadAllBytes(b).AsSpan().SequenceEqual(before);
        using (var stream = new FileStream(a, FileMode.Open, FileAccess.ReadWrite))
        {
            var flipped = stream.ReadByte();
            stream.Position = 0;
            stream.WriteByte((byte)(flipped ^ 0xFF));
        }

        return changed;
    }

    private sealed class ShmDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine("/dev/shm", "ofaexp-storage-tests-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }

    [Fact]
    public void A_flipped_byte_is_reported_as_corruption_naming_file_and_both_hashes()
    {
        var sha = _artifacts.Put(Payload);
        var path = _artifacts.PathOf(sha);
        var damaged = File.ReadAllBytes(path);
        damaged[100] ^= 0x01;
        File.WriteAllBytes(path, damaged);

        var error = Assert.Throws<OfaExpException>(() => _artifacts.ReadVerified(sha));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(path, error.Message);
        Assert.Contains(sha, error.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(damaged)), error.Message);
        Assert.Contains("corrupt", error.Message);
        Assert.Contains("Delete the file and re-run", error.Message);
    }

    [Fact]
    public void Putting_the_bytes_again_repairs_a_damaged_copy()
    {
        var sha = _artifacts.Put(Payload);
        File.WriteAllBytes(_artifacts.PathOf(sha), [1, 2, 3]);

        Assert.Equal(sha, _artifacts.Put(Payload));

        Assert.Equal(Payload, _artifacts.ReadVerified(sha));
    }

    [Fact]
    public void A_missing_artifact_is_reported_with_its_expected_path()
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Payload));

        var error = Assert.Throws<OfaExpException>(() => _artifacts.ReadVerified(sha));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("missing", error.Message);
        Assert.Contains(_artifacts.PathOf(sha), error.Message);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    public void A_name_that_is_not_a_sha256_is_refused_before_touching_the_disk(string name)
    {
        var error = Assert.Throws<OfaExpException>(() => _artifacts.ReadVerified(name));

        Assert.Contains("not an artifact hash", error.Message);
    }
}
