namespace OfaExp.Core.Runs;

public enum RunStatus
{
    Pending,
    Running,
    Done,
    Failed,
}
