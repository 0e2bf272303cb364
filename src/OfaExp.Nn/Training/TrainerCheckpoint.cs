using System.Security.Cryptography;
using System.Text;
using OfaExp.Core.Runs;

namespace OfaExp.Nn.Training;

/// <summary>
/// What a phase trainer saves after each epoch, or in the middle of one when it is stopped: model state, optimiser
/// state (momentum buffers, group options), the epoch's epoch-level metrics (so a run resumed after its last epoch
/// can still report them) and which parameters the optimiser steps (those that have had a gradient: see
/// <see cref="PhaseOptimizer"/>). A mid-epoch checkpoint has <see cref="Partial"/>: <see cref="Epoch"/> is then the
/// epoch in progress, not the last one finished, and its epoch metrics are empty. No RNG state: every random choice
/// derives from (seed, epoch, step). Container, little-endian:
/// "OFAXCKPT", int32 version, int32 epoch, int64 length + model bytes, int64 length + optimiser bytes, int32 count +
/// (epoch, step, name, value) metrics, int32 count + one byte (0/1) per parameter, then (version 3) int32 steps of
/// the epoch trained (0: the epoch is finished) + per step a double loss and an int64 correct count, then SHA-256 of
/// everything before it. Version 2 (no steps) is still read, as an end-of-epoch checkpoint.
/// </summary>
public sealed record TrainerCheckpoint(
    int Epoch, byte[] Model, byte[] Optimizer, IReadOnlyList<MetricPoint> EpochMetrics, IReadOnlyList<bool> Stepped, PartialEpoch? Partial = null)
{
    private const int Version = 3;
    private const int EpochEndVersion = 2;
    private static readonly byte[] Magic = "OFAXCKPT"u8.ToArray();

    public byte[] ToBytes()
    {
        if (Partial is not null && (Partial.Steps == 0 || Partial.Correct.Count != Partial.Steps))
        {
            throw new InvalidOperationException(
                $"A mid-epoch checkpoint needs at least one trained step and one correct count per loss (has {Partial.Steps} and {Partial.Correct.Count}).");
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Epoch);
            writer.Write((long)Model.Length);
            writer.Write(Model);
            writer.Write((long)Optimizer.Length);
            writer.Write(Optimizer);
            writer.Write(EpochMetrics.Count);
            foreach (var m in EpochMetrics)
            {
                writer.Write(m.Epoch);
                writer.Write(m.Step);
                writer.Write(m.Name);
                writer.Write(m.Value);
            }

            writer.Write(Stepped.Count);
            foreach (var stepped in Stepped)
            {
                writer.Write(stepped);
            }

            writer.Write(Partial?.Steps ?? 0);
            for (var s = 0; s < (Partial?.Steps ?? 0); s++)
            {
                writer.Write(Partial!.Losses[s]);
                writer.Write(Partial.Correct[s]);
            }
        }

        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <exception cref="InvalidDataException">Not a checkpoint of this format, or damaged.</exception>
    public static TrainerCheckpoint Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        const int hashSize = SHA256.HashSizeInBytes;
        if (bytes.Length < Magic.Length + 4 + hashSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("it is not an OfaExp trainer checkpoint (bad magic)");
        }

        var body = bytes.AsSpan(0, bytes.Length - hashSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashSize)))
        {
            throw new InvalidDataException("its SHA-256 does not match its content");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
            reader.ReadBytes(Magic.Length);
            var version = reader.ReadInt32();
            if (version is not (Version or EpochEndVersion))
            {
                throw new InvalidDataException($"format version {version} is not one of the supported {EpochEndVersion} and {Version}");
            }

            var epoch = reader.ReadInt32();
            var model = ReadBlock(reader);
            var optimizer = ReadBlock(reader);
            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException("negative metric count");
            }

            var metrics = new List<MetricPoint>(count);
            for (var i = 0; i < count; i++)
            {
                metrics.Add(new MetricPoint(reader.ReadInt32(), reader.ReadInt32(), reader.ReadString(), reader.ReadDouble()));
            }

            var parameters = reader.ReadInt32();
            if (parameters < 0 || parameters > body.Length)
            {
                throw new InvalidDataException($"a parameter count of {parameters} does not fit the checkpoint");
            }

            var stepped = new bool[parameters];
            for (var i = 0; i < parameters; i++)
            {
                stepped[i] = reader.ReadBoolean();
            }

            var partial = version == Version ? ReadPartial(reader, body.Length) : null;
            if (reader.BaseStream.Position != body.Length)
            {
                throw new InvalidDataException("unexpected bytes after its last field");
            }

            return new TrainerCheckpoint(epoch, model, optimizer, metrics, stepped, partial);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("it ends early", e);
        }
    }

    private static PartialEpoch? ReadPartial(BinaryReader reader, int bodyLength)
    {
        var steps = reader.ReadInt32();
        if (steps < 0 || steps > bodyLength / 16)
        {
            throw new InvalidDataException($"a step count of {steps} does not fit the checkpoint");
        }

        if (steps == 0)
        {
            return null;
        }

        var losses = new double[steps];
        var correct = new long[steps];
        for (var s = 0; s < steps; s++)
        {
            losses[s] = reader.ReadDouble();
            correct[s] = reader.ReadInt64();
        }

        return new PartialEpoch(losses, correct);
    }

    private static byte[] ReadBlock(BinaryReader reader)
    {
        var length = reader.ReadInt64();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"a block length of {length} does not fit the checkpoint");
        }

        return reader.ReadBytes((int)length);
    }
}
