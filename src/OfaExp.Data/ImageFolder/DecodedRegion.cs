namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The part of a decoded image a sample needs: <see cref="Height"/> x <see cref="Width"/> x 3 RGB bytes and the crop
/// window in this region's pixel coordinates (the image possibly shrunk by <see cref="Shrink"/>).
/// </summary>
internal sealed record DecodedRegion(byte[] Rgb, int Height, int Width, CropWindow Window, int Shrink);
