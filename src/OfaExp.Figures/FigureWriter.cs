namespace OfaExp.Figures;

/// <summary>Writes a rendered figure to <c>&lt;directory&gt;/&lt;name&gt;.svg</c> and <c>.png</c>.</summary>
public static class FigureWriter
{
    /// <summary>
    /// Writes each file atomically (temp file + rename), and only when its bytes differ from the file on disk, so
    /// regenerating an unchanged figure leaves both files and their modification times alone. Returns whether
    /// either file was written.
    /// </summary>
    public static bool Write(string directory, RenderedFigure figure)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(figure);

        // The name becomes a file name: it must not reach outside the figures folder.
        if (figure.Name.Length == 0 || figure.Name[0] == '.' || Path.GetFileName(figure.Name) != figure.Name)
        {
            throw new ArgumentException($"Figure name '{figure.Name}' is not a plain file name.", nameof(figure));
        }

        var svg = Reports.ChangedFile.Write(directory, figure.Name + ".svg", new System.Text.UTF8Encoding(false).GetBytes(figure.Svg));
        var png = Reports.ChangedFile.Write(directory, figure.Name + ".png", figure.Png);
        return svg || png;
    }
}
