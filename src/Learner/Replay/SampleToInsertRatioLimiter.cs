namespace Flock.Learner.Replay;

/// <summary>
/// Keeps the learner's consumption of replay in step with the actors' production, in the manner of
/// Reverb's SampleToInsertRatio rate limiter, counted in transitions. Pure bookkeeping: it answers whether
/// an operation may go ahead and is told when one did; the caller (the replay actor) decides whether to
/// wait, queue or drop.
/// <para>
/// Let D = inserts·ratio − samples, the samples owed to the inserts made so far. An operation is allowed
/// when it keeps D within ±<see cref="ErrorBuffer"/> afterwards: sampling n while D − n ≥ −buffer, inserting
/// n while D + n·ratio ≤ +buffer. Sampling needs at least <see cref="MinSizeToSample"/> inserts; before
/// that, inserts are always allowed.
/// </para>
/// <para>
/// It never deadlocks, for any batch sizes: a batch too large to fit the band is still allowed when the
/// balance leans its way, sampling when D ≥ 0 and inserting when D ≤ 0. As one of those always holds, at
/// least one of the two operations is always allowed once the minimum size is reached. The price is an
/// overshoot of at most one batch past the band in that case.
/// </para>
/// </summary>
public sealed class SampleToInsertRatioLimiter
{
    /// <param name="minSizeToSample">Inserted transitions required before the first sample.</param>
    /// <param name="samplesPerInsert">Target sampled transitions per inserted transition (the replay ratio).</param>
    /// <param name="errorBuffer">Allowed drift from the target, in sampled transitions.</param>
    public SampleToInsertRatioLimiter(long minSizeToSample, double samplesPerInsert, double errorBuffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSizeToSample, 1);
        if (!(samplesPerInsert > 0) || !double.IsFinite(samplesPerInsert))
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerInsert), samplesPerInsert, "Samples per insert must be a finite number > 0.");
        }

        if (!(errorBuffer >= 0) || !double.IsFinite(errorBuffer))
        {
            throw new ArgumentOutOfRangeException(nameof(errorBuffer), errorBuffer, "Error buffer must be a finite number ≥ 0 of sampled transitions.");
        }

        MinSizeToSample = minSizeToSample;
        SamplesPerInsert = samplesPerInsert;
        ErrorBuffer = errorBuffer;
    }

    public long MinSizeToSample { get; }

    public double SamplesPerInsert { get; }

    public double ErrorBuffer { get; }

    /// <summary>Transitions inserted so far.</summary>
    public long Inserted { get; private set; }

    /// <summary>Transitions sampled so far.</summary>
    public long Sampled { get; private set; }

    /// <summary>D = inserts·ratio − samples: samples owed; negative when sampling ran ahead.</summary>
    public double SampleDebt => (Inserted * SamplesPerInsert) - Sampled;

    /// <summary>Whether sampling <paramref name="n"/> transitions now keeps the ratio, once the minimum size is reached.</summary>
    public bool CanSample(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (Inserted < MinSizeToSample)
        {
            return false;
        }

        var debt = SampleDebt;
        return debt - n >= -ErrorBuffer || debt >= 0;
    }

    /// <summary>Whether inserting <paramref name="n"/> transitions now keeps the ratio; always before the minimum size.</summary>
    public bool CanInsert(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (Inserted < MinSizeToSample)
        {
            return true;
        }

        var debt = SampleDebt;
        return debt + (n * SamplesPerInsert) <= ErrorBuffer || debt <= 0;
    }

    /// <summary>Records that <paramref name="n"/> transitions were sampled.</summary>
    public void OnSampled(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Sampled += n;
    }

    /// <summary>Records that <paramref name="n"/> transitions were inserted.</summary>
    public void OnInserted(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Inserted += n;
    }
}
