using OfaExp.Core.Export;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Export;

/// <summary>
/// The torch side of `ofaexp export`: loads a supernet run's final model into a fresh supernet on the CPU (in the
/// run's dtype, as the model was saved), switches it to eval mode and writes the subnet in the asked format.
/// </summary>
public sealed class TorchSubnetExporter : ISubnetExporter
{
    public byte[] Export(ExperimentSpec spec, byte[] supernetModel, ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(supernetModel);
        ArgumentNullException.ThrowIfNull(settings);
        var target = new TorchTarget(CPU, TorchDevices.DTypeOf(spec.Device.DType));

        // The init seed is irrelevant: every weight is overwritten by the loaded model.
        using var supernet = target.Create(dtype => new OfaMobileNetV3(spec.Supernet, spec.Data.Info, 0, dtype));
        PhaseResume.LoadModel(supernet, supernetModel, "(export)", "supernet");
        supernet.eval();
        using var noGrad = no_grad();
        return settings.Format switch
        {
            ExportFormat.Onnx => OnnxExport.Write(supernet, settings.Subnet, settings.FoldBn),
            ExportFormat.PyTorch => PyTorchExport.Write(supernet, settings.Subnet),
        };
    }
}
