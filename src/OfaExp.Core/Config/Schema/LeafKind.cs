namespace OfaExp.Core.Config.Schema;

public enum LeafKind
{
    Int,
    Double,
    Bool,
    String,
    IntList,
    StringList,
}
