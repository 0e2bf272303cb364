namespace OfaExp.Core.Spec;

/// <summary>
/// The <c>predictor</c> phase: OFA's accuracy predictor, an MLP with three hidden ReLU layers of
/// <see cref="HiddenSize"/> units and a constant base accuracy, trained with Adam (<see cref="Lr"/>,
/// <see cref="WeightDecay"/>) on the parent data set minus a seeded held-out <see cref="HoldoutFraction"/>, on which
/// RMSE and Kendall's tau are reported.
/// </summary>
public sealed record PredictorSpec(int HiddenSize, double Lr, double WeightDecay, int Epochs, int BatchSize, double HoldoutFraction);
