namespace OfaExp.Core.Costs;

/// <summary>BatchNorm hyper-parameters (PyTorch convention: running = (1 - momentum) * running + momentum * batch).</summary>
public sealed record BatchNormSettings(double Momentum, double Eps);
