namespace OfaExp.Data.Tests;

/// <summary>Writes CIFAR-10 binary batches: per record a label byte, then the red, green and blue 32 x 32 planes.</summary>
internal static class CifarBatchFile
{
    /// <summary>The value the test files hold at (record, channel, y, x): distinct per channel, position and record.</summary>
    public static byte Pixel(int record, int channel, int y, int x) => (byte)(record * 7 + channel * 80 + y * 3 + x);

    /// <summary>Writes records <paramref name="first"/>.. with the given labels, pixels from <see cref="Pixel"/>.</summary>
    public static void Write(string path, int first, params byte[] labels)
    {
        var bytes = new List<byte>();
        for (var r = 0; r < labels.Length; r++)
        {
            bytes.Add(labels[r]);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 32; y++)
                {
                    for (var x = 0; x < 32; x++)
                    {
                        bytes.Add(Pixel(first + r, c, y, x));
                    }
                }
            }
        }

        File.WriteAllBytes(path, [.. bytes]);
    }

    /// <summary>A complete cifar-10-batches-bin directory: train records 0..6 (labels 0..6), test records 100..101 (labels 9, 8).</summary>
    public static void WriteTree(string dir)
    {
        Directory.CreateDirectory(dir);
        Write(Path.Combine(dir, "data_batch_1.bin"), 0, 0, 1);
        Write(Path.Combine(dir, "data_batch_2.bin"), 2, 2);
        Write(Path.Combine(dir, "data_batch_3.bin"), 3, 3);
        Write(Path.Combine(dir, "data_batch_4.bin"), 4, 4);
        Write(Path.Combine(dir, "data_batch_5.bin"), 5, 5, 6);
        Write(Path.Combine(dir, "test_batch.bin"), 100, 9, 8);
    }
}
