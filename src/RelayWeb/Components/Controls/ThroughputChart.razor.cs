using Microsoft.AspNetCore.Components;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Controls;

/// <summary>Bytes per second each way over a time window, as two area series; the right edge is the latest second.</summary>
public partial class ThroughputChart
{
    [Parameter, EditorRequired]
    public required ThroughputSeries Series { get; set; }

    [Parameter]
    public int Height { get; set; } = 260;

    [Parameter]
    public string? TestId { get; set; }

    /// <summary>
    /// Four gridlines a power of two apart (256 B, 512 KB...), so every label is a round size; at least 256 B/s, so an idle
    /// relay shows a flat line at the bottom instead of a scale of 0-1 bytes.
    /// </summary>
    private double AxisStepBytes => Math.Pow(2, Math.Max(8, Math.Ceiling(Math.Log2(Math.Max(1, Series.PeakPerSecond * 1.1 / 4)))));

    private TimeSpan AxisStep => (Series.WindowEndUtc - Series.WindowStartUtc).TotalMinutes > 6
        ? TimeSpan.FromMinutes(3)
        : TimeSpan.FromMinutes(1);

    private static string FormatTime(object value) => value is DateTime time ? time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static string FormatRate(object value) => value switch
    {
        double d => DisplayFormat.BytesPerSecond(d),
        IConvertible c => DisplayFormat.BytesPerSecond(c.ToDouble(System.Globalization.CultureInfo.InvariantCulture)),
        _ => "",
    };

    private static string Tooltip(ThroughputPoint point, bool down) =>
        $"{DisplayFormat.ClockTime(point.Time)} UTC · {(down ? "down" : "up")} {DisplayFormat.BytesPerSecond(down ? point.DownPerSecond : point.UpPerSecond)}";
}
