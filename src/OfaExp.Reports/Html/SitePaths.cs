namespace OfaExp.Reports.Html;

/// <summary>
/// Where each page of the report lives, as '/'-separated paths relative to the report's root, and the relative
/// links between them: the site opens from the file system wherever it is copied, so no link is absolute.
/// </summary>
internal static class SitePaths
{
    public const string Index = "index.html";

    public static string Experiment(string name) => $"experiments/{name}/index.html";

    public static string Figure(string experiment, string figure) => $"experiments/{experiment}/figures/{figure}.svg";

    public static string TableCsv(string experiment, string table) => $"experiments/{experiment}/tables/{table}.csv";

    // Full ids: a prefix that is unique today may not be once more runs are recorded, and a link must not move.
    public static string Run(string id) => $"runs/{id}.html";

    public static string Compare(string a, string b) => $"compare/{a}_{b}.html";

    /// <summary>The link from page <paramref name="from"/> to <paramref name="to"/>, each segment percent-encoded.</summary>
    public static string Relative(string from, string to)
    {
        var source = from.Split('/')[..^1];
        var target = to.Split('/');
        var common = 0;
        while (common < source.Length && common < target.Length - 1 && source[common] == target[common])
        {
            common++;
        }

        var up = Enumerable.Repeat("..", source.Length - common);
        var down = target.Skip(common).Select(Uri.EscapeDataString);
        return string.Join('/', up.Concat(down));
    }
}
