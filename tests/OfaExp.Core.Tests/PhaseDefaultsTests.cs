using OfaExp.Core.Config;

namespace OfaExp.Core.Tests;

/// <summary>`phase_defaults:`: settings written once for every phase of a file.</summary>
public sealed class PhaseDefaultsTests
{
    private const string WrittenOut = """
        supernet: {width_mult: 0.5, resolutions: [24, 28]}
        pipeline: [full, kernel, depth1]
        phases:
          full: {epochs: 3, batch_size: 32, base_batch_size: 32, lr: 0.1}
          kernel: {epochs: 1, batch_size: 32, base_batch_size: 32, lr: 0.02}
          depth1: {kind: depth, depths: [3, 4], epochs: 1, batch_size: 32, base_batch_size: 32, lr: 0.02}
        """;

    private const string WithDefaults = """
        supernet: {width_mult: 0.5, resolutions: [24, 28]}
        pipeline: [full, kernel, depth1]
        phase_defaults: {epochs: 1, batch_size: 32, base_batch_size: 32, lr: 0.02}
        phases:
          full: {epochs: 3, lr: 0.1}
          depth1: {kind: depth, depths: [3, 4]}
        """;

    [Fact]
    public void Phase_defaults_reach_every_phase_beneath_its_own_settings_and_keep_the_ids()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", WrittenOut);
        tree.Write("b/experiment.yaml", WithDefaults);
        Assert.Equal(Plans.IdsByPhase(Plans.Of(tree.Dir("a"))), Plans.IdsByPhase(Plans.Of(tree.Dir("b"))));
    }

    [Fact]
    public void A_files_phase_defaults_beat_the_layers_below_and_lose_to_those_above()
    {
        using var tree = new TempTree();
        tree.Write("defaults.yaml", "phase_defaults: {epochs: 5}\nphases: {full: {lr: 0.3}}\n");
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [24, 28]}\npipeline: [full, kernel]\nphase_defaults: {lr: 0.04}\nphases: {full: {epochs: 2}}\n");
        var spec = Plans.Of(tree.Dir("e"), "phase_defaults.warmup_epochs=1").Runs.First().Spec;
        Assert.Equal(2, spec.Phases["full"].Epochs);      // the experiment's phase setting beats defaults.yaml's phase defaults
        Assert.Equal(5, spec.Phases["kernel"].Epochs);    // defaults.yaml's phase defaults reach a phase it never names
        Assert.Equal(0.04, spec.Phases["full"].Lr);       // the experiment's phase defaults beat defaults.yaml's phase setting
        Assert.Equal(0.04, spec.Phases["kernel"].Lr);
        Assert.Equal(1, spec.Phases["kernel"].WarmupEpochs); // an override of phase_defaults reaches every phase
        Assert.Equal(1, spec.Phases["full"].WarmupEpochs);
    }

    [Fact]
    public void An_extended_experiments_phase_defaults_stay_with_its_own_phases()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", "supernet: {resolutions: [24, 28]}\nphase_defaults: {epochs: 2}\n");
        tree.Write("e/experiment.yaml", "extends: ../base\npipeline: [full, kernel]\n");
        var spec = Plans.Of(tree.Dir("e")).Runs.First().Spec;
        Assert.Equal(2, spec.Phases["full"].Epochs);
        Assert.Equal(180, spec.Phases["kernel"].Epochs);  // the schema default: the base never had a kernel phase
    }

    [Fact]
    public void An_unknown_key_is_named_at_its_line_with_a_did_you_mean_once()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [24, 28]}\npipeline: [full, kernel]\nphase_defaults:\n  bse_batch_size: 64\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((tree.Dir("e/experiment.yaml"), 4), (d.Location.File, d.Location.Line));
        Assert.Contains("unknown key 'phase_defaults.bse_batch_size'. Did you mean 'base_batch_size'?", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phase_defaults: {lr: fast}\n", "phase_defaults.lr: expected")]
    [InlineData("phase_defaults: {kind: depth}\n", "a phase's kind is its own")]
    [InlineData("phase_defaults: [lr]\n", "phase_defaults: expected a mapping")]
    public void A_bad_setting_is_reported_once_not_per_phase(string yaml, string expected)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [24, 28]}\npipeline: [full, kernel]\n" + yaml);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        var d = Assert.Single(e.Diagnostics);
        Assert.Contains(expected, d.Message, StringComparison.Ordinal);
        Assert.Equal(3, d.Location.Line);
    }

    [Fact]
    public void A_misspelt_pipeline_phase_is_still_named_in_the_pipeline()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [24, 28]}\npipeline: [full, kernal]\nphase_defaults: {epochs: 1}\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("Did you mean 'kernel'?", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Diagnostics[0].Location.Line);
    }
}
