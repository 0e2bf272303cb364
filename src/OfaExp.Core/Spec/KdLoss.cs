namespace OfaExp.Core.Spec;

/// <summary>The distillation term of a shrinking phase (kd.loss; definitions in docs/experiments.md).</summary>
public enum KdLoss
{
    /// <summary>No distillation: no teacher.</summary>
    None,

    /// <summary>OFA: CE against the teacher's final softmax.</summary>
    Logits,

    /// <summary>OFAv2 ENS-KD: CE against the softmax of the weighted ensemble of the teacher's exits.</summary>
    Ensemble,

    /// <summary>CE against the teacher's exit at the student's exit.</summary>
    Exit,

    /// <summary>Hinton: tempered KL divergence, times T squared.</summary>
    Kl,
}
