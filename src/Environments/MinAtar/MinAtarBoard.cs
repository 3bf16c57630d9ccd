namespace Flock.Environments;

/// <summary>
/// A 10×10×C board of 0/1 cells written into an observation span, laid out as MinAtar's <c>state()</c> array:
/// row-major over (y, x, channel), so cell (y, x, c) is element <c>(y·10 + x)·C + c</c> (HWC).
/// </summary>
internal readonly ref struct MinAtarBoard
{
    public const int Size = 10;

    private readonly Span<float> _cells;
    private readonly int _channels;

    public MinAtarBoard(Span<float> cells, int channels)
    {
        _cells = cells[..(Size * Size * channels)];
        _channels = channels;
        _cells.Clear();
    }

    /// <summary>Sets cell (y, x, c); a coordinate of -1 is numpy's last row or column, as MinAtar's indexing gives.</summary>
    public void Set(int y, int x, int channel) =>
        _cells[(((y < 0 ? y + Size : y) * Size) + (x < 0 ? x + Size : x)) * _channels + channel] = 1f;

    /// <summary>Sets row <paramref name="y"/>, columns <c>start:stop</c> with Python's slice rules (negative ends count from 10).</summary>
    public void SetRowSlice(int y, int start, int stop, int channel)
    {
        for (var x = SliceEnd(start); x < SliceEnd(stop); x++)
        {
            Set(y, x, channel);
        }
    }

    /// <summary>Sets every cell of <paramref name="channel"/> whose entry in <paramref name="map"/> (10×10, row-major) is set.</summary>
    public void SetMap(ReadOnlySpan<bool> map, int channel)
    {
        for (var i = 0; i < Size * Size; i++)
        {
            if (map[i])
            {
                _cells[(i * _channels) + channel] = 1f;
            }
        }
    }

    private static int SliceEnd(int end) => Math.Clamp(end < 0 ? end + Size : end, 0, Size);
}
