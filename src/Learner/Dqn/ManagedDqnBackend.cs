using Flock.Learner.Networks;
using Flock.Learner.Numerics;
using Flock.Learner.Optimization;

namespace Flock.Learner.Dqn;

/// <summary>
/// The default backend: online and target <see cref="QNetwork"/>s and Adam on the CPU's vector units. A step
/// runs the online network once over s and s′ stacked (one product per layer instead of two), the target network
/// over s′, and the backward pass over the s rows only. Scratch buffers grow to the largest batch and are reused.
/// </summary>
public sealed unsafe class ManagedDqnBackend : IDqnBackend
{
    private readonly QNetwork _online;
    private readonly QNetwork _target;
    private readonly AdamOptimizer _adam;
    private readonly DqnOptions _options;
    private readonly AlignedBuffer _gradients;
    private AlignedBuffer _stackedObservations = new(0);
    private AlignedBuffer _onlineQ = new(0);
    private AlignedBuffer _targetQ = new(0);
    private AlignedBuffer _qGradient = new(0);
    private float[] _predictions = [];
    private float[] _targets = [];
    private float[] _predictionGradients = [];
    private int _capacity;

    /// <summary>A backend for an environment with <paramref name="obsDim"/>-float observations and <paramref name="actionCount"/> actions.</summary>
    public ManagedDqnBackend(int obsDim, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var spec = options.NetworkSpec(obsDim, actionCount);
        _online = new QNetwork(spec, options.Seed, options.DegreeOfParallelism);
        _target = new QNetwork(spec, options.Seed, options.DegreeOfParallelism);
        _target.CopyFrom(_online);
        _adam = new AdamOptimizer(_online.Layout.TotalLength, options.Adam);
        _gradients = new AlignedBuffer(_online.Layout.TotalLength);
    }

    public IQNetwork Online => _online;

    /// <summary>Gradients of the last step, after clipping.</summary>
    internal ReadOnlySpan<float> Gradients => _gradients.Span;

    public TrainStepResult TrainStep(SampledBatch batch, float learningRate, Span<float> absoluteTdErrors)
    {
        var spec = _online.Spec;
        BackendArguments.RequireTrainable(spec, batch, absoluteTdErrors.Length);
        var count = batch.Count;
        EnsureCapacity(count);
        int actions = spec.ActionCount, obsDim = spec.ObsDim;
        var observationFloats = count * obsDim;

        // Online pass over s (rows 0..count) and, for Double DQN's action choice, s′ (rows count..2·count).
        var stacked = _stackedObservations.Span;
        batch.Observations.AsSpan(0, observationFloats).CopyTo(stacked);
        var onlineRows = count;
        if (_options.DoubleDqn)
        {
            batch.NextObservations.AsSpan(0, observationFloats).CopyTo(stacked[observationFloats..]);
            onlineRows = 2 * count;
        }

        _online.Forward(_stackedObservations.Pointer, onlineRows, _onlineQ.Pointer);
        fixed (float* next = batch.NextObservations)
        {
            _target.Forward(next, count, _targetQ.Pointer);
        }

        var onlineQ = _onlineQ.Span;
        var targets = _targets.AsSpan(0, count);
        DoubleDqnTarget.Compute(
            onlineQ.Slice(count * actions, _options.DoubleDqn ? count * actions : 0),
            _targetQ.Span[..(count * actions)],
            actions,
            batch.Rewards,
            batch.Discounts,
            batch.Terminated,
            _options.DoubleDqn,
            targets);

        var predictions = _predictions.AsSpan(0, count);
        var absQSum = 0.0;
        for (var i = 0; i < count; i++)
        {
            var action = BackendArguments.RequireAction(batch, i, actions);
            predictions[i] = onlineQ[(i * actions) + action];
            absoluteTdErrors[i] = MathF.Abs(targets[i] - predictions[i]);
            absQSum += MathF.Abs(predictions[i]);
        }

        var predictionGradients = _predictionGradients.AsSpan(0, count);
        var loss = WeightedLoss.Evaluate(_options.Loss, predictions, targets, batch.ImportanceWeights, predictionGradients);

        // ∂L/∂Q is non-zero only at the taken action of each row.
        var qGradient = _qGradient.Span[..(count * actions)];
        qGradient.Clear();
        for (var i = 0; i < count; i++)
        {
            qGradient[(i * actions) + batch.Actions[i]] = predictionGradients[i];
        }

        _online.Backward(_stackedObservations.Pointer, count, _qGradient.Pointer, _gradients.Pointer);
        var clip = GradientClipping.ClipByGlobalNorm(_gradients.Span, _options.GradientClipNorm);
        _adam.Step(_online.Parameters, _gradients.Span, learningRate);
        _online.Version++;
        return new TrainStepResult(loss, (float)(absQSum / count), clip.Norm, clip.Clipped);
    }

    public void SyncTarget() => _target.CopyFrom(_online);

    public void ExportState(DqnTrainingState state)
    {
        RequireSameSpec(state);
        _online.CopyWeightsTo(state.Online);
        _target.CopyWeightsTo(state.Target);
        _adam.FirstMoment.CopyTo(state.AdamFirstMoment);
        _adam.SecondMoment.CopyTo(state.AdamSecondMoment);
        state.AdamStep = _adam.StepCount;
    }

    public void ImportState(DqnTrainingState state)
    {
        RequireSameSpec(state);
        _online.LoadWeights(state.Online, state.Updates);
        _target.LoadWeights(state.Target, state.Updates);
        _adam.Restore(state.AdamFirstMoment, state.AdamSecondMoment, state.AdamStep);
    }

    private void RequireSameSpec(DqnTrainingState state) => BackendArguments.RequireSameSpec(state, _online.Spec);

    private void EnsureCapacity(int count)
    {
        if (count <= _capacity)
        {
            return;
        }

        var spec = _online.Spec;
        _stackedObservations = new AlignedBuffer(2 * count * spec.ObsDim);
        _onlineQ = new AlignedBuffer(2 * count * spec.ActionCount);
        _targetQ = new AlignedBuffer(count * spec.ActionCount);
        _qGradient = new AlignedBuffer(count * spec.ActionCount);
        _predictions = new float[count];
        _targets = new float[count];
        _predictionGradients = new float[count];
        _capacity = count;
    }
}
