using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `ofaexp import` checks every key and shape of the checkpoint against the supernet it describes before it prints
/// anything: a file with a tensor missing, extra or of the wrong shape is exit 2 naming the file and the tensor, not
/// an experiment whose import run would fail. Variants of the reference fixture are written with PyBridge's pickler.
/// </summary>
public sealed class ImportCommandTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ofa-reference");

    [Theory]
    [InlineData("ofa_mbv3_tiny.pth")]
    [InlineData("ofa_mbv3_tiny_legacy.pth")]
    public void The_reference_checkpoint_is_described_in_either_format(string file)
    {
        using var box = new Sandbox();
        var (exit, output, err) = box.Run(["import", Path.Combine(Fixtures, file)]);
        Assert.True(exit == 0, err);
        Assert.Contains("an OFAMobileNetV3 supernet", output, StringComparison.Ordinal);
        Assert.Contains("width_mult: 0.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kernel_transform_matrix_is_named()
    {
        const string key = "blocks.7.conv.depth_conv.conv.5to3_matrix";
        Refused(dict => dict.Remove(key), $"missing key '{key}'");
    }

    [Fact]
    public void A_classifier_of_the_wrong_width_is_named()
    {
        Refused(dict => dict["classifier.linear.weight"] = zeros(10, dict["classifier.linear.weight"].shape[1] + 1), "key 'classifier.linear.weight' has shape");
    }

    [Fact]
    public void An_extra_tensor_is_named()
    {
        const string key = "blocks.3.conv.depth_conv.conv.9to7_matrix";
        Refused(dict => dict[key] = eye(49), $"unexpected key '{key}'");
    }

    private static void Refused(Action<Dictionary<string, Tensor>> edit, string expected)
    {
        using var box = new Sandbox();
        var path = Path.Combine(box.Root, "variant.pth");
        Hashtable root;
        using (var stream = File.OpenRead(Path.Combine(Fixtures, "ofa_mbv3_tiny.pth")))
        {
            root = PyTorchUnpickler.UnpickleStateDict(stream);
        }

        var dict = ((IDictionary)root["state_dict"]!).Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!, StringComparer.Ordinal);
        edit(dict);
        using (var stream = File.Create(path))
        {
            PyTorchPickler.PickleStateDict(stream, dict);
        }

        var (exit, output, err) = box.Run(["import", path]);
        Assert.Equal(2, exit);
        Assert.Contains(path, err, StringComparison.Ordinal);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }
}
