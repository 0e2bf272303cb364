using OfaExp.Core.Spec;

namespace OfaExp.Core.Export;

/// <summary>
/// Turns a trained supernet's weights into the bytes of one static subnet. The use case (OfaExp.Execution) finds the
/// run and records the file; the torch side (OfaExp.Nn) implements this, so Execution needs no network code.
/// </summary>
public interface ISubnetExporter
{
    /// <param name="spec">The experiment the supernet run belongs to (supernet, data set, device dtype).</param>
    /// <param name="supernetModel">The run's final model as the store holds it.</param>
    /// <exception cref="Errors.OfaExpException">The subnet cannot be written in that format (exit 2, saying why).</exception>
    byte[] Export(ExperimentSpec spec, byte[] supernetModel, ExportSettings settings);
}
