namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="TeacherSelection"/> (teacher.selection).</summary>
public static class TeacherSelectionNames
{
    public static Spelling<TeacherSelection> Spelling { get; } = new(selection => selection switch
    {
        TeacherSelection.Fixed => "fixed",
        TeacherSelection.Extracted => "extracted",
    });
}
