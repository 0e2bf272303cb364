namespace OfaExp.Reports.Html;

/// <summary>What writing a report did: files written (new or changed), left unchanged, and stale files removed.</summary>
public sealed record ReportWriteResult(int Written, int Unchanged, int Removed);
