using System.Globalization;

namespace Flock.Shared.Wire;

/// <summary>
/// Builds every <see cref="WireFormatException"/> the decoder throws, so that messages read the same everywhere:
/// field first, then the bad value, then what was allowed.
/// </summary>
internal static class WireErrors
{
    public static WireFormatException NegativeLength(string field, long value) => new(
        field,
        Text(value),
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value}: a length must be ≥ 0."));

    public static WireFormatException OverLimit(string field, long value, string limitName, long limit) => new(
        field,
        Text(value),
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value} exceeds WireLimits.{limitName} = {limit}."));

    public static WireFormatException OutOfRange(string field, long value, string allowed) => new(
        field,
        Text(value),
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value}: must be {allowed}."));

    public static WireFormatException LengthMismatch(string field, long value, string expectation, long expected) => new(
        field,
        Text(value),
        string.Create(CultureInfo.InvariantCulture, $"{field} has {value} elements but {expectation} requires {expected}."));

    public static WireFormatException BadElement(string field, int index, string value, string allowed) => new(
        field,
        value,
        string.Create(CultureInfo.InvariantCulture, $"{field}[{index}] = {value}: must be {allowed}."));

    public static WireFormatException BadFloat(string field, int index, float value, string allowed) =>
        BadElement(field, index, value.ToString("R", CultureInfo.InvariantCulture), allowed);

    public static WireFormatException BadDouble(string field, double value, string allowed) => new(
        field,
        value.ToString("R", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value:R}: must be {allowed}."));

    public static WireFormatException TrailingBytes(long trailing) => new(
        "message",
        Text(trailing),
        string.Create(CultureInfo.InvariantCulture, $"message: {trailing} trailing bytes follow the MessagePack document (one message must fill the buffer)."));

    public static WireFormatException Truncated(string field, long remainingBytes) => new(
        field,
        Text(remainingBytes),
        string.Create(CultureInfo.InvariantCulture, $"{field}: the message ends inside it, {remainingBytes} bytes remained (truncated message)."));

    public static WireFormatException WrongType(string field, string code, string expected) => new(
        field,
        code,
        string.Create(CultureInfo.InvariantCulture, $"{field}: expected {expected} but found MessagePack code {code}."));

    public static WireFormatException Malformed(string field, string code, Exception libraryError) => new(
        field,
        code,
        string.Create(CultureInfo.InvariantCulture, $"{field}: malformed MessagePack value ({libraryError.Message})"),
        libraryError);

    public static WireFormatException LengthMismatch(string field, long byteLength, int elementSize, string expectation, long expectedCount) => new(
        field,
        Text(byteLength),
        string.Create(CultureInfo.InvariantCulture, $"{field} holds {byteLength} bytes but {expectation} = {expectedCount} requires {expectedCount * elementSize} ({elementSize} per element)."));

    public static WireFormatException InvalidUtf8(string field, int byteLength) => new(
        field,
        Text(byteLength),
        string.Create(CultureInfo.InvariantCulture, $"{field}: its {byteLength} bytes are not valid UTF-8."));

    public static WireFormatException Invalid(string field, string value, string reason) => new(
        field,
        value,
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value}: {reason}."));

    public static WireFormatException ArraysTruncated(string field, long value, long neededBytes, long remainingBytes) => new(
        field,
        Text(value),
        string.Create(CultureInfo.InvariantCulture, $"{field} = {value} needs {neededBytes} bytes of arrays but only {remainingBytes} remain (truncated message)."));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
