namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="MemoryFormat"/> (device.memory_format).</summary>
public static class MemoryFormatNames
{
    public static Spelling<MemoryFormat> Spelling { get; } = new(format => format switch
    {
        MemoryFormat.Contiguous => "contiguous",
        MemoryFormat.ChannelsLast => "channels_last",
    });
}
