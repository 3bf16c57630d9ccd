namespace Flock.Environments;

// How a VectorEnv survives a faulting environment: see the remarks on the class.
public sealed partial class VectorEnv
{
    /// <summary>Resets environment <paramref name="index"/> into its observation row; false (fault recorded) if that failed.</summary>
    private bool TryReset(int index, ulong? seed)
    {
        var row = _observations.AsSpan(index * _observationSize, _observationSize);
        try
        {
            _environments[index].Reset(row, seed);
        }
        catch (Exception exception)
        {
            RecordFault(index, 0, EnvironmentFaultKind.Threw, EnvironmentFaultException.ThrewDetail(exception), exception);
            row.Clear();
            return false;
        }

        if (!AllFinite(row))
        {
            var (kind, detail) = EnvironmentFaultException.FindNonFinite(row, 0f)!.Value;
            RecordFault(index, 0, kind, detail, null);
            row.Clear();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Drops the faulted episode of <paramref name="index"/> and starts a new one with a fresh seed (derived from
    /// the vector's seed and the fault count, so a run stays reproducible), so the same fault is not replayed.
    /// </summary>
    private void AbandonEpisode(int index)
    {
        ClearStep(index);
        MarkFaulted(index);
        StartNextEpisode(index);
        _needsReset[index] = !TryReset(index, Seeding.ForIndex(_seed ^ ((ulong)TotalFaults * 0x9E3779B97F4A7C15UL), index));
    }

    private void MarkFaulted(int index)
    {
        _faulted[index] = true;
        _needsReset[index] = true;
        FaultedCount++;
    }

    private void ClearStep(int index)
    {
        _rewards[index] = 0f;
        _terminated[index] = false;
        _truncated[index] = false;
        _finalObservations.AsSpan(index * _observationSize, _observationSize).Clear();
    }

    private void RecordFault(int index, int step, EnvironmentFaultKind kind, string detail, Exception? inner)
    {
        TotalFaults++;
        _firstFault ??= new EnvironmentFaultException(EnvId, index, _episodeNumbers[index], step, kind, detail, inner);
    }

    private void ThrowFirstFault()
    {
        if (_firstFault is { } fault)
        {
            _firstFault = null;
            throw fault;
        }
    }
}
