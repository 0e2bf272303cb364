namespace OfaExp.Data.ImageFolder;

/// <summary>
/// A JPEG's frame header (SOFn): its size and colour components, read from the markers without decoding anything.
/// The component count tells the decoders apart: 1 (grayscale) and 3 (YCbCr or RGB) take the fast path, 4 (CMYK,
/// YCCK) needs libvips' colour management.
/// </summary>
internal readonly record struct JpegFrame(int Height, int Width, int Components)
{
    /// <summary>Reads the first frame header; false when the markers before it are malformed or it is missing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> jpeg, out JpegFrame frame)
    {
        frame = default;
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // standalone markers carry no length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return false; // end of image or scan data before any frame header
            }

            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return false;
            }

            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8)
                {
                    return false;
                }

                var height = (jpeg[at + 5] << 8) | jpeg[at + 6];
                var width = (jpeg[at + 7] << 8) | jpeg[at + 8];
                frame = new JpegFrame(height, width, jpeg[at + 9]);
                return height > 0 && width > 0;
            }

            at += 2 + length;
        }

        return false;
    }
}
