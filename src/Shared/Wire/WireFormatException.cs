namespace Flock.Shared.Wire;

/// <summary>
/// A buffer that is not a valid Flock message: the one exception a decoder throws. <see cref="Field"/> names
/// what was wrong (for example <c>TransitionBatch.Discounts</c>) and <see cref="Value"/> holds the offending
/// value as text, so logs and metrics can group failures without parsing the message.
/// </summary>
public class WireFormatException : Exception
{
    public WireFormatException()
        : this("message", string.Empty, "Invalid wire message.")
    {
    }

    public WireFormatException(string message)
        : this("message", string.Empty, message)
    {
    }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "message";
        Value = string.Empty;
    }

    public WireFormatException(string field, string value, string message)
        : base(message)
    {
        Field = field;
        Value = value;
    }

    /// <summary>A format error caused by <paramref name="innerException"/>, such as one the MessagePack reader threw.</summary>
    public WireFormatException(string field, string value, string message, Exception innerException)
        : base(message, innerException)
    {
        Field = field;
        Value = value;
    }

    /// <summary>Dotted name of the field that was invalid, such as <c>header.magic</c> or <c>WeightSnapshot.Weights</c>.</summary>
    public string Field { get; }

    /// <summary>The invalid value, formatted with the invariant culture.</summary>
    public string Value { get; }
}
