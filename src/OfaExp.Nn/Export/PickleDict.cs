namespace OfaExp.Nn.Export;

/// <summary>
/// A Python dict for <see cref="PickleWriter"/>, its items in the order they are written (Python keeps insertion
/// order, so a reader sees them as listed here). <paramref name="Ordered"/> writes a collections.OrderedDict, the
/// type torch's state_dict() returns.
/// </summary>
internal sealed record PickleDict(IReadOnlyList<KeyValuePair<string, object?>> Items, bool Ordered = false);
