using System.Globalization;
using RelayWeb.Api.Contracts;
using RelayWeb.Api.Events;
using RelayWeb.Data;

namespace RelayWeb.NodePass;

/// <summary>
/// An instance's log lines for NodePass's <c>log</c> events, made from the engine's own events: state changes (with their
/// reason) and connections opened and closed, in NodePass's line shape (<c>2025-01-02 15:04:05.000 INFO  message</c>).
/// Traffic figures are not log lines (NodePass filters its traffic and health-check lines out of <c>log</c> events too).
/// </summary>
public static class NodePassLogLines
{
    /// <summary>The line for <paramref name="message"/>, or null when it is not one an instance log shows.</summary>
    public static string? Format(EngineEventMessage message, DateTimeOffset now)
    {
        var (level, text) = message.Payload switch
        {
            RelayStateDto s => (s.State == RelayEngine.Model.RelayStatus.Faulted ? "ERROR" : "INFO ", StateText(s)),
            ConnectionDto c when message.Type == EngineEventMessage.ConnectionOpened => ("INFO ", $"[new] {c.Network} {c.Source} -> {c.Target ?? "(none)"} (id {c.Id})"),
            ConnectionDto c when message.Type == EngineEventMessage.ConnectionClosed =>
                ("INFO ", string.Create(CultureInfo.InvariantCulture, $"[closed] {c.Network} {c.Source} -> {c.Target ?? "(none)"} up {c.BytesUp} B, down {c.BytesDown} B, {(c.CloseReason is { } reason ? ConnectionMapper.ToText(reason) : null) ?? "closed"}, {c.DurationMs} ms (id {c.Id})")),
            _ => (null, null),
        };
        return text is null ? null : $"{now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} {level} {text}";
    }

    private static string StateText(RelayStateDto state)
    {
        var text = $"State: {state.State}";
        if (state.BoundEndpoint is { } bound) text += $" on {bound}";
        return state.Reason is { Length: > 0 } reason ? $"{text} ({reason})" : text;
    }
}
