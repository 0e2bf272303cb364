namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="KdLoss"/> (kd.loss).</summary>
public static class KdLossNames
{
    public static Spelling<KdLoss> Spelling { get; } = new(loss => loss switch
    {
        KdLoss.None => "none",
        KdLoss.Logits => "logits",
        KdLoss.Ensemble => "ens",
        KdLoss.Exit => "exit",
        KdLoss.Kl => "kl",
    });
}
