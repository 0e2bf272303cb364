namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The source rectangle (in pixels of the image at its full size, fractional allowed) that one sample's transform
/// resizes to the output resolution, and whether the result is mirrored.
/// </summary>
public readonly record struct CropWindow(double Top, double Left, double Height, double Width, bool Flip);
