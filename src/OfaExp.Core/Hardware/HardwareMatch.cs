namespace OfaExp.Core.Hardware;

/// <summary>Whether two recorded hardware classes (<see cref="HardwareClass.Compare"/>) say two results should agree bit for bit.</summary>
public enum HardwareMatch
{
    /// <summary>One class each, and the same: the same run id must give the same result digest.</summary>
    Same,

    /// <summary>Other CPU kernels, GPU or libtorch build (or a run resumed on other hardware): float32 results differ by float noise.</summary>
    Different,

    /// <summary>At least one is not recorded (a run from before ofaexp recorded hardware) or has a part that could not be probed.</summary>
    Unknown,
}
