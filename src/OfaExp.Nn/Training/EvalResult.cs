namespace OfaExp.Nn.Training;

/// <summary>Validation loss (plain cross entropy, no smoothing) and top-1/top-5 accuracy in percent (0..100).</summary>
public sealed record EvalResult(double Loss, double Top1, double Top5);
