using OfaExp.Core.Errors;
using OfaExp.Nn.Import;

namespace OfaExp.Nn.Tests;

/// <summary>
/// Hostile and broken legacy checkpoints are bad input naming the file, and nothing in them is run: a pickle that
/// would call os.system under Python's unpickler is refused at its GLOBAL, and the command's marker never appears.
/// </summary>
public sealed class LegacyPickleRefusalTests : IDisposable
{
    private static readonly string LegacyPath = Path.Combine(ImportFixture.Directory, "ofa_mbv3_tiny_legacy.pth");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ofaexp-pickle-tests-" + Guid.NewGuid().ToString("N"));

    public LegacyPickleRefusalTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> CallingGlobals { get; } = new()
    {
        { "os", "system" },
        { "posix", "system" },
        { "builtins", "eval" },
        { "subprocess", "Popen" },
    };

    [Theory]
    [MemberData(nameof(CallingGlobals))]
    public void A_reduce_to_a_callable_is_refused_and_never_run(string module, string name)
    {
        var marker = Path.Combine(_dir, "ran");
        var obj = new LegacyPickle().Global(module, name).Str($"touch {marker}").Raw(0x85).Op('R').Stop();
        var e = Refused("evil.pth", [.. LegacyPickle.Header, .. obj]);
        Assert.Contains($"names the global '{module}.{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("was refused", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void An_unknown_global_is_refused_naming_it()
    {
        var obj = new LegacyPickle().Op('}').Str("w").Global("__main__", "Payload").Op(')').Op('R').Op('s').Stop();
        var e = Refused("unknown.pth", [.. LegacyPickle.Header, .. obj]);
        Assert.Contains("'__main__.Payload'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_opcode_is_refused_naming_it()
    {
        // STACK_GLOBAL (protocol 4): another way to name a callable, so never accepted.
        var obj = new LegacyPickle().Str("os").Str("system").Raw(0x93).Stop();
        var e = Refused("opcode.pth", [.. LegacyPickle.Header, .. obj]);
        Assert.Contains("opcode 0x93", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_magic_number_is_bad_input()
    {
        var bytes = File.ReadAllBytes(LegacyPath);
        bytes[5] ^= 0xff;
        var e = Fails("magic.pth", bytes);
        Assert.Contains("magic number", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(400_000)]
    public void A_truncated_file_is_bad_input(int length)
    {
        var e = Fails("truncated.pth", File.ReadAllBytes(LegacyPath)[..length]);
        Assert.Contains("not a readable PyTorch checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_shorter_than_its_numel_is_bad_input()
    {
        var bytes = File.ReadAllBytes(LegacyPath);
        var e = Fails("short.pth", bytes[..^4]);
        Assert.Contains("bytes of data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_outside_its_storage_is_bad_input()
    {
        // Size (2, 2), stride (1, 2) from offset 1 reaches element 4: a storage of 4 elements is one short.
        var e = Fails("outside.pth", LegacyPickle.StridedFile(4, [0, 1, 2, 3]));
        Assert.Contains("reaches element 4", e.Message, StringComparison.Ordinal);
    }

    private OfaExpException Refused(string name, byte[] bytes)
    {
        var e = Fails(name, bytes);
        Assert.Contains("nothing in the file is run", e.Message, StringComparison.Ordinal);
        return e;
    }

    private OfaExpException Fails(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<OfaExpException>(() => CheckpointReader.Read(path));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        return e;
    }
}
