namespace Toolchain.Rl.Advantages;

/// <summary>
/// DDPO's reward normaliser: for each prompt, a ring buffer of its most recent rewards (across epochs).
/// A = (r - mean) / (std + 1e-6), with mean/std from the prompt's buffer once it holds at least
/// <see cref="MinCount"/> rewards, and from the whole current batch before that. As in the reference,
/// the batch's rewards enter the buffer before the statistics are taken, and std is the population std.
/// </summary>
public sealed class PerPromptStatTracker
{
    public const double Epsilon = 1e-6;

    private readonly SortedDictionary<string, Queue<float>> buffers = new(StringComparer.Ordinal);

    public PerPromptStatTracker(int bufferSize = 32, int minCount = 16)
    {
        if (bufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "buffer size must be at least 1");
        }
        if (minCount < 0 || minCount > bufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minCount), minCount, $"min count must be between 0 and the buffer size {bufferSize}");
        }
        BufferSize = bufferSize;
        MinCount = minCount;
    }

    public int BufferSize { get; }

    public int MinCount { get; }

    /// <summary>Adds the batch to the buffers and returns one advantage per reward.</summary>
    public double[] Update(IReadOnlyList<string> prompts, IReadOnlyList<float> rewards)
    {
        if (prompts.Count != rewards.Count)
        {
            throw new ArgumentException($"{prompts.Count} prompts but {rewards.Count} rewards", nameof(rewards));
        }
        var (batchMean, batchStd) = Statistics.MeanStd(rewards);
        var advantages = new double[rewards.Count];
        foreach (var prompt in prompts.Distinct(StringComparer.Ordinal))
        {
            var members = Enumerable.Range(0, prompts.Count).Where(i => prompts[i] == prompt).ToArray();
            if (!buffers.TryGetValue(prompt, out var buffer))
            {
                buffer = new Queue<float>(BufferSize);
                buffers[prompt] = buffer;
            }
            foreach (int i in members)
            {
                if (buffer.Count == BufferSize)
                {
                    buffer.Dequeue();
                }
                buffer.Enqueue(rewards[i]);
            }
            var (mean, std) = buffer.Count < MinCount ? (batchMean, batchStd) : Statistics.MeanStd(buffer.ToArray());
            foreach (int i in members)
            {
                advantages[i] = (rewards[i] - mean) / (std + Epsilon);
            }
        }
        return advantages;
    }

    /// <summary>Each prompt's buffer, oldest first (for checkpoints and diagnostics).</summary>
    public IReadOnlyDictionary<string, float[]> Buffers => buffers.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Replaces all buffers with saved ones (resume).</summary>
    public void Restore(IReadOnlyDictionary<string, float[]> saved)
    {
        buffers.Clear();
        foreach (var (prompt, values) in saved)
        {
            if (values.Length > BufferSize)
            {
                throw new ArgumentException($"saved buffer for '{prompt}' holds {values.Length} rewards, more than the buffer size {BufferSize}", nameof(saved));
            }
            buffers[prompt] = new Queue<float>(values);
        }
    }
}
