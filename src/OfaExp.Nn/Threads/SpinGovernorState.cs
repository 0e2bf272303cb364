namespace OfaExp.Nn.Threads;

/// <summary>What <see cref="SpinGovernor"/> is doing in this process.</summary>
public enum SpinGovernorState
{
    /// <summary>Not governing: no CPU run with more than one thread yet, or the user chose libgomp's wait policy.</summary>
    Off,

    /// <summary>Reading the machine and throttling the spinning whenever other processes want the cores.</summary>
    Governing,

    /// <summary>A multi-thread CPU run started, but libtorch's libgomp (or /proc) was not found, so the tool's long spin count holds ungoverned.</summary>
    Unavailable,
}
