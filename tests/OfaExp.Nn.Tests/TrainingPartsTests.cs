using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

public class TrainingPartsTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void Weight_decay_applies_to_conv_and_linear_weights_only()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        var groups = WeightDecayGroups.Split(net);
        var decay = groups.Decay.Select(p => p.Name).ToList();
        var noDecay = groups.NoDecay.Select(p => p.Name).ToList();

        Assert.Equal(net.named_parameters().Select(p => p.name).Order(), decay.Concat(noDecay).Order());
        Assert.All(decay, n => Assert.EndsWith(".weight", n));
        Assert.All(decay, n => Assert.DoesNotContain(".bn.", n));
        Assert.Contains("classifier.linear.weight", decay);
        Assert.Contains("blocks.3.conv.depth_conv.se.fc.reduce.weight", decay);
        Assert.Contains("first_conv.bn.weight", noDecay);
        Assert.Contains("classifier.linear.bias", noDecay);
        Assert.Contains("blocks.3.conv.depth_conv.se.fc.expand.bias", noDecay);
        Assert.All(noDecay, n => Assert.True(n.EndsWith(".bias", StringComparison.Ordinal) || n.Contains(".bn.", StringComparison.Ordinal), n));
    }

    [Fact]
    public void Lr_ramps_linearly_during_warmup_then_follows_a_cosine_to_zero()
    {
        var schedule = new LrSchedule(WarmupLr: 0.01, PeakLr: 0.41, WarmupEpochs: 2, Epochs: 4, StepsPerEpoch: 10);

        Assert.Equal(0.01 + (0.40 / 20), schedule.At(0, 0), 12);
        Assert.Equal(0.01 + (0.40 * 11 / 20), schedule.At(1, 0), 12);
        Assert.Equal(0.41, schedule.At(1, 9), 12);
        Assert.Equal(0.41, schedule.At(2, 0), 12);
        Assert.Equal(0.205, schedule.At(4, 0), 12); // halfway through the 40 cosine steps
        Assert.Equal(0.5 * 0.41 * (1 + Math.Cos(Math.PI * 39 / 40)), schedule.At(5, 9), 12);
        Assert.True(schedule.At(5, 9) < 0.001);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.At(6, 0));
    }

    [Fact]
    public void Schedule_of_a_phase_peaks_at_the_batch_scaled_lr()
    {
        var phase = Presets.FullPhase with { Lr = 0.1, BatchSize = 128, BaseBatchSize = 256, WarmupEpochs = 0, Epochs = 3 };

        Assert.Equal(0.05, LrSchedule.For(phase, 7).At(0, 0), 12);
    }

    [Fact]
    public void Label_smoothed_cross_entropy_matches_a_hand_computation()
    {
        float[] row0 = [2f, 0.5f, -1f], row1 = [0f, 1f, 3f];
        using var logits = tensor(row0.Concat(row1).ToArray(), [2, 3]);
        using var labels = tensor(new long[] { 0, 1 });
        const double eps = 0.1;

        using var loss = Losses.LabelSmoothedCrossEntropy(logits, labels, eps);

        static double Smoothed(float[] z, int label, double eps)
        {
            var logSum = Math.Log(z.Sum(v => Math.Exp(v)));
            return z.Select((v, k) => -((k == label ? 1 - eps : 0) + (eps / z.Length)) * (v - logSum)).Sum();
        }

        Assert.Equal((Smoothed(row0, 0, eps) + Smoothed(row1, 1, eps)) / 2, loss.item<float>(), 5);
    }

    [Fact]
    public void Model_state_round_trips_to_identical_bytes()
    {
        using var a = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        using var b = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 2);
        var bytes = ModelState.Save(a);

        ModelState.Load(b, bytes);

        Assert.Equal(bytes, ModelState.Save(b));
        Assert.NotEqual(bytes, ModelState.Save(new OfaMobileNetV3(Presets.TinySupernet, Fashion, 3)));
    }

    [Fact]
    public void Model_state_of_another_architecture_is_rejected()
    {
        using var small = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        using var deeper = new OfaMobileNetV3(Presets.TinySupernet with { Depths = [3] }, Fashion, 1);

        Assert.Throws<InvalidDataException>(() => ModelState.Load(deeper, ModelState.Save(small)));
    }

    [Fact]
    public void Optimizer_momentum_buffers_round_trip()
    {
        using var net = new OfaMobileNetV3(Presets.TinySupernet, Fashion, 1);
        using var x = randn(8, 1, 28, 28);
        using var y = tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7 });
        SGD Optimizer() => new(net.parameters(), 0.1, momentum: 0.9, nesterov: true);
        using var first = Optimizer();
        first.zero_grad();
        Losses.LabelSmoothedCrossEntropy(net.forward(x), y, 0.1).backward();
        first.step();
        var bytes = SgdState.Save(first);

        using var second = Optimizer();
        SgdState.Load(second, bytes, CPU);

        Assert.Equal(bytes, SgdState.Save(second));
        Assert.All(second.state_dict().State.Cast<SGD.State>(), s => Assert.NotNull(s.momentum_buffer));
    }

    /// <summary>
    /// A parameter no step has used is not stepped (no momentum, no weight decay), and a run resumed from a checkpoint
    /// steps exactly the parameters the uninterrupted run steps: the checkpoint's flags, not "all" or "none".
    /// </summary>
    [Fact]
    public void Unused_parameters_are_not_stepped_and_a_resumed_run_steps_the_same_ones()
    {
        Sequential Net()
        {
            manual_seed(11);
            return nn.Sequential(("a", nn.Linear(4, 3)), ("b", nn.Linear(4, 3)));
        }

        Linear Layer(Sequential net, string name) => (Linear)net.named_children().Single(c => c.name == name).module;

        SGD Optimizer(Sequential net) => optim.SGD(net.parameters(), 0.1, momentum: 0.9, weight_decay: 0.1);
        using var x = ones(2, 4);

        void Step(Sequential net, SGD optimizer, string use)
        {
            optimizer.zero_grad();
            using var loss = Layer(net, use).forward(x).square().sum();
            loss.backward();
            optimizer.step();
        }

        float[] Weights(Sequential net) => [.. net.parameters().SelectMany(p => p.detach().data<float>().ToArray())];

        // Uninterrupted: a, then b (a idle but already stepped once), then a again.
        using var whole = Net();
        using var wholeOptimizer = Optimizer(whole);
        var initialB = Layer(whole, "b").weight!.detach().clone();
        Step(whole, wholeOptimizer, "a");
        Assert.Equal([true, true, false, false], PhaseOptimizer.Stepped(whole));
        Assert.True(Layer(whole, "b").weight!.allclose(initialB, rtol: 0, atol: 0), "b was stepped before any step used it");
        Step(whole, wholeOptimizer, "b");
        Step(whole, wholeOptimizer, "a");

        // Interrupted after the first step and resumed in a fresh network and optimiser, with and without the flags.
        using var first = Net();
        using var firstOptimizer = Optimizer(first);
        Step(first, firstOptimizer, "a");
        var (model, state, stepped) = (ModelState.Save(first), SgdState.Save(firstOptimizer), PhaseOptimizer.Stepped(first));

        float[] Resumed(bool restoreFlags)
        {
            using var net = Net();
            using var optimizer = Optimizer(net);
            ModelState.Load(net, model);
            SgdState.Load(optimizer, state, CPU);
            if (restoreFlags)
            {
                PhaseOptimizer.RestoreStepped(net, optimizer, stepped);
            }

            Step(net, optimizer, "b");
            Step(net, optimizer, "a");
            return Weights(net);
        }

        Assert.Equal(Weights(whole), Resumed(restoreFlags: true));
        Assert.NotEqual(Weights(whole), Resumed(restoreFlags: false));
    }

    [Fact]
    public void Checkpoint_container_round_trips_and_detects_damage()
    {
        var checkpoint = new TrainerCheckpoint(3, [1, 2, 3], [4, 5], [new MetricPoint(3, -1, "val_top1", 87.5)], [true, false, true]);
        var bytes = checkpoint.ToBytes();

        var parsed = TrainerCheckpoint.Parse(bytes);

        Assert.Equal(3, parsed.Epoch);
        Assert.Equal([1, 2, 3], parsed.Model);
        Assert.Equal([4, 5], parsed.Optimizer);
        Assert.Equal(checkpoint.EpochMetrics, parsed.EpochMetrics);
        Assert.Equal([true, false, true], parsed.Stepped);

        var flipped = bytes.ToArray();
        flipped[20] ^= 1;
        Assert.Throws<InvalidDataException>(() => TrainerCheckpoint.Parse(flipped));
        Assert.Throws<InvalidDataException>(() => TrainerCheckpoint.Parse(bytes[..^1]));
        Assert.Throws<InvalidDataException>(() => TrainerCheckpoint.Parse("not a checkpoint at all, clearly"u8.ToArray()));
    }

    [Fact]
    public void A_mid_epoch_checkpoint_round_trips_its_steps_and_an_empty_part_is_refused()
    {
        var checkpoint = new TrainerCheckpoint(1, [1], [2], [], [true], new PartialEpoch([0.5, double.Epsilon], [7, 64]));

        var parsed = TrainerCheckpoint.Parse(checkpoint.ToBytes());

        Assert.Equal(1, parsed.Epoch);
        Assert.Equal([0.5, double.Epsilon], parsed.Partial!.Losses);
        Assert.Equal([7L, 64L], parsed.Partial.Correct);
        Assert.Null(TrainerCheckpoint.Parse((checkpoint with { Partial = null }).ToBytes()).Partial);
        Assert.Throws<InvalidOperationException>(() => (checkpoint with { Partial = new PartialEpoch([], []) }).ToBytes());
        Assert.Throws<InvalidOperationException>(() => (checkpoint with { Partial = new PartialEpoch([0.5], []) }).ToBytes());
    }

    [Fact]
    public void A_version_2_checkpoint_from_before_mid_epoch_checkpoints_is_still_read()
    {
        // Version 2's layout, written by hand: what stores recorded before version 3 hold.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("OFAXCKPT"u8);
            writer.Write(2);
            writer.Write(4);
            writer.Write(3L);
            writer.Write(new byte[] { 1, 2, 3 });
            writer.Write(1L);
            writer.Write(new byte[] { 9 });
            writer.Write(1);
            writer.Write(4);
            writer.Write(-1);
            writer.Write("val_top1");
            writer.Write(50.0);
            writer.Write(2);
            writer.Write(false);
            writer.Write(true);
        }

        var body = stream.ToArray();
        var parsed = TrainerCheckpoint.Parse([.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);

        Assert.Equal(4, parsed.Epoch);
        Assert.Equal([1, 2, 3], parsed.Model);
        Assert.Equal([9], parsed.Optimizer);
        Assert.Equal([new MetricPoint(4, -1, "val_top1", 50.0)], parsed.EpochMetrics);
        Assert.Equal([false, true], parsed.Stepped);
        Assert.Null(parsed.Partial);
    }

    [Fact]
    public void Tempered_kl_is_zero_for_agreeing_logits_and_matches_a_hand_computation()
    {
        using var teacher = TorchSharp.torch.tensor(new float[] { 2f, 0f, -1f }).reshape(1, 3);
        using var student = TorchSharp.torch.tensor(new float[] { 0f, 1f, 0f }).reshape(1, 3);
        Assert.Equal(0, Losses.TemperedKl(teacher, teacher, 3.0).item<float>(), 6);

        static double[] Softmax(double[] z, double t)
        {
            var e = z.Select(v => Math.Exp(v / t)).ToArray();
            return e.Select(v => v / e.Sum()).ToArray();
        }

        var p = Softmax([2, 0, -1], 2);
        var q = Softmax([0, 1, 0], 2);
        var expected = 4 * p.Select((pi, i) => pi * Math.Log(pi / q[i])).Sum();
        Assert.Equal(expected, Losses.TemperedKl(student, teacher, 2.0).item<float>(), 5);
    }
}
