using OfaExp.Core.Errors;
using StbImageSharp;

namespace OfaExp.Data;

/// <summary>Decodes one JPEG file to height x width x 3 RGB bytes; grayscale files are expanded to three equal channels.</summary>
internal static class JpegDecoder
{
    /// <exception cref="OfaExpException">The file cannot be read, is not a decodable image, or has another size.</exception>
    public static void Decode(string path, int height, int width, Span<byte> rgb, string advice)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OfaExpException($"The image '{path}' cannot be read: {e.Message}. {advice}", ExitCodes.BadInput, e);
        }

        ImageResult image;
        try
        {
            // Asking for RGB makes stb expand grayscale sources to three equal channels; Tiny ImageNet has some.
            image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // stb reports malformed input as InvalidOperationException but can fail with index errors on hostile data.
            throw new OfaExpException($"The image '{path}' could not be decoded as a JPEG ({e.Message}). {advice}", ExitCodes.BadInput, e);
        }

        if (image.Width != width || image.Height != height)
        {
            throw new OfaExpException(
                $"The image '{path}' is {image.Width} x {image.Height} pixels, not {width} x {height}. {advice}",
                ExitCodes.BadInput);
        }

        image.Data.AsSpan(0, height * width * 3).CopyTo(rgb);
    }
}
