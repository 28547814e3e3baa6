using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RelayData.Infrastructure;

/// <summary>
/// Stores <see cref="DateTime"/> as UTC and marks values read back as <see cref="DateTimeKind.Utc"/>
/// (SQLite returns <see cref="DateTimeKind.Unspecified"/>). The column type stays TEXT, so the schema is unchanged.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
