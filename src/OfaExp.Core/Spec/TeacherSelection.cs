namespace OfaExp.Core.Spec;

/// <summary>Which run a distilling phase learns from (teacher.selection).</summary>
public enum TeacherSelection
{
    /// <summary>OFA: the lineage's first full (or import) run.</summary>
    Fixed,

    /// <summary>OFAv2: the parent run, the supernet as the previous phase left it.</summary>
    Extracted,
}
