namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// A class or function a pickle named with GLOBAL. The machine never resolves it to code: it is a name that only the
/// REDUCE of a whitelisted global turns into data (<see cref="PickleMachine"/>).
/// </summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
