using NetVips;
using OfaExp.Core.Errors;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class FolderImageDecoderTests
{
    private static readonly ChannelStats Bytes = new([0f, 0f, 0f], [1f / 255f, 1f / 255f, 1f / 255f]);

    private static readonly ChannelStats ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    private static float[] Sample(string path, int resolution = 16)
    {
        var region = FolderImageDecoder.Decode(path, (h, w) => FolderTransforms.Eval(h, w, resolution), resolution);
        var output = new float[3 * resolution * resolution];
        RegionResampler.Write(region, resolution, Bytes, output);
        return output;
    }

    private static void AssertSolid(float[] chw, (byte R, byte G, byte B) colour, float tolerance)
    {
        var plane = chw.Length / 3;
        byte[] expected = [colour.R, colour.G, colour.B];
        for (var c = 0; c < 3; c++)
        {
            Assert.All(chw.AsSpan(c * plane, plane).ToArray(), v => Assert.InRange(v, expected[c] - tolerance, expected[c] + tolerance));
        }
    }

    [Fact]
    public void Rgb_grayscale_png_named_jpeg_and_cmyk_decode_to_rgb()
    {
        using var tree = new ImageFolderTree();
        AssertSolid(Sample(tree.File("train/cat/a.jpg")), ImageFolderTree.Colours[0], 3);
        AssertSolid(Sample(tree.File("train/dog/gray.jpg")), (ImageFolderTree.Gray, ImageFolderTree.Gray, ImageFolderTree.Gray), 2);
        AssertSolid(Sample(tree.File("train/dog/png_named.JPEG")), ImageFolderTree.Colours[1], 0);

        // CMYK goes sRGB -> CMYK -> sRGB through two ICC profiles: the colour comes back close, not exact.
        AssertSolid(Sample(tree.File("train/cat/c_cmyk.jpg")), ImageFolderTree.Colours[0], 30);
    }

    [Theory]
    [InlineData("zero.jpg", "empty")]
    [InlineData("truncated.jpg", "could not be decoded")]
    [InlineData("text.jpg", "neither a JPEG nor a PNG")]
    [InlineData("truncated.png", "could not be decoded")]
    [InlineData("bad_header.jpg", "could not be decoded")]
    public void A_bad_file_is_refused_naming_it(string name, string reason)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        switch (name)
        {
            case "zero.jpg":
                File.WriteAllBytes(path, []);
                break;
            case "text.jpg":
                File.WriteAllText(path, "hello");
                break;
            case "bad_header.jpg":
                File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))]);
                break;
            default:
                var whole = dir.File("whole" + Path.GetExtension(name));
                using (var image = Image.Gaussnoise(300, 200).Cast(Enums.BandFormat.Uchar))
                {
                    image.WriteToFile(whole);
                }

                var bytes = File.ReadAllBytes(whole);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
        }

        var e = Assert.Throws<OfaExpException>(() => Sample(path));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(path, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_20000_pixel_square_jpeg_decodes_at_one_eighth_scale_and_a_huge_png_is_refused()
    {
        using var dir = new TempDir();
        var jpeg = dir.File("huge.jpg");
        using (var image = ImageFolderTree.Solid(ImageFolderTree.Colours[2], 20_000, 20_000))
        {
            image.Jpegsave(jpeg, q: 50);
        }

        var region = FolderImageDecoder.Decode(jpeg, (h, w) => new CropWindow(0, 0, h, w, false), 224);
        Assert.Equal(8, region.Shrink);
        Assert.True(region.Height <= 2_500 && region.Width <= 2_500, $"{region.Width} x {region.Height} pixels decoded");

        var png = dir.File("huge.png");
        using (var image = ImageFolderTree.Solid(ImageFolderTree.Colours[2], 8_000, 6_000))
        {
            image.Pngsave(png, compression: 1);
        }

        var e = Assert.Throws<OfaExpException>(() => Sample(png));
        Assert.Contains(png, e.Message);
        Assert.Contains("megapixels", e.Message);
    }

    [Fact]
    public void Sixteen_bit_and_alpha_pngs_become_8_bit_rgb()
    {
        using var dir = new TempDir();
        var (r, g, b) = ImageFolderTree.Colours[1];
        using (var deep = ImageFolderTree.Solid(ImageFolderTree.Colours[1], 40, 30).Colourspace(Enums.Interpretation.Rgb16))
        {
            deep.Pngsave(dir.File("rgb16.png"));
        }

        using (var alpha = ImageFolderTree.Solid(ImageFolderTree.Colours[1], 40, 30).Bandjoin(128))
        {
            alpha.Pngsave(dir.File("rgba.png"));
        }

        using (var gray16 = Image.Black(40, 30).Cast(Enums.BandFormat.Ushort).NewFromImage(ImageFolderTree.Gray * 257)
            .Copy(interpretation: Enums.Interpretation.Grey16))
        {
            gray16.Pngsave(dir.File("grey16.png"));
        }

        AssertSolid(Sample(dir.File("rgb16.png")), (r, g, b), 1);
        AssertSolid(Sample(dir.File("rgba.png")), (r, g, b), 0);
        AssertSolid(Sample(dir.File("grey16.png")), (ImageFolderTree.Gray, ImageFolderTree.Gray, ImageFolderTree.Gray), 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_fast_jpeg_path_gives_the_libvips_pixels_byte_for_byte(bool gray)
    {
        using var dir = new TempDir();
        var path = dir.File("photo.jpg");
        using (var noise = Image.Gaussnoise(500, 375, sigma: 60))
        using (var bands = gray ? noise.Copy() : noise.Bandjoin(noise.Rot180(), noise.Flip(Enums.Direction.Horizontal)))
        using (var image = bands.Gaussblur(1.2).Cast(Enums.BandFormat.Uchar))
        {
            image.Jpegsave(path, q: 90);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.True(JpegFrame.TryRead(bytes, out var frame));
        Assert.Equal((375, 500, gray ? 1 : 3), (frame.Height, frame.Width, frame.Components));
        var fastSeen = 0;
        foreach (var resolution in new[] { 224, 160, 64, 32 })
        {
            for (var sample = 0; sample < 12; sample++)
            {
                CropWindow Train(int h, int w) => FolderTransforms.Train(7, sample, h, w, 0.08, true);
                // Bytes, then ImageNet's normalisation, then ImageNet's with OFA's colour jitter.
                var jitter = ColorJitterDraw.Draw(OfaExp.Core.Spec.ColorJitter.Tf, 7, 0, sample);
                foreach (var (stats, draw) in new[] { (Bytes, (ColorJitterDraw?)null), (ImageNet, null), (ImageNet, jitter) })
                {
                    var expected = new float[3 * resolution * resolution];
                    using (var viaVips = FolderImageDecoder.DecodeWithVips(path, bytes, ImageFormatSniff.Jpeg, Train, resolution))
                    {
                        RegionResampler.Write(viaVips, resolution, stats, expected, draw);
                    }

                    var actual = new float[3 * resolution * resolution];
                    using (var decoded = FolderImageDecoder.Decode(path, Train, resolution))
                    {
                        fastSeen += decoded.PixelBytes == 4 ? 1 : 0;
                        RegionResampler.Write(decoded, resolution, stats, actual, draw);
                    }

                    Assert.Equal(expected, actual);
                }
            }
        }

        Assert.Equal(144, fastSeen);
    }

    [Fact]
    public void A_jpeg_shrinks_only_while_the_window_still_covers_the_resolution()
    {
        Assert.Equal(1, FolderImageDecoder.ShrinkFor(new CropWindow(0, 0, 400, 400, false), 224, 500, 500));
        Assert.Equal(2, FolderImageDecoder.ShrinkFor(new CropWindow(0, 0, 448, 500, false), 224, 500, 500));
        Assert.Equal(4, FolderImageDecoder.ShrinkFor(new CropWindow(0, 0, 1000, 900, false), 224, 1000, 1000));
        Assert.Equal(8, FolderImageDecoder.ShrinkFor(new CropWindow(0, 0, 3000, 3000, false), 128, 3000, 3000));
    }

    [Fact]
    public void The_eval_window_is_torchvisions_resize_then_centre_crop()
    {
        // 500 x 375 at 224: shorter side to 256, longer to int(256 * 500 / 375) = 341; crop offsets round(16), round(58.5) = 58.
        var window = FolderTransforms.Eval(375, 500, 224);
        var scale = 375.0 / 256;
        Assert.Equal(16 * scale, window.Top, 9);
        Assert.Equal(58 * (500.0 / 341), window.Left, 9);
        Assert.Equal(224 * scale, window.Height, 9);
        Assert.Equal(224 * (500.0 / 341), window.Width, 9);
    }
}
