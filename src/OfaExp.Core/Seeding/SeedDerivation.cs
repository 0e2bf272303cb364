using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OfaExp.Core.Seeding;

/// <summary>
/// Derives 64-bit seeds as pure functions of a root seed and a labelled path such as ("order", epoch), so every
/// random choice in a run can be recomputed from (seed, purpose, epoch, step, index) instead of being carried in a
/// generator that would have to be saved for resume. The path is rendered to an invariant, length-prefixed string
/// and hashed with SHA-256; the encoding is versioned because changing it changes every run's results.
/// </summary>
public static class SeedDerivation
{
    private const string Domain = "ofaexp-seed/v1";

    /// <summary>A seed for <paramref name="path"/> under <paramref name="rootSeed"/> (the experiment's seed).</summary>
    /// <param name="path">Labels and counters: strings, integers, bools, doubles or enums.</param>
    public static ulong Derive(int rootSeed, params object[] path) => Hash(Render(rootSeed.ToString(CultureInfo.InvariantCulture), path));

    /// <summary>A seed for <paramref name="path"/> under an already derived <paramref name="parent"/> seed.</summary>
    public static ulong Derive(ulong parent, params object[] path) => Hash(Render("u" + parent.ToString(CultureInfo.InvariantCulture), path));

    /// <summary>
    /// A cheap, well-mixed seed for element <paramref name="index"/> under <paramref name="parent"/>; used in hot loops
    /// (one per sample) where a SHA-256 per element would cost more than the work it seeds.
    /// </summary>
    public static ulong ForIndex(ulong parent, long index) =>
        SplitMix64.Mix(parent ^ SplitMix64.Mix(unchecked((ulong)index + 0x9E3779B97F4A7C15UL)));

    /// <summary>The seed as a non-negative 63-bit value, the form torch's manual_seed accepts everywhere.</summary>
    public static long ToTorchSeed(ulong seed) => (long)(seed & long.MaxValue);

    private static string Render(string root, object[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder(Domain).Append('|').Append(root);
        foreach (var part in path)
        {
            // Type tag + length prefix: ("ab", 1) and ("a", "b1") must not collide, nor 1 and "1".
            var (tag, text) = part switch
            {
                string s => ("s", s),
                int i => ("i", i.ToString(CultureInfo.InvariantCulture)),
                long l => ("i", l.ToString(CultureInfo.InvariantCulture)),
                short h => ("i", h.ToString(CultureInfo.InvariantCulture)),
                byte b => ("i", b.ToString(CultureInfo.InvariantCulture)),
                uint u => ("i", u.ToString(CultureInfo.InvariantCulture)),
                ulong ul => ("i", ul.ToString(CultureInfo.InvariantCulture)),
                bool f => ("b", f ? "1" : "0"),
                double d => ("d", d.ToString("R", CultureInfo.InvariantCulture)),
                Enum e => ("e", e.GetType().Name + "." + e.ToString()),
                null => throw new ArgumentException("Seed path parts must not be null.", nameof(path)),
                _ => throw new ArgumentException(
                    $"Seed path part of type {part.GetType().Name} has no stable invariant rendering.", nameof(path)),
            };
            sb.Append('|').Append(tag).Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text);
        }

        return sb.ToString();
    }

    private static ulong Hash(string text)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }
}
