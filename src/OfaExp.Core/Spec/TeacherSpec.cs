namespace OfaExp.Core.Spec;

/// <summary>
/// Which network a distilling phase learns from. <see cref="TeacherSelection.Fixed"/> (OFA): the lineage's first
/// <c>full</c> (or import) run, for every later phase. <see cref="TeacherSelection.Extracted"/> (OFAv2): the parent
/// run, the previous phase's supernet at its maximal configuration (all exits kept for early-exit supernets). Either
/// way the teacher runs with BN in training mode (batch statistics, as both reference implementations run it), so
/// neither is recalibrated, and the teacher run contributes its best checkpoint by validation top-1 (its final model
/// when the last epoch is best). Only the resolved teacher run id enters a run's identity, so the selection changes
/// exactly the runs whose teacher it changes: the first shrinking phase, whose parent is the full run, keeps its id.
/// </summary>
public sealed record TeacherSpec(TeacherSelection Selection);
