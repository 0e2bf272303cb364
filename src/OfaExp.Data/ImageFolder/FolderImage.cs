namespace OfaExp.Data.ImageFolder;

/// <summary>
/// One image of an image_folder data set as the manifest lists it: its path relative to the data set root
/// ('/'-separated), full path, size in bytes (from the directory walk; the image is not read) and class index.
/// </summary>
public sealed record FolderImage(string RelativePath, string FullPath, long Size, int Label);
