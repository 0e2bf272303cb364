namespace OfaExp.Core.Spec;

/// <summary>
/// The kind of a phase (<c>phases.&lt;name&gt;.kind</c>, by default the phase's name): what it trains or computes.
/// <see cref="PhaseKindInfo.Of"/> says what each reads and produces; the declaration order is the order the docs and
/// error messages list them in.
/// </summary>
public enum PhaseKind
{
    Full,
    Kernel,
    Level,
    Height,
    Depth,
    Expand,
    Import,
    AccuracyDataset,
    Predictor,
    LatencyTable,
    Search,
}
