using NetVips;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// <c>data.dataset: image_folder</c> through the whole tool: a tree of JPEGs written here, planned, swept (a full and a
/// distilled kernel phase, decoded batch by batch), swept again for nothing, and the same results for any number of
/// decode threads (data.decode_threads is in no run id).
/// </summary>
public sealed class ImageFolderSweepTests
{
    private static readonly string[] Classes = ["ant", "bee", "cow"];

    /// <summary>A tiny supernet at 32 px over the generated tree; 72 train images, 18 of them held out.</summary>
    private static string Experiment(string root) => $"""
        seed: 0
        supernet:
          width_mult: 0.25
          stem_stride: 2
          stage_strides: [2, 2, 2, 1, 1]
          depths: [1, 2]
          resolutions: [32]
        data:
          dataset: image_folder
          root: {root}
          val_fraction: 0.25
          augment:
            random_resized_crop: 0.08
            horizontal_flip: true
        pipeline: [full, kernel]
        phases:
          full:
            epochs: 1
            batch_size: 16
            base_batch_size: 16
            lr: 0.05
          kernel:
            epochs: 1
            batch_size: 16
            base_batch_size: 16
            lr: 0.02
        eval:
          recal_images: 32
          recal_batch_size: 16
          resolutions: [32]

        """;

    [Fact]
    public void An_image_folder_plans_sweeps_and_gives_the_same_digests_for_any_decode_thread_count()
    {
        using var one = new Sandbox();
        var root = WriteTree(Path.Combine(one.Root, "photos"));
        one.Write("experiments/folder/experiment.yaml", Experiment(root));

        var plan = one.Run("plan", "experiments/folder");
        Assert.True(plan.Exit == 0, plan.Err);
        Assert.Contains("0 done, 2 to run", plan.Out, StringComparison.Ordinal);

        var first = one.Run("sweep", "experiments/folder", "data.decode_threads=1");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("2 trained, 0 reused", first.Out, StringComparison.Ordinal);
        // The plan does not know the folder's image count; the progress line counts it, so the first run's speed gives an ETA.
        Assert.Matches(@"(?m)^sweep 1/2 done, ETA \d", first.Err);

        var again = one.Run("sweep", "experiments/folder");
        Assert.True(again.Exit == 0, again.Err);
        Assert.Contains("0 trained, 2 reused", again.Out, StringComparison.Ordinal);

        using var three = new Sandbox();
        three.Write("experiments/folder/experiment.yaml", Experiment(root));
        var other = three.Run("sweep", "experiments/folder", "data.decode_threads=3");
        Assert.True(other.Exit == 0, other.Err);

        var digests = Digests(one.Db);
        Assert.Equal(2, digests.Count);
        Assert.Equal(digests, Digests(three.Db));
        using var store = RunStore.Open(one.Db);
        var kernel = store.All().Single(r => r.Phase == "kernel");
        Assert.NotEmpty(store.Evaluations(kernel.Id));
        Assert.All(store.Evaluations(kernel.Id), e => Assert.NotNull(e.TestTop1));
    }

