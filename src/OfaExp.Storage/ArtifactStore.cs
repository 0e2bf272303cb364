using System.Globalization;
using System.Security.Cryptography;
using OfaExp.Core.Errors;

namespace OfaExp.Storage;

/// <summary>
/// Content-addressed blobs (checkpoints, weights): each file is named by the lower-case SHA-256 of its bytes under a
/// two-character fan-out directory (root/ab/abcd...). Writes are atomic and every read re-hashes.
/// </summary>
public sealed class ArtifactStore
{
    public const string DefaultRoot = "artifacts/store";

    public ArtifactStore(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>Where a blob lives relative to <see cref="Root"/> ('/'-separated): the form stored in <see cref="Core.Runs.ArtifactRecord.Path"/>.</summary>
    public static string RelativePathOf(string sha256) => $"{RequireHash(sha256)[..2]}/{sha256}";

    public string PathOf(string sha256) => Path.Combine(Root, RequireHash(sha256)[..2], sha256);

    /// <summary>Stores <paramref name="bytes"/> and returns their hash. An intact copy already present is kept; a damaged one is replaced.</summary>
    public string Put(byte[] bytes)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var path = PathOf(sha256);
        if (File.Exists(path) && HashOfFile(path) == sha256)
        {
            return sha256;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        // Readers must never see a half-written blob under its final name, so write beside it and rename.
        var temporary = Path.Combine(directory, TemporaryNameFor(sha256));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length / 2);
                stream.Flush(flushToDisk: true);
                CrashPoints.Pass(CrashPoints.ArtifactWrite);
                stream.Write(bytes, bytes.Length / 2, bytes.Length - (bytes.Length / 2));
                stream.Flush(flushToDisk: true);
            }

            CrashPoints.Pass(CrashPoints.ArtifactRename);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException e)
        {
            // A full disk is the common case; the blob under its final name, and every earlier one, is untouched.
            File.Delete(temporary);
            throw new OfaExpException(
                $"Cannot write the artifact {path}: {e.Message.TrimEnd('.')}. Nothing was written under its name and earlier checkpoints are intact. " +
                "If the disk is full, free space ('ofaexp gc' deletes what no recorded run needs) and run the same command again: the run resumes from its last checkpoint.",
                ExitCodes.RunFailed,
                e);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return sha256;
    }

    /// <summary>
    /// Puts the blob <paramref name="sha256"/> of <paramref name="source"/> here, checked against its hash first: as a
    /// hard link where both stores are on one file system (a run bundle then costs no second copy of a supernet's
    /// weights), otherwise as a copy. Blobs are never written in place (a write renames a new file over the name), so
    /// two names of one file cannot diverge. An intact blob already here is kept. Returns whether it was linked.
    /// </summary>
    /// <param name="link">False copies even where a link is possible.</param>
    /// <exception cref="OfaExpException">The source blob is missing or corrupt (exit 2), or the copy cannot be written.</exception>
    public bool Import(ArtifactStore source, string sha256, bool link = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = PathOf(sha256);
        if (File.Exists(path) && HashOfFile(path) == sha256)
        {
            return false;
        }

        var from = source.PathOf(sha256);
        if (link && File.Exists(from) && HashOfFile(from) == sha256)
        {
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, TemporaryNameFor(sha256));
            if (HardLink.TryCreate(from, temporary))
            {
                File.Move(temporary, path, overwrite: true);
                return true;
            }
        }

        Put(source.ReadVerified(sha256));
        return false;
    }

    /// <summary>The blob's bytes, after checking that they still hash to <paramref name="sha256"/>.</summary>
    public byte[] ReadVerified(string sha256)
    {
        var path = PathOf(sha256);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OfaExpException(
                $"Artifact {sha256} is missing: expected the file {path}. Restore the artifact store directory " +
                $"{Root} (or pass the right one), or re-run the run that produced it.",
                ExitCodes.BadInput,
                e);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha256)
        {
            throw new OfaExpException(
                $"Artifact file {path} is corrupt: its name says SHA-256 {sha256} but its bytes hash to {actual}. " +
                "Delete the file and re-run the run that produced it.",
                ExitCodes.BadInput);
        }

        return bytes;
    }

    /// <summary>
    /// Every blob and write temporary under <see cref="Root"/>, by path. Files the store did not name (anything else
    /// a user put there) are left out, so garbage collection never touches them.
    /// </summary>
    public IReadOnlyList<StoredFile> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var files = new List<StoredFile>();
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            var fanOut = Path.GetFileName(directory);
            if (fanOut.Length != 2 || !Hex.IsLowerHex(fanOut))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(path);
                string? sha256 = Hex.IsSha256(name) && name.StartsWith(fanOut, StringComparison.Ordinal) ? name : null;
                if (sha256 is null && !IsTemporaryName(name, fanOut))
                {
                    continue;
                }

                var info = new FileInfo(path);
                if (info.Exists)
                {
                    files.Add(new StoredFile($"{fanOut}/{name}", sha256, info.Length, info.LastWriteTimeUtc));
                }
            }
        }

        return files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>Removes a file that <see cref="List"/> returned; false when it was gone already.</summary>
    public bool Delete(StoredFile file)
    {
        var path = Path.Combine(Root, file.RelativePath);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    // The writer's pid and a fresh guid keep concurrent writers of the same blob apart.
    private static string TemporaryNameFor(string sha256) =>
        string.Create(CultureInfo.InvariantCulture, $".{sha256}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static bool IsTemporaryName(string name, string fanOut)
    {
        var parts = name.Split('.');
        return parts is ["", var sha256, var pid, var guid, "tmp"]
            && Hex.IsSha256(sha256) && sha256.StartsWith(fanOut, StringComparison.Ordinal)
            && pid.Length > 0 && pid.All(char.IsAsciiDigit)
            && guid.Length == 32 && Hex.IsLowerHex(guid);
    }

    private static string HashOfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string RequireHash(string sha256) => Hex.IsSha256(sha256)
        ? sha256
        : throw new OfaExpException(
            $"'{sha256}' is not an artifact hash: artifacts are named by 64 lower-case hex characters (SHA-256).");
}
