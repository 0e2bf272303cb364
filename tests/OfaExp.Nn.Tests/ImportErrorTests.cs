using System.Collections;
using OfaExp.Core.Errors;
using OfaExp.Nn.Import;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// Bad checkpoints give an <see cref="OfaExpException"/> (exit code BadInput) naming the file and, for a key
/// problem, the key; a failed load leaves the supernet untouched. Variants of the reference fixture are written
/// with PyBridge's pickler into a temporary directory.
/// </summary>
public sealed class ImportErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ofaexp-import-tests-" + Guid.NewGuid().ToString("N"));

    public ImportErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Truncated_file_names_the_file()
    {
        var bytes = File.ReadAllBytes(ImportFixture.CheckpointPath);
        var path = Write("truncated.pth", bytes[..(bytes.Length / 2)]);
        var e = LoadFails(path);
        Assert.Contains("not a readable PyTorch checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_checkpoint_file_names_the_file()
    {
        var path = Write("notes.pth", "this is not a checkpoint\n"u8.ToArray());
        LoadFails(path);
        Assert.Throws<OfaExpException>(() => OfaCheckpointImporter.Describe(path));
    }

    [Fact]
    public void Missing_file_names_the_file() => LoadFails(Path.Combine(_dir, "absent.pth"));

    [Fact]
    public void Missing_key_is_named()
    {
        const string key = "blocks.7.conv.depth_conv.conv.5to3_matrix";
        var path = Variant("missing.pth", dict => dict.Remove(key));
        var e = LoadFails(path);
        Assert.Contains($"missing key '{key}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_key_is_named()
    {
        const string key = "blocks.2.conv.depth_conv.conv.9to7_matrix";
        var path = Variant("unexpected.pth", dict => dict[key] = eye(49));
        var e = LoadFails(path);
        Assert.Contains($"unexpected key '{key}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_is_named_with_both_shapes()
    {
        const string key = "blocks.5.conv.point_linear.bn.bn.running_var";
        var path = Variant("shape.pth", dict => dict[key] = ones(9));
        var e = LoadFails(path);
        Assert.Contains($"key '{key}' has shape [9]", e.Message, StringComparison.Ordinal);
        Assert.Contains("is [8]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Supernet_of_other_settings_is_refused_with_the_settings_that_differ()
    {
        using var net = new Networks.OfaMobileNetV3(ImportFixture.Spec with { WidthMult = 0.25 }, ImportFixture.Data, 1);
        var e = Assert.Throws<OfaExpException>(() => OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, net));
        Assert.Contains(ImportFixture.CheckpointPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("has shape", e.Message, StringComparison.Ordinal);
        Assert.Contains("Settings differ: widths", e.Message, StringComparison.Ordinal);

        var settings = OfaCheckpointImporter.Describe(ImportFixture.CheckpointPath);
        var v = Assert.Throws<OfaExpException>(() => OfaCheckpointImporter.Validate(
            settings, ImportFixture.Spec with { KernelSizes = [3, 5], Depths = [2, 3] }, ImportFixture.Data, ImportFixture.CheckpointPath));
        Assert.Equal(ExitCodes.BadInput, v.ExitCode);
        Assert.Contains("kernel sizes is [3,5,7] in the checkpoint, [3,5] in the spec", v.Message, StringComparison.Ordinal);
        Assert.Contains("max depth is 4 in the checkpoint, 3 in the spec", v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_load_changes_nothing()
    {
        var path = Variant("shape-late.pth", dict => dict["classifier.linear.bias"] = zeros(11));
        using var net = ImportFixture.NewSupernet();
        var before = net.first_conv.conv.weight!.clone();
        LoadFails(path, net);
        Assert.True(TestWeights.Same(before, net.first_conv.conv.weight!));
    }

    [Fact]
    public void Legacy_key_spellings_load_the_same_tensors()
    {
        // OFA's older released files: ResidualBlock.mobile_inverted_conv, plain BN / conv names inside dynamic layers.
        var path = Variant("legacy.pth", dict =>
        {
            foreach (var key in dict.Keys.Cast<string>().ToArray())
            {
                var at = key.IndexOf(".conv.", StringComparison.Ordinal);
                var legacy = at < 0 ? key : (key[..at] + ".mobile_inverted_conv." + key[(at + ".conv.".Length)..]).Replace(".bn.bn.", ".bn.", StringComparison.Ordinal);
                if (key.StartsWith("blocks.", StringComparison.Ordinal) && legacy != key)
                {
                    dict[legacy] = dict[key];
                    dict.Remove(key);
                }
            }
        });
        using var expected = ImportFixture.NewSupernet();
        OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, expected);
        using var net = ImportFixture.NewSupernet();
        var summary = OfaCheckpointImporter.Load(path, net);
        Assert.True(summary.Renamed > 0);
        var reference = expected.state_dict();
        foreach (var (name, value) in net.state_dict())
        {
            Assert.True(TestWeights.Same(reference[name], value), name);
        }
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The fixture's state dict, changed by <paramref name="edit"/>, saved unwrapped (a bare state dict).</summary>
    private string Variant(string name, Action<Dictionary<string, Tensor>> edit)
    {
        Hashtable root;
        using (var stream = File.OpenRead(ImportFixture.CheckpointPath))
        {
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }

        var dict = ((IDictionary)root["state_dict"]!).Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!, StringComparer.Ordinal);
        edit(dict);
        var path = Path.Combine(_dir, name);
        using (var stream = File.Create(path))
        {
            PyTorchPickler.PickleStateDict(stream, dict);
        }

        return path;
    }

    private static OfaExpException LoadFails(string path, Networks.OfaMobileNetV3? net = null)
    {
        using var own = net is null ? ImportFixture.NewSupernet() : null;
        var e = Assert.Throws<OfaExpException>(() => OfaCheckpointImporter.Load(path, net ?? own!));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        return e;
    }
}
