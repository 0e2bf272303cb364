using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>What the evaluator saves (one extraction per subnet for all resolutions, the cached splits) changes no result.</summary>
public class SubnetEvaluatorTests
{
    private static ExperimentSpec Spec()
    {
        var all = ElasticChoices.Of(Presets.TinyElastic);
        var spec = Presets.Experiment(supernet: Presets.TinyElastic);
        return spec with
        {
            Eval = new EvalSpec(64, 32, UniformSubnet.Names.Select(n => UniformSubnet.Resolve(n, all)).ToArray(), [24, 28]) { TestSubset = 100 },
        };
    }

    private static OfaMobileNetV3 Net(ExperimentSpec spec)
    {
        var net = new OfaMobileNetV3(spec.Supernet, spec.Data.Info, 1);
        TestWeights.Randomize(net, 5);
        return net;
    }

    [Fact]
    public void The_grid_scores_every_subnet_and_resolution_exactly_as_a_fresh_extraction_each_would()
    {
        var spec = Spec();
        var target = TorchDevices.Configure(spec.Device);
        using var data = PhaseData.Load(spec, spec.Phases["full"]);
        using var net = Net(spec);
        var timings = new PhaseTimings();
        using var evaluator = new SubnetEvaluator(spec, data, target, timings);

        var grid = evaluator.EvaluateGrid(net);

        var fresh = new List<SubnetEvaluation>();
        foreach (var named in spec.Eval.Subnets)
        {
            foreach (var resolution in spec.Eval.Resolutions)
            {
                var config = net.space.Uniform(named.KernelSize, named.ExpandRatio, named.Depth, resolution, named.Level, named.Exit);
                fresh.Add(evaluator.Record(net, config, named.Name, 0));
            }
        }

        Assert.Equal(6, grid.Count);
        Assert.Equal(fresh, grid);
        Assert.All(grid, e => Assert.NotNull(e.TestTop1));
        Assert.Equal(net.space.Max, net.ActiveSubnet);
        foreach (var category in new[] { TimeCategory.DataLoad, TimeCategory.Extract, TimeCategory.BnRecalibration, TimeCategory.Validation, TimeCategory.Test })
        {
            Assert.True(timings.Seconds(category) > 0, $"{category} was not timed");
        }
    }

    [Fact]
    public void Recalibrating_an_extracted_subnet_again_at_another_resolution_equals_recalibrating_a_fresh_copy()
    {
        var spec = Spec();
        using var net = Net(spec);
        net.set_active_subnet(net.space.Sample(3, net.space.All.WithExpands(4)).WithResolution(24));
        using var generator = new Generator(0, CPU);
        generator.manual_seed(9);
        Tensor[] at24 = [randn([8, 1, 24, 24], generator: generator), randn([5, 1, 24, 24], generator: generator)];
        Tensor[] at28 = [randn([8, 1, 28, 28], generator: generator), randn([5, 1, 28, 28], generator: generator)];

        using var reused = net.get_active_subnet();
        BnRecalibration.Run(reused, at24);
        BnRecalibration.Run(reused, at28);
        using var fresh = net.get_active_subnet();
        BnRecalibration.Run(fresh, at28);

        var expected = fresh.state_dict();
        var actual = reused.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, p => Assert.True(TestWeights.Same(p.Value, actual[p.Key]), $"{p.Key} differs"));
    }

    [Fact]
    public void Runs_of_one_data_spec_share_its_splits_and_another_spec_loads_its_own()
    {
        var data = Spec().Data;

        var (train, validation) = PhaseData.TrainAndValidation(data);
        var again = PhaseData.TrainAndValidation(data with { });
        var reseeded = PhaseData.TrainAndValidation(data with { SplitSeed = data.SplitSeed + 1 });

        Assert.Same(train, again.Train);
        Assert.Same(validation, again.Validation);
        Assert.NotSame(train, reseeded.Train);
        var direct = Data.DataSplitter.Split(Data.DatasetCatalog.LoadTrain(data with { SplitSeed = data.SplitSeed + 1 }), data with { SplitSeed = data.SplitSeed + 1 });
        Assert.Equal(direct.Train.Pixels.ToArray(), reseeded.Train.Pixels.ToArray());
        Assert.Equal(direct.Validation.Labels.ToArray(), reseeded.Validation.Labels.ToArray());
    }
}
