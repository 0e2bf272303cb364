namespace OfaExp.Reports.Html;

/// <summary>One file of the report: its '/'-separated path under the report's root and its bytes.</summary>
public sealed record SiteFile(string Path, byte[] Bytes);
