namespace OfaExp.Data;

/// <summary>One image file of a folder-layout dataset: its path relative to the dataset directory ('/'-separated), full path and label.</summary>
internal sealed record ImageFileEntry(string RelativePath, string FullPath, byte Label);
