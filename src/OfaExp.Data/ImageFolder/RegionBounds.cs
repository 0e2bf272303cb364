namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The rows [Y0, Y1) and columns [X0, X1) of a decoded (possibly shrunk) image that a crop window needs, with one pixel
/// of margin (bilinear sampling at the window's edge reads its neighbour), and the window in that region's coordinates.
/// </summary>
internal readonly record struct RegionBounds(int Y0, int X0, int Y1, int X1, CropWindow Window)
{
    /// <param name="crop">The window in full-size pixels.</param>
    public static RegionBounds Of(CropWindow crop, int fullHeight, int fullWidth, int height, int width)
    {
        double scaleY = (double)height / fullHeight, scaleX = (double)width / fullWidth;
        var top = crop.Top * scaleY;
        var left = crop.Left * scaleX;
        var bottom = (crop.Top + crop.Height) * scaleY;
        var right = (crop.Left + crop.Width) * scaleX;
        var y0 = Math.Clamp((int)Math.Floor(top) - 1, 0, height - 1);
        var x0 = Math.Clamp((int)Math.Floor(left) - 1, 0, width - 1);
        var y1 = Math.Clamp((int)Math.Ceiling(bottom) + 1, y0 + 1, height);
        var x1 = Math.Clamp((int)Math.Ceiling(right) + 1, x0 + 1, width);
        return new RegionBounds(y0, x0, y1, x1, new CropWindow(top - y0, left - x0, bottom - top, right - left, crop.Flip));
    }
}
