using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelayEngine.Mihomo;

/// <summary>
/// Reads a Mihomo port: a string (<c>"443"</c>, what Mihomo sends) or a number. Empty, <c>"0"</c>, non-numeric and out of
/// range values read as null (unknown) rather than failing the whole snapshot.
/// </summary>
internal sealed class MihomoPortConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt32(out value):
                break;
            case JsonTokenType.String when !reader.HasValueSequence && !reader.ValueIsEscaped
                && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length:
                break;
            case JsonTokenType.String when int.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value):
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
        return value is >= 1 and <= 65535 ? value : null;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } port) writer.WriteStringValue(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}
