using System.Text.Json.Serialization;

namespace RelayEngine.Mihomo;

/// <summary>Source-generated System.Text.Json metadata for Mihomo snapshots (no reflection on the 1-second path).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(MihomoSnapshot))]
internal sealed partial class MihomoJsonContext : JsonSerializerContext;
