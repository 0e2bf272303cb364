namespace OfaExp.Data.ImageFolder;

/// <summary>Recognises JPEG (FF D8 FF) and PNG (the 8-byte signature) by their magic bytes.</summary>
internal static class ImageFormats
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageFormatSniff Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ImageFormatSniff.Jpeg;
        }

        return head.StartsWith(PngSignature) ? ImageFormatSniff.Png : ImageFormatSniff.Unknown;
    }
}
