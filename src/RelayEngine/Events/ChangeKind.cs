namespace RelayEngine.Events;

public enum ChangeKind
{
    /// <summary>The item is new or its values changed; replace what you hold.</summary>
    Upsert,

    /// <summary>The item closed or went away.</summary>
    Remove,

    /// <summary>The subscriber fell behind and changes were dropped: clear everything; the Upserts that follow in the same batch are the full current state.</summary>
    Resync,
}
