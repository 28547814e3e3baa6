namespace RelayEngine.Transport;

/// <summary>A relay could not bind its listen address; the message is shown to the user as the Faulted reason.</summary>
public sealed class RelayBindException(string message, Exception? inner = null) : Exception(message, inner);
