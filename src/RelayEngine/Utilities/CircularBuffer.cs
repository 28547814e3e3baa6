namespace RelayEngine.Utilities;

/// <summary>A fixed-capacity ring that overwrites the oldest item (Aspire's CircularBuffer, reduced). Not thread-safe.</summary>
internal sealed class CircularBuffer<T>(int capacity)
{
    private readonly T[] _items = new T[Math.Max(1, capacity)];
    private int _start;

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
        }
        else
        {
            _items[_start] = item;
            _start = (_start + 1) % _items.Length;
        }
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        for (var i = 0; i < Count; i++) result[i] = _items[(_start + i) % _items.Length];
        return result;
    }
}
