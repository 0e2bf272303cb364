namespace OfaExp.Execution.Export;

/// <summary>What an export wrote: the file, its digest, the subnet and the run whose weights it holds (where it is recorded).</summary>
/// <param name="Format">The recorded format ("onnx", "onnx-folded-bn", "pytorch").</param>
/// <param name="AlreadyRecorded">The run already had this exact export recorded: the file was rewritten, no row added.</param>
public sealed record ExportReport(
    string SupernetRunId, string Experiment, string Phase, string Subnet, int Resolution, string Format, string Sha256, long Bytes, string OutPath, bool AlreadyRecorded);
