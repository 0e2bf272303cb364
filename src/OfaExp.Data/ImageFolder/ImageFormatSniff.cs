namespace OfaExp.Data.ImageFolder;

/// <summary>The real format of an image file from its first bytes; extensions lie (ImageNet has PNGs named .JPEG).</summary>
internal enum ImageFormatSniff
{
    Unknown,
    Jpeg,
    Png,
}
