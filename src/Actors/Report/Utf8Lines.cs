namespace Flock.Actors.Report;

/// <summary>
/// The non-empty lines of a UTF-8 text file, streamed as byte spans over one reused buffer: no string per line, so a
/// file of millions of lines costs its buffer, not its size. Lines end at \n, \r\n or \r, as <see cref="File.ReadLines(string)"/>
/// splits them, and a UTF-8 byte order mark at the start is skipped, as it does.
/// </summary>
public sealed class Utf8Lines : IDisposable
{
    private const int BufferBytes = 1 << 20;

    private readonly FileStream _file;
    private byte[] _buffer = new byte[BufferBytes];

    // The bytes not yet returned are _buffer[_start.._end).
    private int _start;
    private int _end;
    private bool _atEnd;
    private bool _started;

    public Utf8Lines(string path) =>
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>The next non-empty line, without its line break; valid until the next call. False after the last line.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            var stop = unread.IndexOfAny((byte)'\n', (byte)'\r');
            if (stop >= 0)
            {
                line = unread[..stop];
                _start += stop + 1;
                if (line.Length > 0)
                {
                    return true;
                }

                continue;
            }

            if (_atEnd)
            {
                // The last line has no line break after it (or there is nothing left).
                line = unread;
                _start = _end;
                return line.Length > 0;
            }

            Fill();
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Moves the unfinished line to the front and reads after it; a line longer than the buffer doubles the buffer.</summary>
    private void Fill()
    {
        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        var read = _file.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _atEnd = read == 0;
        if (!_started)
        {
            _started = true;
            if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                _start = 3;
            }
        }
    }
}
