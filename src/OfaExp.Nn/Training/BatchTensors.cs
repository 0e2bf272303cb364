using OfaExp.Data;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Turns a data batch into tensors on the training device, in its dtype and memory format, resized when the network runs at another resolution.</summary>
public static class BatchTensors
{
    /// <summary>
    /// Images N x C x R x R (bilinear, align_corners = false, when R differs from the batch's size) and int64 labels.
    /// The resize runs on the NCHW batch, so its pixels do not depend on the memory format.
    /// </summary>
    public static (Tensor Images, Tensor Labels) ToDevice(Batch batch, TorchTarget target, int resolution)
    {
        ArgumentNullException.ThrowIfNull(target);
        var images = target.Place(tensor(batch.Images, batch.Shape));
        if (resolution != batch.Height || resolution != batch.Width)
        {
            images = nn.functional.interpolate(images, size: [resolution, resolution], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        return (target.Arrange(images), tensor(batch.Labels).to(target.Device));
    }
}
