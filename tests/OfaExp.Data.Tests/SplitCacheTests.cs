using OfaExp.Core.Errors;

namespace OfaExp.Data.Tests;

public class SplitCacheTests
{
    private static ImageSet Set(int images) => new(new byte[images * 4], new byte[images], 2, 2, 1, 10);

    private static SplitCacheKey Key(string selection) => new("fashion-mnist", "/data", SplitCacheKey.TrainSplit, selection, "stamp");

    [Fact]
    public void The_same_key_returns_the_loaded_sets_without_loading_again()
    {
        var cache = new SplitCache(1 << 20);
        var loads = 0;
        ImageSet[] Load()
        {
            loads++;
            return [Set(3), Set(2)];
        }

        var first = cache.GetOrLoad(Key("a"), Load);
        var second = cache.GetOrLoad(Key("a"), Load);

        Assert.Equal(1, loads);
        Assert.Same(first, second);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));
        Assert.Equal(5 * 4 + 5, cache.Bytes);
    }

    [Fact]
    public void Any_other_part_of_the_key_is_a_miss()
    {
        var cache = new SplitCache(1 << 20);
        var key = Key("a");
        var original = cache.GetOrLoad(key, () => [Set(1)]);
        SplitCacheKey[] others =
        [
            key with { Dataset = "cifar10" }, key with { Root = "/elsewhere" }, key with { Split = SplitCacheKey.TestSplit },
            key with { Selection = "b" }, key with { FilesStamp = "changed" },
        ];

        foreach (var other in others)
        {
            Assert.NotSame(original, cache.GetOrLoad(other, () => [Set(1)]));
        }

        Assert.Equal(others.Length + 1, cache.Misses);
        Assert.Same(original, cache.GetOrLoad(key, () => throw new InvalidOperationException("not loaded again")));
    }

    [Fact]
    public void The_least_recently_used_groups_are_dropped_beyond_the_capacity_and_an_oversized_group_is_not_kept()
    {
        var cache = new SplitCache(3 * 5);
        var a = cache.GetOrLoad(Key("a"), () => [Set(1)]);
        var b = cache.GetOrLoad(Key("b"), () => [Set(1)]);
        _ = cache.GetOrLoad(Key("a"), () => [Set(1)]);
        _ = cache.GetOrLoad(Key("c"), () => [Set(1)]);
        _ = cache.GetOrLoad(Key("d"), () => [Set(1)]);

        // a was used after b, so b went first when d came in.
        Assert.Same(a, cache.GetOrLoad(Key("a"), () => [Set(1)]));
        Assert.NotSame(b, cache.GetOrLoad(Key("b"), () => [Set(1)]));
        Assert.True(cache.Bytes <= cache.CapacityBytes);

        var big = cache.GetOrLoad(Key("big"), () => [Set(10)]);
        Assert.NotSame(big, cache.GetOrLoad(Key("big"), () => [Set(10)]));
        Assert.True(cache.Bytes <= cache.CapacityBytes);
    }

    [Fact]
    public void A_failed_load_is_not_cached()
    {
        var cache = new SplitCache(1 << 20);

        Assert.Throws<OfaExpException>(() => cache.GetOrLoad(Key("a"), () => throw new OfaExpException("missing")));

        Assert.Single(cache.GetOrLoad(Key("a"), () => [Set(1)]));
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void The_capacity_variable_is_mebibytes_zero_turns_it_off_and_garbage_is_refused()
    {
        Assert.Equal(SplitCache.DefaultCapacityMiB * 1024 * 1024, SplitCache.CapacityFromEnvironment(null));
        Assert.Equal(SplitCache.DefaultCapacityMiB * 1024 * 1024, SplitCache.CapacityFromEnvironment(""));
        Assert.Equal(0, SplitCache.CapacityFromEnvironment("0"));
        Assert.Equal(64L * 1024 * 1024, SplitCache.CapacityFromEnvironment("64"));

        var e = Assert.Throws<OfaExpException>(() => SplitCache.CapacityFromEnvironment("1.5GB"));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(SplitCache.CapacityVariable, e.Message, StringComparison.Ordinal);

        var off = new SplitCache(0);
        Assert.NotSame(off.GetOrLoad(Key("a"), () => [Set(1)]), off.GetOrLoad(Key("a"), () => [Set(1)]));
    }

    [Fact]
    public void Keys_follow_the_data_set_root_split_and_files()
    {
        using var copy = new TempDir();
        foreach (var file in new[] { FashionMnist.TrainImagesFile, FashionMnist.TrainLabelsFile, FashionMnist.TestImagesFile, FashionMnist.TestLabelsFile })
        {
            File.Copy(Path.Combine(RealData.Root, file), copy.File(file));
        }

        var spec = RealData.Spec() with { Root = copy.Path };
        var key = SplitCacheKey.For(spec, SplitCacheKey.TrainSplit, "s");

        Assert.Equal(key, SplitCacheKey.For(spec with { Root = copy.Path + "/" }, SplitCacheKey.TrainSplit, "s"));
        Assert.NotEqual(key, SplitCacheKey.For(RealData.Spec(), SplitCacheKey.TrainSplit, "s"));
        Assert.NotEqual(key, SplitCacheKey.For(spec, SplitCacheKey.TestSplit, "s"));
        Assert.NotEqual(key, SplitCacheKey.For(spec, SplitCacheKey.TrainSplit, "t"));

        // Another file under the same name (here: the same bytes, rewritten later) is another key.
        File.SetLastWriteTimeUtc(copy.File(FashionMnist.TrainLabelsFile), DateTime.UtcNow.AddMinutes(-5));
        Assert.NotEqual(key, SplitCacheKey.For(spec, SplitCacheKey.TrainSplit, "s"));

        Assert.Throws<OfaExpException>(() => SplitCacheKey.For(spec with { Root = copy.File("absent") }, SplitCacheKey.TrainSplit, "s"));
    }
}