    [Fact]
    public void A_run_stopped_mid_epoch_resumes_its_decoded_batches_to_the_uninterrupted_digest()
    {
        // Only the full phase, for two epochs of 13 steps (batches of 4): SIGTERM lands part-way through epoch 2.
        static string Yaml(string root) => Experiment(root)
            .Replace("pipeline: [full, kernel]", "pipeline: [full]", StringComparison.Ordinal)
            .Replace("epochs: 1\n    batch_size: 16\n    base_batch_size: 16\n    lr: 0.05", "epochs: 2\n    batch_size: 4\n    base_batch_size: 16\n    lr: 0.05", StringComparison.Ordinal);
        using var clean = new Sandbox();
        var root = WriteTree(Path.Combine(clean.Root, "photos"));
        clean.Write("experiments/tiny/experiment.yaml", Yaml(root));
        var uninterrupted = clean.Run("sweep", "experiments/tiny");
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Err);

        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml(root));
        var (exit, err, _) = SignalTests.SweepSignalled(box, " full epoch 2/2 step ", SignalTests.SigTerm);
        Assert.True(exit == Core.Errors.ExitCodes.Terminated, $"exit {exit}\n{err}");
        var resumed = box.Run("sweep", "experiments/tiny");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("part-way through epoch 2, from its mid-epoch checkpoint", resumed.Err, StringComparison.Ordinal);
        Assert.Equal(Digests(clean.Db), Digests(box.Db));
    }

    [Fact]
    public void The_search_kinds_measure_predict_search_and_fine_tune_on_an_image_folder()
    {
        // 90 training images after the hold-out: fine-tuning takes batches of 64.
        using var box = new Sandbox();
        var root = WriteTree(Path.Combine(box.Root, "photos"), train: 40);
        string Yaml(string target) => Experiment(root).Replace("pipeline: [full, kernel]", "pipeline: [full, accuracy_dataset, predictor, search]", StringComparison.Ordinal) + $"""
            accuracy_dataset:
              samples: 10
            predictor:
              hidden_size: 16
              epochs: 3
              holdout_fraction: 0.25
            search:
              population: 8
              generations: 3
              n2: 2
              finetune_epochs: 1
              targets: [{target}]

            """;

        // A sweep checks FLOPs targets before anything runs, with the classifier sized by the folder's classes.
        box.Write("experiments/s/experiment.yaml", Yaml("100000MFLOPs"));
        var outside = box.Run("sweep", "experiments/s");
        Assert.Equal(2, outside.Exit);
        var range = System.Text.RegularExpressions.Regex.Match(outside.Err, @"cost ([0-9.]+) to ([0-9.]+) MFLOPs");
        Assert.True(range.Success, outside.Err);
        var middle = (double.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            + double.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) / 2;
        box.Write("experiments/s/experiment.yaml", Yaml(middle.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + "MFLOPs"));

        var sweep = box.Run("sweep", "experiments/s");
        Assert.True(sweep.Exit == 0, sweep.Out + sweep.Err);
        using var store = RunStore.Open(box.Db);
        Assert.All(store.All(), r => Assert.Equal(RunStatus.Done, r.Status));
        var search = store.All().Single(r => r.Phase == "search");
        Assert.Contains(store.Evaluations(search.Id), e => e.Name.EndsWith("/finetuned", StringComparison.Ordinal) && e.TestTop1 is not null);
        Assert.Equal(10, store.Evaluations(store.All().Single(r => r.Phase == "accuracy_dataset").Id).Count);
    }

    [Fact]
    public void A_missing_or_unset_root_is_bad_input_naming_it()
    {
        using var box = new Sandbox();
        var missing = Path.Combine(box.Root, "no-such-photos");
        box.Write("experiments/folder/experiment.yaml", Experiment(missing));
        var plan = box.Run("plan", "experiments/folder");
        Assert.Equal(2, plan.Exit);
        Assert.Contains(Path.Combine(missing, "train"), plan.Err, StringComparison.Ordinal);
        Assert.Contains("data.root", plan.Err, StringComparison.Ordinal);
        var sweep = box.Run("sweep", "experiments/folder");
        Assert.Equal(2, sweep.Exit);
        Assert.Contains(Path.Combine(missing, "train"), sweep.Err, StringComparison.Ordinal);

        box.Write("experiments/folder/experiment.yaml", Experiment(missing).Replace($"  root: {missing}\n", "", StringComparison.Ordinal));
        var unset = box.Run("plan", "experiments/folder");
        Assert.Equal(2, unset.Exit);
        Assert.Contains("data.root", unset.Err, StringComparison.Ordinal);
        Assert.Contains("experiment.yaml", unset.Err, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Digests(string db)
    {
        using var store = RunStore.Open(db);
        Assert.All(store.All(), r => Assert.Equal(RunStatus.Done, r.Status));
        return store.All().ToDictionary(r => r.Id, r => r.ResultDigest!);
    }

    /// <summary>3 classes x <paramref name="train"/> train JPEGs of 48 x 40 px and 4 val JPEGs each: a class colour under seeded noise.</summary>
    private static string WriteTree(string root, int train = 24)
    {
        (double R, double G, double B)[] colours = [(200, 60, 40), (50, 180, 70), (40, 70, 190)];
        for (var c = 0; c < Classes.Length; c++)
        {
            for (var i = 0; i < train + 4; i++)
            {
                var split = i < train ? "train" : "val";
                var path = Path.Combine(root, split, Classes[c], $"{Classes[c]}_{i:D2}.jpg");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var noise = Image.Gaussnoise(48, 40, sigma: 40, mean: 0, seed: (c * 100) + i);
                using var rgb = noise.Bandjoin(noise.Rot180().Flip(Enums.Direction.Horizontal), noise.Flip(Enums.Direction.Vertical));
                using var image = (rgb + new[] { colours[c].R, colours[c].G, colours[c].B }).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
                image.Jpegsave(path, q: 90);
            }
        }

        return root;
    }
}
