using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// Base of every OfaExp module: children, parameters and buffers are registered explicitly, under the reference's
/// names, and nothing else. TorchSharp would otherwise also register, by reflection, every field holding a module or
/// tensor, including property backing fields ("&lt;conv&gt;k__BackingField") and typed shortcuts to modules that are
/// already registered elsewhere, so state dicts would hold every tensor several times under odd names.
/// </summary>
public abstract class ExplicitModule : nn.Module<Tensor, Tensor>
{
    protected ExplicitModule(string name)
        : base(name)
    {
    }

    /// <summary>Registers nothing: constructors call register_module / register_parameter themselves.</summary>
    protected override void RegisterComponents()
    {
    }
}
